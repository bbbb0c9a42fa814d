package dev.sockets.chat.server;

import dev.sockets.common.net.Endpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A registered channel member that reads on its own virtual thread, as a real client does, checking
 * that channel messages {@code m SENDER SEQ} arrive once and in order per sender. Sending is for one test
 * thread at a time; {@link #sync()} is a PING/PONG barrier.
 */
final class ChannelMember implements AutoCloseable {

    final String nick;
    final String channel;
    private final Socket socket;
    private final OutputStream out;
    private final Map<String, Integer> next = new java.util.concurrent.ConcurrentHashMap<>(); // written by the reader
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicReference<String> problem = new AtomicReference<>();
    private final BlockingQueue<String> pongs = new LinkedBlockingQueue<>();
    private final List<String> others = new CopyOnWriteArrayList<>(); // every non-PRIVMSG line after joining
    private final CountDownLatch closed = new CountDownLatch(1);
    private int pingToken;
    private int sent;

    private ChannelMember(Endpoint server, String nick, String channel) throws IOException {
        this.nick = nick;
        this.channel = channel;
        this.socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(server.address(), server.port()), 5000);
        socket.setSoTimeout(20_000);
        this.out = socket.getOutputStream();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        send("NICK " + nick + "\r\nUSER " + nick + " 0 * :" + nick + "\r\nJOIN " + channel);
        String l;
        while ((l = in.readLine()) != null && !l.contains(" 366 ")) {
            // registration burst and JOIN replies
        }
        if (l == null) {
            throw new IOException(nick + ": closed while joining");
        }
        Thread.ofVirtual().name("member-" + nick).start(() -> read(in));
    }

    static ChannelMember join(Endpoint server, String nick, String channel) throws IOException {
        return new ChannelMember(server, nick, channel);
    }

    private void read(BufferedReader in) {
        String marker = " PRIVMSG " + channel + " :m ";
        try {
            String l;
            while ((l = in.readLine()) != null) {
                int at = l.indexOf(marker);
                if (at < 0) {
                    if (l.contains(" PONG ")) {
                        pongs.add(l.substring(l.lastIndexOf(' ') + 1).replace(":", ""));
                    } else {
                        others.add(l);
                    }
                    continue;
                }
                String[] w = l.substring(at + marker.length()).split(" ");
                int seq = Integer.parseInt(w[1]);
                int expected = next.getOrDefault(w[0], 0);
                if (seq != expected || !l.startsWith(":" + w[0] + "!")) {
                    problem.compareAndSet(null, nick + ": expected " + w[0] + " #" + expected + ", got " + l);
                }
                next.put(w[0], seq + 1);
                received.incrementAndGet();
            }
        } catch (IOException | RuntimeException e) {
            others.add("read failed: " + e);
        } finally {
            closed.countDown();
        }
    }

    /** Sends {@code text} + CRLF. */
    void send(String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Sends the next numbered channel message {@code m NICK SEQ padding}. */
    void say(String padding) throws IOException {
        send("PRIVMSG " + channel + " :m " + nick + " " + sent++ + " " + padding);
    }

    int sent() {
        return sent;
    }

    /** PING/PONG barrier: after it, everything this member sent has been processed and fanned out. */
    boolean sync(Duration timeout) throws IOException, InterruptedException {
        String token = nick + "-" + pingToken++;
        send("PING :" + token);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            // short polls, so a connection the server closed ends the wait at once
            String t = pongs.poll(20, TimeUnit.MILLISECONDS);
            if (t != null && t.equals(token)) {
                return true;
            }
            if (t == null && closed.getCount() == 0 && pongs.isEmpty()) {
                return false;
            }
        }
        return false;
    }

    /** Channel messages received (from every sender). */
    int received() {
        return received.get();
    }

    /** Messages received from {@code sender} so far (reader thread's view; stable once the reader ended). */
    int receivedFrom(String sender) {
        return next.getOrDefault(sender, 0);
    }

    /** The first ordering problem seen, or null. */
    String problem() {
        return problem.get();
    }

    /** Lines other than channel messages and PONGs. */
    List<String> others() {
        return others;
    }

    boolean awaitClosed(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
