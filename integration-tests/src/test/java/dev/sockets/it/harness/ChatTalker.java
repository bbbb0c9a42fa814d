package dev.sockets.it.harness;

import dev.sockets.common.net.Endpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One member of a busy channel: registers, joins, then a reader thread takes every line the server sends
 * and checks that the numbered messages of each other member arrive in order with none missing (message
 * {@code n} from a sender only after {@code 0..n-1}), until the server's {@code ERROR} line and close.
 * {@link #say(int)} sends numbered messages of its own. Speaks RFC 2812 only. Reads are bounded (a
 * silent server fails it as stalled). Thread-safe: sends are serialised; closing it closes the socket.
 */
public final class ChatTalker implements AutoCloseable {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern MESSAGE = Pattern.compile("^:([^!\\s]+)!\\S* PRIVMSG (\\S+) :seq (\\d+)$");

    /** How the talk ended: the ERROR line (null if none), lines after it, order violations, and why it ended. */
    public record Ending(String errorLine, int linesAfterError, List<String> violations, String end) { }

    private final String nick;
    private final String channel;
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private final Map<String, Integer> lastFrom = new ConcurrentHashMap<>();
    private final AtomicInteger received = new AtomicInteger();
    private final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<Ending> ending = new CompletableFuture<>();
    private int said;

    private ChatTalker(String nick, String channel, Socket socket) throws IOException {
        this.nick = nick;
        this.channel = channel;
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
    }

    /** Connects, registers as {@code nick}, joins {@code channel}, then starts reading on a virtual thread. */
    public static ChatTalker join(Endpoint server, String nick, String channel) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(server.address(), server.port()), 5000);
        s.setSoTimeout((int) READ_TIMEOUT.toMillis());
        ChatTalker t = new ChatTalker(nick, channel, s);
        try {
            t.send("NICK " + nick);
            t.send("USER " + nick + " 0 * :reliability test " + nick);
            t.readUntil(" 001 " + nick + " ");
            t.send("JOIN " + channel);
            t.readUntil(" 366 " + nick + " " + channel + " ");
        } catch (IOException | RuntimeException | Error e) {
            t.close();
            throw e;
        }
        Thread.ofVirtual().name("chat-talker-" + nick).start(t::readLoop);
        return t;
    }

    public String nick() {
        return nick;
    }

    /** Sends the next {@code count} numbered messages to the channel; returns how many were written. */
    public int say(int count) {
        int sent = 0;
        for (int i = 0; i < count; i++) {
            try {
                send("PRIVMSG " + channel + " :seq " + said);
            } catch (IOException e) {
                return sent; // the server is gone (stopping): what was not written was never accepted
            }
            said++;
            sent++;
        }
        return sent;
    }

    /** Numbered messages from other members received so far. */
    public int received() {
        return received.get();
    }

    /** Messages received from {@code sender}. */
    public int receivedFrom(String sender) {
        return lastFrom.getOrDefault(sender, -1) + 1;
    }

    /** Order or loss problems seen so far (empty when all is well). */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** Waits until the server has closed the connection. */
    public Ending awaitEnding(Duration atMost) {
        try {
            return ending.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(nick + ": connection still open after " + atMost);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    private synchronized void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void readUntil(String text) throws IOException {
        List<String> seen = new ArrayList<>();
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new AssertionError(nick + ": closed while waiting for '" + text + "'; lines seen: " + seen);
            }
            seen.add(line);
            if (line.startsWith("PING ")) {
                send("PONG " + line.substring(5));
            }
            if (line.contains(text)) {
                return;
            }
        }
    }

    private void readLoop() {
        String errorLine = null;
        int afterError = 0;
        String end;
        try {
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    end = "closed";
                    break;
                }
                if (errorLine != null) {
                    afterError++;
                } else if (line.startsWith("ERROR ")) {
                    errorLine = line;
                } else if (line.startsWith("PING ")) {
                    send("PONG " + line.substring(5));
                } else {
                    check(line);
                }
            }
        } catch (SocketTimeoutException e) {
            end = "stalled: nothing from the server for " + READ_TIMEOUT;
        } catch (IOException e) {
            end = "reset: " + e;
        }
        ending.complete(new Ending(errorLine, afterError, violations(), end));
    }

    private void check(String line) {
        Matcher m = MESSAGE.matcher(line);
        if (!m.matches() || !m.group(2).equals(channel)) {
            return; // JOIN, QUIT, NOTICE ...: not part of the numbered talk
        }
        String sender = m.group(1);
        int seq = Integer.parseInt(m.group(3));
        int expected = lastFrom.getOrDefault(sender, -1) + 1;
        if (seq != expected) {
            violations.add(nick + " got seq " + seq + " from " + sender + ", expected " + expected);
        }
        lastFrom.put(sender, seq);
        received.incrementAndGet();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }
}
