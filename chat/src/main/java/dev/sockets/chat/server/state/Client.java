package dev.sockets.chat.server.state;

import dev.sockets.chat.protocol.Capability;
import dev.sockets.chat.protocol.CapabilitySet;
import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.chat.protocol.TaggedLine;
import dev.sockets.chat.protocol.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
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
    private volatile CapabilitySet caps = CapabilitySet.NONE;
    private volatile int capVersion;
    /** The reader thread while it runs a labeled command: what it sends this client is collected. */
    private volatile Thread labelThread;
    private List<TaggedLine> labelled;
    private String labelTag;
    private static final AtomicLong BATCH_IDS = new AtomicLong();
    /** Set when a labeled command's response went out as a labeled batch of its own (CHATHISTORY). */
    private boolean labelAnswered;
    /** Per process (random) and per connection: no two connections of a network share one. */
    private static final String SESSION_PREFIX = Long.toString(java.util.concurrent.ThreadLocalRandom.current()
            .nextLong() >>> 16, 36);
    private static final AtomicLong SESSIONS = new AtomicLong();
    private final String sessionId = SESSION_PREFIX + "-" + Long.toString(SESSIONS.incrementAndGet(), 36);
    private volatile String password;
    private final SaslExchange sasl = new SaslExchange();
    /** The last nick asked for with NICK before registration, taken or not (REGISTER's default name). */
    private volatile String requestedNick;
    /** SHA-256 of the TLS client certificate (lower-case hex), or null: plain connection or no certificate. */
    private volatile String certificateFingerprint;
    private volatile long lastReceivedNanos = System.nanoTime();
    private volatile long pingSentNanos;
    private volatile long signonSeconds;
    /** Nicks this client watches with MONITOR, folded to as given, in the order added (MONITOR L, S). */
    private final java.util.Map<String, String> monitored =
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());
    private volatile long lastSpokeNanos = System.nanoTime();

    /**
     * @param serverName this server's name, the prefix of its numerics
     * @param shownServer the server shown for this user in WHOIS and WHO (the cluster node's name, if any)
     * @param connectedNanos when the connection was accepted (System.nanoTime)
     */
    /** The metadata keys this client subscribed to (METADATA SUB); read by any thread. */
    private final java.util.Set<String> metadataSubs = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The draft/multiline batch being received, or null (reader thread only). */
    private OpenBatch openBatch;

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

    /**
     * Queues a formatted line for this client; never blocks. False when it was dropped. A client that
     * negotiated server-time gets it stamped now; one that negotiated nothing gets these very bytes.
     */
    @Override
    public boolean send(byte[] line) {
        if (labelThread != null && Thread.currentThread() == labelThread) {
            labelled.add(TaggedLine.now(line));
            return true;
        }
        CapabilitySet s = caps;
        if (s.isEmpty() || !s.contains(Capability.SERVER_TIME)) {
            return link.offer(line);
        }
        return link.offer(TaggedLine.now(line).forCaps(s));
    }

    @Override
    public boolean send(byte[] line, Client from) {
        return send(line);
    }

    /** Queues the form of {@code line} this client's capabilities ask for (none, for a TAGMSG without message-tags). */
    @Override
    public boolean send(TaggedLine line, Client from) {
        if (labelThread != null && Thread.currentThread() == labelThread) {
            labelled.add(line);
            return true;
        }
        return deliver(line);
    }

    /**
     * As {@link #send(TaggedLine, Client)} but never part of a labeled response: a message one sends to
     * oneself arrives as any message does, only its echo answers the label.
     */
    public boolean deliver(TaggedLine line) {
        byte[] b = line.forCaps(caps);
        return b == null || link.offer(b);
    }

    /** As {@link #deliver(TaggedLine)} with one more tag ({@code batch=...}, {@code label=...}) first. */
    public boolean deliver(TaggedLine line, String extraTag) {
        byte[] b = extraTag == null ? line.forCaps(caps) : line.forCaps(caps, extraTag);
        return b == null || link.offer(b);
    }

    /** The metadata keys it subscribed to (METADATA SUB, UNSUB); bounded by its caller. */
    public java.util.Set<String> metadataSubs() {
        return metadataSubs;
    }

    /** Whether it hears of changes of {@code key}: it negotiated draft/metadata-3 and subscribed to the key. */
    public boolean subscribes(String key) {
        return has(Capability.METADATA) && metadataSubs.contains(key);
    }

    /** The multiline batch this client has open, or null; its reader thread only. */
    public OpenBatch openBatch() {
        return openBatch;
    }

    public void setOpenBatch(OpenBatch batch) {
        openBatch = batch;
    }

    /**
     * Starts collecting what this client's own thread sends it, the response to a command labeled
     * {@code label} (labeled-response); {@link #endLabel} sends it, labeled. Reader thread only.
     */
    public void beginLabel(String label) {
        labelled = new ArrayList<>();
        labelAnswered = false;
        labelTag = "label=" + Tags.escape(label);
        labelThread = Thread.currentThread();
    }

    /**
     * Sends the response collected since {@link #beginLabel}: nothing becomes a labeled ACK, one line gets
     * the label, more lines go in a labeled-response batch (or unlabeled without the batch capability).
     */
    public void endLabel() {
        labelThread = null;
        List<TaggedLine> lines = labelled;
        String label = labelTag;
        labelled = null;
        CapabilitySet s = caps;
        if (lines.isEmpty() && labelAnswered) {
            return;
        }
        if (lines.isEmpty()) {
            offer(TaggedLine.now(IrcLine.format(serverName, "ACK", false)).forCaps(s, label));
        } else if (lines.size() == 1) {
            offer(lines.get(0).forCaps(s, label));
        } else if (!s.contains(Capability.BATCH)) {
            lines.forEach(this::deliver);
        } else {
            String id = Long.toString(BATCH_IDS.incrementAndGet(), 36);
            offer(TaggedLine.now(IrcLine.format(serverName, "BATCH", false, "+" + id, "labeled-response"))
                    .forCaps(s, label));
            for (TaggedLine l : lines) {
                offer(l.forCaps(s, "batch=" + id));
            }
            offer(TaggedLine.now(IrcLine.format(serverName, "BATCH", false, "-" + id)).forCaps(s));
        }
    }

    /**
     * Sends {@code lines} as one batch of {@code type} ({@code BATCH +id type params...}, each line tagged
     * {@code batch=id}, {@code BATCH -id}); to a client without the batch capability, the lines alone. When
     * this is the whole response to a labeled command, the batch carries the label.
     */
    public void sendBatch(String type, List<TaggedLine> lines, String... params) {
        CapabilitySet s = caps;
        boolean labelling = labelThread != null && Thread.currentThread() == labelThread;
        if (!s.contains(Capability.BATCH)) {
            if (labelling) {
                labelled.addAll(lines);
            } else {
                lines.forEach(this::deliver);
            }
            return;
        }
        String id = Long.toString(BATCH_IDS.incrementAndGet(), 36);
        String[] open = new String[params.length + 2];
        open[0] = "+" + id;
        open[1] = type;
        System.arraycopy(params, 0, open, 2, params.length);
        TaggedLine start = TaggedLine.now(IrcLine.format(serverName, "BATCH", false, open));
        if (labelling && labelled.isEmpty()) {
            offer(start.forCaps(s, labelTag));
            labelAnswered = true;
        } else {
            offer(start.forCaps(s));
        }
        for (TaggedLine l : lines) {
            offer(l.forCaps(s, "batch=" + id));
        }
        offer(TaggedLine.now(IrcLine.format(serverName, "BATCH", false, "-" + id)).forCaps(s));
    }

    /** Who this connection is, unique across the network and never reused (history of a user not logged in). */
    public String sessionId() {
        return sessionId;
    }

    private void offer(byte[] b) {
        if (b != null) {
            link.offer(b);
        }
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
            this.signonSeconds = System.currentTimeMillis() / 1000;
            this.lastSpokeNanos = System.nanoTime();
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

    /** The capabilities this client enabled (CAP REQ): replaced as a whole, read by any thread. */
    public CapabilitySet caps() {
        return caps;
    }

    public boolean has(Capability c) {
        return caps.contains(c);
    }

    /** Replaces the enabled capabilities (on the client's reader thread: one CAP REQ at a time). */
    public void setCaps(CapabilitySet set) {
        this.caps = set;
    }

    /** The highest CAP LS version the client announced (0: none, 301: plain {@code CAP LS}, 302...). */
    public int capVersion() {
        return capVersion;
    }

    public void setCapVersion(int version) {
        this.capVersion = Math.max(capVersion, version);
    }

    public String password() {
        return password;
    }

    public void setPassword(String p) {
        this.password = p;
    }

    /** The last nick this client asked for before registering (given or refused), or null. */
    public String requestedNick() {
        return requestedNick;
    }

    public void setRequestedNick(String nick) {
        this.requestedNick = nick;
    }

    /** The SASL conversation of this connection (reader thread only). */
    public SaslExchange sasl() {
        return sasl;
    }

    /** SHA-256 of the TLS client certificate this client presented (lower-case hex), or null. */
    public String certificateFingerprint() {
        return certificateFingerprint;
    }

    /** Set once by the session, before the first line is read. */
    public void setCertificateFingerprint(String fingerprint) {
        this.certificateFingerprint = fingerprint;
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

    /** The nicks this client MONITORs: folded nick to the nick as it gave it. */
    public java.util.Map<String, String> monitored() {
        return monitored;
    }

    /** The nicks this client MONITORs as it gave them, in the order added: a snapshot. */
    public java.util.List<String> monitoredNicks() {
        synchronized (monitored) {
            return java.util.List.copyOf(monitored.values());
        }
    }

    /** When it registered, epoch seconds (WHOIS 317). */
    public long signonSeconds() {
        return signonSeconds;
    }

    /** Seconds since it last sent a message (PRIVMSG, NOTICE) or registered: WHOIS 317, WHOX {@code l}. */
    public long idleSeconds() {
        return java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - lastSpokeNanos);
    }

    /** It sent a message: no longer idle. */
    public void spoke() {
        lastSpokeNanos = System.nanoTime();
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
