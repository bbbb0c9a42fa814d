package dev.sockets.chat.server;

import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.common.tcp.Connection;
import java.io.IOException;
import java.net.Inet6Address;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One connected user: identity (nick, user, host), registration state, channels, and its
 * {@link Outbox}.
 *
 * <p>Threading: the session fields (nick, user, registration, away, modes) are written by the client's
 * own reader thread, and the nick also under the {@link Registry} lock; all are volatile so any thread
 * may read them. {@link #send} may be called from any thread and never blocks. {@link #disconnect} may be
 * called from any thread, only the first call counts: it queues the final {@code ERROR} line and wakes
 * the reader, which then removes the client from the registry (telling its peers) and returns, after
 * which the server closes the socket.
 */
public final class Client extends User {

    private final Connection connection;
    private final ChatServer server;
    private final Outbox outbox;
    private final long connectedNanos;
    /** Why and with which QUIT message the client leaves, set once: one value, so no reader sees half of it. */
    private record Leaving(Departure why, String quitMessage) { }

    private final AtomicReference<Leaving> leavingAs = new AtomicReference<>();
    private final CountDownLatch leaving = new CountDownLatch(1);

    private volatile boolean registered;
    private volatile boolean capNegotiating;
    private volatile String password;
    private volatile long lastReceivedNanos = System.nanoTime();
    private volatile long pingSentNanos;

    /** @param connectedNanos when the connection was accepted (System.nanoTime) */
    Client(Connection connection, ChatServer server, long connectedNanos) {
        super(hostOf(connection));
        this.connection = connection;
        this.server = server;
        this.connectedNanos = connectedNanos;
        this.outbox = new Outbox(connection, server.config().sendQueueBytes(),
                () -> disconnect(Departure.SENDQ, "SendQ exceeded", "SendQ exceeded", true),
                () -> disconnect(Departure.CONNECTION_LOST, "Connection reset by peer", null, true));
    }

    private static String hostOf(Connection connection) {
        String h = connection.remote().address().getHostAddress();
        if (connection.remote().address() instanceof Inet6Address && h.indexOf('%') >= 0) {
            h = h.substring(0, h.indexOf('%'));
        }
        // A host starting with ':' would end a prefix early in every client's parser.
        return h.startsWith(":") ? "0" + h : h;
    }

    /** Queues a formatted line for this client; never blocks. False when it was dropped. */
    @Override
    public boolean send(byte[] line) {
        if (outbox.offer(line)) {
            server.countOut(1);
            return true;
        }
        return false;
    }

    @Override
    public boolean send(byte[] line, Client from) {
        return send(line);
    }

    @Override
    public boolean isLocal() {
        return true;
    }

    @Override
    public String serverName() {
        String node = server.network().nodeName();
        return node != null ? node : server.config().serverName();
    }

    /** Sends a numeric reply from the server: {@code :server CODE nick params... :last}. */
    public void numeric(String code, String... params) {
        String[] all = new String[params.length + 1];
        all[0] = nickOrStar();
        System.arraycopy(params, 0, all, 1, params.length);
        send(IrcLine.formatTrailing(server.config().serverName(), code, all));
    }

    /** Sends {@code :server COMMAND params...} (last parameter trailing). */
    public void fromServer(String command, String... params) {
        send(IrcLine.formatTrailing(server.config().serverName(), command, params));
    }

    /**
     * Ends the session. Only the first call counts: it records why, queues {@code ERROR :text} (after the
     * lines already queued, or instead of them when {@code dropPending}), and wakes the reader, which
     * tells the peers {@code QUIT :quitMessage} and closes.
     *
     * @param errorText text of the ERROR line, or null to send none
     */
    public void disconnect(Departure why, String quitMessage, String errorText, boolean dropPending) {
        if (!leavingAs.compareAndSet(null, new Leaving(why, quitMessage == null ? "Client exited" : quitMessage))) {
            return;
        }
        outbox.close(errorText == null ? null : IrcLine.formatTrailing(null, "ERROR", errorText), dropPending);
        leaving.countDown();
        closeInput();
    }

    /**
     * Waits up to {@code nanos} (flood control's fakelag) unless the client is told to leave meanwhile.
     *
     * @return true when it is leaving
     */
    boolean awaitLeaving(long nanos) throws InterruptedException {
        return leaving.await(nanos, TimeUnit.NANOSECONDS);
    }

    /** {@code Closing link: host (reason)}, the ERROR text for a client we drop. */
    public String closingLink(String reason) {
        return "Closing link: " + host() + " (" + reason + ")";
    }

    /** Why the client is leaving, or null while it is not. */
    public Departure departure() {
        Leaving l = leavingAs.get();
        return l == null ? null : l.why();
    }

    public boolean isLeaving() {
        return leavingAs.get() != null;
    }

    public String quitMessage() {
        Leaving l = leavingAs.get();
        return l == null ? null : l.quitMessage();
    }

    public Connection connection() {
        return connection;
    }

    Outbox outbox() {
        return outbox;
    }

    public ChatServer server() {
        return server;
    }

    /** Sets USER's fields (before registration). */
    public void setUser(String user, String realName) {
        setUserFields(user, realName);
    }

    @Override
    public boolean isRegistered() {
        return registered;
    }

    /**
     * Marks the client registered (once, on its reader thread): frees its unregistered slot and introduces
     * it to the rest of the network.
     */
    public void setRegistered() {
        if (!registered) {
            this.registered = true;
            server.registered(this);
        }
    }

    /** CAP LS was sent and CAP END not yet: registration waits. */
    public boolean isCapNegotiating() {
        return capNegotiating;
    }

    public void setCapNegotiating(boolean on) {
        this.capNegotiating = on;
    }

    public String password() {
        return password;
    }

    public void setPassword(String p) {
        this.password = p;
    }

    public long connectedNanos() {
        return connectedNanos;
    }

    public long lastReceivedNanos() {
        return lastReceivedNanos;
    }

    void received() {
        lastReceivedNanos = System.nanoTime();
        pingSentNanos = 0;
    }

    long pingSentNanos() {
        return pingSentNanos;
    }

    void pingSent(long now) {
        pingSentNanos = now;
    }

    /**
     * Wakes the reader blocked in a read by ending the input. Over TLS 1.2 the end of input makes the TLS
     * layer answer with its own close_notify and refuse any later write, which would lose the final ERROR
     * line: there, the input ends only once the writer has flushed (or the flush time is up).
     */
    private void closeInput() {
        if (!connection.isLayered()) {
            shutdownInput();
            return;
        }
        Thread.ofVirtual().name("chat-wake-" + connection.remote()).start(() -> {
            try {
                outbox.awaitFinished(server.config().quitFlush());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            shutdownInput();
        });
    }

    private void shutdownInput() {
        try {
            connection.channel().shutdownInput();
        } catch (IOException | RuntimeException e) {
            // already closed: the reader is waking up anyway
        }
    }

    @Override
    public String toString() {
        return prefix() + " from " + connection.remote();
    }
}
