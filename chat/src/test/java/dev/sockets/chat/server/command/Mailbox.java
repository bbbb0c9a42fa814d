package dev.sockets.chat.server.command;

import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.Link;
import dev.sockets.chat.server.state.Registry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A local client's transport in a handler test: the lines it would be sent are kept in order, and the
 * end of its connection is recorded. No socket, no thread. Thread-safe, so tests of the cluster parts,
 * whose threads send NOTICEs, use it too.
 */
public final class Mailbox implements Link {

    private final List<String> lines = new ArrayList<>();
    private final Registry registry;
    private String lastLine;
    private boolean closed;

    public Mailbox(Registry registry) {
        this.registry = registry;
    }

    @Override
    public synchronized boolean offer(byte[] line) {
        if (closed) {
            return false;
        }
        lines.add(text(line));
        return true;
    }

    @Override
    public synchronized void close(byte[] last, boolean dropPending) {
        if (dropPending) {
            lines.clear();
        }
        closed = true;
        lastLine = last == null ? null : text(last);
    }

    @Override
    public void registered(Client client) {
        registry.introduced(client);
    }

    /** The lines received since the last call, without CRLF. */
    public synchronized List<String> take() {
        List<String> out = List.copyOf(lines);
        lines.clear();
        return out;
    }

    public synchronized boolean closed() {
        return closed;
    }

    public synchronized String lastLine() {
        return lastLine;
    }

    public static IrcLine line(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return IrcLine.parse(b, 0, b.length);
    }

    private static String text(byte[] line) {
        String s = new String(line, StandardCharsets.UTF_8);
        return s.endsWith("\r\n") ? s.substring(0, s.length() - 2) : s;
    }
}
