package dev.sockets.chat.server.state;

import dev.sockets.chat.protocol.IrcLine;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One user connected to this server: identity (nick, user, host), registration state, channels, liveness,
 * and the {@link Link} its lines go out on (the transport itself lives in the session layer).
 *
 * <p>Threading: the session fields (nick, user, registration, away, modes) are written by the client's
 * own reader thread, and the nick also under the {@link Registry} lock; all are volatile so any thread
 * may read them. {@link #send} may be called from any thread and never blocks. {@link #disconnect} may be
 * called from any thread, only the first call counts: it queues the final {@code ERROR} line and wakes
 * the reader, which then removes the client from the registry (telling its peers) and returns, after
 * which the server closes the socket.
 */
public final class Client extends User {

    private final String serverName;
    private final String shownServer;
    private final long connectedNanos;
    private volatile Link link;
    /** Why and with which QUIT message the client leaves, set once: one value, so no reader sees half of it. */
    private record Leaving(Departure why, String quitMessage) { }

    private final AtomicReference<Leaving> leavingAs = new AtomicReference<>();
    private final CountDownLatch leaving = new CountDownLatch(1);

    private volatile boolean registered;
    private volatile boolean capNegotiating;
    private volatile String password;
    private volatile long lastReceivedNanos = System.nanoTime();
    private volatile long pingSentNanos;

    /**
     * @param serverName this server's name, the prefix of its numerics
     * @param shownServer the server shown for this user in WHOIS and WHO (the cluster node's name, if any)
     * @param connectedNanos when the connection was accepted (System.nanoTime)
     */
    public Client(String host, String serverName, String shownServer, long connectedNanos) {
        super(host);
        this.serverName = serverName;
        this.shownServer = shownServer;
        this.connectedNanos = connectedNanos;
    }

    /** Connects this client to its transport, once, before any line is sent. */
    public void attach(Link l) {
        if (link != null) {
            throw new IllegalStateException("already attached");
        }
        this.link = l;
    }

    /** Bytes queued for this client and not yet written (0 before it has a link). */
    public int queuedBytes() {
        Link l = link;
        return l == null ? 0 : l.queuedBytes();
    }

    /** Queues a formatted line for this client; never blocks. False when it was dropped. */
    @Override
    public boolean send(byte[] line) {
        return link.offer(line);
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
        return shownServer;
    }

    /** Sends a numeric reply from the server: {@code :server CODE nick params... :last}. */
    public void numeric(String code, String... params) {
        send(numericLine(code, params));
    }

    /** The line {@link #numeric} would send, for a {@link ReplySource}. */
    public byte[] numericLine(String code, String... params) {
        String[] all = new String[params.length + 1];
        all[0] = nickOrStar();
        System.arraycopy(params, 0, all, 1, params.length);
        return IrcLine.formatTrailing(serverName, code, all);
    }

    /**
     * Queues a long reply produced as this client reads it (LIST, WHO, NAMES): however long, it never
     * overflows the send queue; the client's next command runs once the reply is complete.
     */
    public void stream(ReplySource source) {
        link.stream(source);
    }

    /** Sends {@code :server COMMAND params...} (last parameter trailing). */
    public void fromServer(String command, String... params) {
        send(IrcLine.formatTrailing(serverName, command, params));
    }

    /**
     * Ends the session. Only the first call counts: it records why, queues {@code ERROR :text} (after the
     * lines already queued, or instead of them when {@code dropPending}), and wakes the reader, which
     * tells the peers {@code QUIT :quitMessage} and closes.
     *
     * @param errorText text of the ERROR line, or null to send none
     */
    public void disconnect(Departure why, String quitMessage, String errorText, boolean dropPending) {
        if (link == null) {
            throw new IllegalStateException("a client must be attached to its link before it can leave");
        }
        if (!leavingAs.compareAndSet(null, new Leaving(why, quitMessage == null ? "Client exited" : quitMessage))) {
            return;
        }
        try {
            link.close(errorText == null ? null : IrcLine.formatTrailing(null, "ERROR", errorText), dropPending);
        } finally {
            leaving.countDown();
        }
    }

    /**
     * Waits up to {@code nanos} (flood control's fakelag) unless the client is told to leave meanwhile.
     *
     * @return true when it is leaving
     */
    public boolean awaitLeaving(long nanos) throws InterruptedException {
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
            link.registered(this);
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

    public void received() {
        lastReceivedNanos = System.nanoTime();
        pingSentNanos = 0;
    }

    public long pingSentNanos() {
        return pingSentNanos;
    }

    public void pingSent(long now) {
        pingSentNanos = now;
    }

    @Override
    public String toString() {
        return prefix();
    }
}
