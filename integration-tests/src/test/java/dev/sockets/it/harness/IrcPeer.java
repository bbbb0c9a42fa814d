package dev.sockets.it.harness;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.testing.LineClient;
import java.io.IOException;
import java.time.Duration;

/**
 * A raw IRC peer for the tests: a {@link LineClient} (bounded waits) that registers, joins and uses a
 * PING/PONG round trip as a barrier. Speaks only RFC 2812 so it works against our server and ngIRCd
 * alike. Not thread-safe; closing it closes the connection.
 */
public final class IrcPeer implements AutoCloseable {

    private final LineClient line;
    private final String nick;
    private int pings;
    private java.util.function.Supplier<String> context = () -> "";

    private IrcPeer(LineClient line, String nick) {
        this.line = line;
        this.nick = nick;
    }

    /** Connects, sends NICK and USER and waits for 001 RPL_WELCOME. */
    public static IrcPeer register(Endpoint server, String nick) throws IOException {
        LineClient c = LineClient.connect(server).timeout(Duration.ofSeconds(10));
        IrcPeer peer = new IrcPeer(c, nick);
        c.send("NICK " + nick).send("USER " + nick + " 0 * :integration test peer " + nick);
        c.readUntil(l -> l.matches("^:\\S+ 001 " + java.util.regex.Pattern.quote(nick) + " .*"), "001 RPL_WELCOME");
        return peer;
    }

    /** JOIN and wait for the end of the names list (366). */
    public IrcPeer join(String channel) throws IOException {
        line.send("JOIN " + channel);
        line.readUntil(l -> l.contains(" 366 " + nick + " " + channel), "366 end of NAMES for " + channel);
        return this;
    }

    public IrcPeer send(String raw) throws IOException {
        line.send(raw);
        return this;
    }

    /**
     * Adds {@code context} (e.g. the other client's output or screen) to every failure of a wait, so a
     * message that never arrives can be explained.
     */
    public IrcPeer explainWith(java.util.function.Supplier<String> context) {
        this.context = context;
        return this;
    }

    /** Reads lines until one contains {@code text}; fails after the timeout with every line seen. */
    public String await(String text) throws IOException {
        try {
            return line.readUntilContains(text);
        } catch (AssertionError e) {
            throw new AssertionError(nick + ": " + e.getMessage() + "\n" + context.get(), e);
        }
    }

    /** A PING/PONG round trip: everything the server received from us before it has been processed. */
    public void barrier() throws IOException {
        String token = "barrier-" + (++pings);
        line.send("PING :" + token);
        line.readUntil(l -> l.contains("PONG") && l.endsWith(token), "PONG " + token);
    }

    public LineClient line() {
        return line;
    }

    @Override
    public void close() throws IOException {
        line.close();
    }
}
