package dev.sockets.chat.server;

import dev.sockets.chat.server.command.CommandContext;
import dev.sockets.chat.server.command.CommandTable;
import dev.sockets.chat.server.command.HeardMessages;
import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.network.Network;
import dev.sockets.chat.server.session.ChatTls;
import dev.sockets.chat.server.session.Session;
import dev.sockets.chat.server.session.TlsHandshake;
import dev.sockets.chat.server.web.WebConfig;
import dev.sockets.chat.server.web.WebListener;
import dev.sockets.chat.server.account.AccountService;
import dev.sockets.chat.server.account.SqlAccounts;
import dev.sockets.chat.server.account.SqlChannelRegistrations;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.Departure;
import dev.sockets.chat.server.state.Registry;
import dev.sockets.chat.server.state.Replica;
import dev.sockets.chat.server.store.History;
import dev.sockets.chat.server.store.HistoryPolicy;
import dev.sockets.chat.server.store.HistoryWriter;
import dev.sockets.chat.server.store.Store;
import dev.sockets.chat.server.store.StoreLocation;
import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.common.limit.AddressRateLimiter;
import dev.sockets.common.limit.AddressSlots;
import dev.sockets.common.net.BindFailure;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Limits;
import dev.sockets.common.server.Refusal;
import dev.sockets.common.server.Server;
import dev.sockets.common.server.ServerStats;
import dev.sockets.common.server.Watchdog;
import dev.sockets.common.tcp.Connection;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IRC-subset chat server: a {@code common} {@link Server} named {@code chat} whose connections each
 * run a client session, plus the shared {@link Registry} and the command table; registration and ping
 * timeouts are a check on the server's one watchdog thread, as are TLS handshake deadlines.
 *
 * <p>Listeners: plain TCP, and optionally TLS ({@link ChatTls}) in the same server, whose connections
 * first complete a TLS handshake and then run the same session. Connections that have not registered
 * yet (a TLS handshake in progress counts) are limited separately ({@link ChatConfig#maxUnregistered()}),
 * so idle or slow connections (slowloris) cannot take every slot; the excess gets
 * {@code ERROR :Too many unregistered connections} (on the TLS port: closed without a handshake). A TLS
 * handshake must complete within the registration timeout; a failed one is logged at DEBUG.
 *
 * <p>Lifecycle: {@link #start()} binds; {@link #server()} is what {@code ServerRunner} runs and stops.
 * When the server stops, every client gets a NOTICE and {@code ERROR :Server shutting down}, their
 * queues flush within the grace period, then the sockets close. Thread-safe.
 */
public final class ChatServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChatServer.class);
    private static final byte[] TOO_MANY_UNREGISTERED =
            "ERROR :Too many unregistered connections\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final long[] FANOUT_BUCKETS = {0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000};

    /** Replaced only by {@link #reconfigure}, which changes nothing a connected client was told. */
    private volatile ChatConfig config;
    private final Server server;
    private final Network network;
    private final Registry registry;
    private final Replica replica;
    private final CommandTable commands;
    private final Session.Services sessions;
    private final ServerStats stats = new ServerStats("chat");
    private final LongAdder messagesIn = stats.counter("messages_in");
    private final LongAdder messagesOut = stats.counter("messages_out");
    private final Instant created = Instant.now();
    private final String version = "sockets-" + dev.sockets.common.cli.Cli.version();
    private final ChatTls tls;
    private final AtomicInteger unregistered = new AtomicInteger();
    private volatile WebClients web;
    private final AddressSlots unregisteredPerIp;
    /** The address holding each unregistered session's per-IP slot, until it registers or ends. */
    private final Map<Client, InetAddress> unregisteredFrom = new ConcurrentHashMap<>();
    private final AddressRateLimiter tlsHandshakeRate;
    private final LongAdder refusedUnregistered = stats.counter("refused_unregistered");
    private final LongAdder refusedUnregisteredPerIp = stats.counter("refused_unregistered_ip");
    private final LongAdder refusedTlsRate = stats.counter("refused_tls_rate");
    private final LongAdder tlsFailures = stats.counter("tls_handshake_failures");
    private final Set<Connection> handshaking = ConcurrentHashMap.newKeySet();
    /** Shares the server's bound on refusals lingering at once. */
    private final Refusal tooManyUnregistered;
    /** The database, or null when the server keeps nothing ({@code --store none}). */
    private final Store store;
    private final HistoryWriter historyWriter;
    private final History history;

    /**
     * A plain-TCP chat server.
     *
     * @param statsInterval how often to log the stats line (null: only when stopped)
     */
    public ChatServer(ChatConfig config, Endpoint endpoint, Limits limits, Duration statsInterval) {
        this(config, endpoint, null, limits, statsInterval, Network.SINGLE);
    }

    /** A chat server on its own (no cluster) with a plain and, unless {@code tls} is null, a TLS listener. */
    public ChatServer(ChatConfig config, Endpoint endpoint, ChatTls tls, Limits limits, Duration statsInterval) {
        this(config, endpoint, tls, limits, statsInterval, Network.SINGLE);
    }

    /**
     * A chat server with a plain listener on {@code endpoint} and, unless {@code tls} is null, a TLS
     * listener; the limits apply to both together. It joins {@code network} once bound, before it accepts
     * anyone, and leaves it first when it stops.
     *
     * @param statsInterval how often to log the stats line (null: only when stopped)
     * @param network {@link Network#SINGLE} for a server on its own, or a cluster's
     */
    public ChatServer(ChatConfig config, Endpoint endpoint, ChatTls tls, Limits limits, Duration statsInterval,
                      Network network) {
        this(config, endpoint, tls, limits, statsInterval, network, null, HistoryPolicy.DEFAULT);
    }

    /** As below, with the default history policy. */
    public ChatServer(ChatConfig config, Endpoint endpoint, ChatTls tls, Limits limits, Duration statsInterval,
                      Network network, Store store) {
        this(config, endpoint, tls, limits, statsInterval, network, store, HistoryPolicy.DEFAULT);
    }

    /**
     * {@link #ChatServer(ChatConfig, Endpoint, ChatTls, Limits, Duration, Network)} keeping what it stores in
     * {@code store} (null: nothing is kept, no history), which it closes when it has stopped: the history
     * of messages as {@code policy} says.
     */
    public ChatServer(ChatConfig config, Endpoint endpoint, ChatTls tls, Limits limits, Duration statsInterval,
                      Network network, Store store, HistoryPolicy policy) {
        this.config = config;
        this.store = store;
        this.historyWriter = store == null ? null
                : new HistoryWriter(store, policy.buffer(), policy.maxAge(), policy.maxPerTarget(), stats);
        this.history = store == null ? History.OFF : History.of(store, historyWriter, policy.joinReplay());
        this.tls = tls;
        this.unregisteredPerIp = new AddressSlots(config.maxUnregisteredPerIp());
        this.tlsHandshakeRate = config.tlsHandshakesPerIp() == 0 ? null : new AddressRateLimiter(
                config.tlsHandshakesPerIp(), (int) Math.max(1, Math.ceil(2 * config.tlsHandshakesPerIp())), false);
        this.network = network;
        this.registry = new Registry(network);
        this.replica = new Replica(registry, config.serverName());
        CommandContext context = new CommandContext(this::config, registry, network, created, version,
                store == null ? AccountService.NONE
                        : new AccountService(new SqlAccounts(store.dataSource()),
                                new SqlChannelRegistrations(store.dataSource()),
                                this::deadline), history);
        this.commands = CommandTable.standard(context);
        if (store != null && network != Network.SINGLE && store.location() instanceof StoreLocation.Embedded) {
            // A store of this node's own also keeps what the others said; a shared one has it from them.
            replica.onHeard(new HeardMessages(context));
        }
        String shownServer = network.nodeName() != null ? network.nodeName() : config.serverName();
        this.sessions = new Session.Services(this::config, registry, commands::dispatch, stats, shownServer,
                this::isStopping, messagesIn::increment, messagesOut::add, this::registered);
        stats.gauge("clients", registry::clientCount);
        stats.gauge("unregistered", unregistered::get);
        stats.gauge("channels", registry::channelCount);
        for (Departure d : Departure.values()) {
            stats.counter(d.counterName());
            stats.describe(d.counterName(), "Clients that left or were dropped for the reason "
                    + d.name().toLowerCase(java.util.Locale.ROOT) + ".");
        }
        stats.describe("clients", "Clients connected to this server, registered or not.");
        stats.describe("unregistered", "Connections not registered yet (TLS handshakes included).");
        stats.describe("channels", "Channels open on the network as this server knows it.");
        stats.describe("messages_in", "Lines received from clients.");
        stats.describe("messages_out", "Lines queued to clients.");
        stats.describe("refused_unregistered", "Connections refused by the limit on unregistered connections.");
        stats.describe("tls_handshake_failures", "TLS handshakes that failed or timed out.");
        network.addStats(stats);
        // Metrics only (not in the stats line): read lock-free when scraped, recorded once per channel message.
        ServerStats.Distribution fanOut = stats.distribution("fanout_deliveries",
                "Local members a channel message was queued to, per message.", FANOUT_BUCKETS);
        registry.onFanOut(fanOut::record);
        stats.currentDistribution("sendq_bytes", "Bytes queued for each connected client and not yet written.",
                () -> registry.clients().stream().mapToLong(Client::queuedBytes), sendqBuckets(config.sendQueueBytes()));
        Server.Builder builder = Server.builder("chat").tcp(endpoint, connection -> serve(connection, false));
        if (tls != null) {
            builder.tcp(tls.endpoint(), connection -> serve(connection, true), "tls");
        }
        this.server = builder
                .limits(limits.refusingWhileStoppingWith("ERROR :Server shutting down\r\n")) // as a client then connected
                .notAdoptable("web", "the web listener cannot take a passed socket (it binds --web-port itself); "
                        + "remove it from the socket unit")
                .statsInterval(statsInterval)
                .stats(stats)
                .onBound(() -> network.start(replica))
                .onBound(() -> Optional.ofNullable(web).ifPresent(WebClients::start))
                .onStopping(this::shuttingDown)
                .every("chat timeouts", Watchdog.tickFor(config.registerTimeout(), config.pingInterval(),
                        config.pingTimeout()), this::enforceTimeouts)
                .onStopped(() -> {
                    if (web != null) {
                        web.stop(Refusal.LINGER); // before the store closes: their sessions may still write
                    }
                })
                .onStopped(this::closeStore)
                .build();
        this.tooManyUnregistered = server.refusal(TOO_MANY_UNREGISTERED);
    }

    /**
     * One connection, plain or TLS, on its own virtual thread: admission against the unregistered limit,
     * the TLS handshake if any, then the session. The unregistered slot is given back at registration
     * ({@link #registered(Client)}) or, for a connection that never registered, here at the end.
     */
    private void serve(Connection connection, boolean overTls) throws IOException {
        long connectedNanos = System.nanoTime();
        InetAddress ip = connection.remote().address();
        if (overTls && tlsHandshakeRate != null && !tlsHandshakeRate.tryAcquire(ip, connectedNanos)) {
            // Before any handshake work: a flood of ClientHellos from one address costs almost nothing.
            refusedTlsRate.increment();
            log.debug("chat: refusing {}: over {} TLS handshakes a second from one address", connection.remote(),
                    config.tlsHandshakesPerIp());
            return;
        }
        if (!admitUnregistered(ip, connection.remote())) {
            if (!overTls) {
                tooManyUnregistered.refuse(connection);
            }
            return;
        }
        if (overTls && !handshake(connection)) {
            releaseUnregistered(ip);
            return;
        }
        runSession(new Session(sessions, connection, connectedNanos), ip);
    }

    /**
     * Takes an unregistered slot, under both limits, for a connection from {@code ip}; false (counted and
     * logged) when refused.
     */
    boolean admitUnregistered(InetAddress ip, Object remote) {
        int max = config.maxUnregistered();
        if (unregistered.incrementAndGet() > max && max > 0) {
            unregistered.decrementAndGet();
            refusedUnregistered.increment();
            log.debug("chat: refusing {}: too many unregistered connections ({})", remote, max);
            return false;
        }
        if (!unregisteredPerIp.tryAcquire(ip)) {
            unregistered.decrementAndGet();
            refusedUnregisteredPerIp.increment();
            log.debug("chat: refusing {}: too many unregistered connections from one address ({})",
                    remote, unregisteredPerIp.perAddress());
            return false;
        }
        return true;
    }

    private void releaseUnregistered(InetAddress ip) {
        unregistered.decrementAndGet();
        unregisteredPerIp.release(ip);
    }

    /** Runs a session admitted from {@code ip}; its slot is given back at registration or, failing that, here. */
    void runSession(Session session, InetAddress ip) {
        unregisteredFrom.put(session.client(), ip);
        try {
            session.run();
        } finally {
            if (unregisteredFrom.remove(session.client()) != null) {
                releaseUnregistered(ip); // never registered: both slots are still held
            }
        }
    }

    Session.Services sessions() {
        return sessions;
    }

    /** Serves the web listener too ({@code --web-port}; before starting): its clients are admitted as TCP ones. */
    public ChatServer withWeb(WebConfig webConfig) {
        web = new WebClients(this, webConfig);
        return this;
    }

    /** The web listener, or null without one. */
    public WebListener web() {
        return web == null ? null : web.listener();
    }

    /** Runs {@code task} once after {@code delay} on the server's watchdog (nick protection's grace period). */
    private void deadline(Duration delay, Runnable task) {
        server.deadline(delay, task);
    }

    /** The TLS handshake, within the registration timeout; false (logged at DEBUG) when it failed. */
    private boolean handshake(Connection connection) {
        Duration limit = config.registerTimeout();
        handshaking.add(connection);
        ScheduledFuture<?> deadline = null;
        try {
            deadline = server.deadline(limit, connection::abort);
        } catch (RejectedExecutionException e) {
            // stopped: the per-read timeout below still bounds it
        }
        try {
            if (server.isStopping()) {
                return false;
            }
            TlsHandshake.serverSide(connection, tls.context(), limit);
            return true;
        } catch (IOException | RuntimeException e) {
            // RuntimeException: the JDK's TLS stack throws some for malformed records from the peer
            tlsFailures.increment();
            log.debug("chat: TLS handshake with {} failed: {}", connection.remote(), e.toString());
            return false;
        } finally {
            if (deadline != null) {
                deadline.cancel(false);
            }
            handshaking.remove(connection);
        }
    }

    /** Send-queue buckets up to the limit a client is dropped at: 0, 64 bytes, then each 4 times the last. */
    static long[] sendqBuckets(int limit) {
        List<Long> b = new java.util.ArrayList<>(List.of(0L));
        for (long v = 64; v < limit; v *= 4) {
            b.add(v);
        }
        b.add((long) limit);
        return b.stream().mapToLong(Long::longValue).toArray();
    }

    private boolean isStopping() {
        return server.isStopping();
    }

    /**
     * A client completed registration (called once, on its reader thread): its unregistered slot is free
     * and the network hears of it.
     */
    private void registered(Client c) {
        InetAddress ip = unregisteredFrom.remove(c);
        if (ip != null) {
            unregisteredPerIp.release(ip);
        }
        unregistered.decrementAndGet();
        registry.introduced(c);
    }

    /** Connections not registered yet, TLS handshakes in progress included. */
    public int unregisteredCount() {
        return unregistered.get();
    }

    /**
     * Binds and starts serving; returns the bound endpoint. Starting {@link #server()} directly (as
     * {@code ServerRunner} does) is equivalent.
     */
    public Endpoint start() throws BindFailure {
        return server.start().get(0);
    }

    /** The bound TLS endpoint once started, or null when there is no TLS listener (or not started). */
    public Endpoint tlsEndpoint() {
        List<Endpoint> bound = server.tcpEndpoints();
        return tls == null || bound.size() < 2 ? null : bound.get(1);
    }

    /** The underlying server (for {@code ServerRunner}, endpoints, stats). */
    public Server server() {
        return server;
    }

    public ChatConfig config() {
        return config;
    }

    /**
     * Takes the settings of {@code next} that can change while clients are connected (see
     * {@link ChatConfig#RELOADABLE}) and keeps every other one: the MOTD and password apply to the next
     * MOTD or registration, the send queue and flood limits to connections accepted from now on.
     *
     * @return the configuration now in force
     */
    public ChatConfig reconfigure(ChatConfig next) {
        ChatConfig applied = config.withReloadable(next);
        config = applied;
        return applied;
    }

    public Registry registry() {
        return registry;
    }

    /** The network this server is part of ({@link Network#SINGLE} when on its own). */
    public Network network() {
        return network;
    }

    public CommandTable commands() {
        return commands;
    }

    public ServerStats stats() {
        return stats;
    }

    /** When this server was created (003 RPL_CREATED). */
    public Instant created() {
        return created;
    }

    /** The version announced in 002, 004 and VERSION ({@code sockets-1.0.0}). */
    public String version() {
        return version;
    }

    private void enforceTimeouts() {
        long now = System.nanoTime();
        long register = config.registerTimeout().toNanos();
        long interval = config.pingInterval().toNanos();
        long timeout = config.pingTimeout().toNanos();
        for (Client c : registry.clients()) {
            if (c.isLeaving()) {
                continue;
            }
            if (!c.isRegistered()) {
                if (now - c.connectedNanos() > register) {
                    c.disconnect(Departure.REGISTER_TIMEOUT, "Registration timed out",
                            c.closingLink("Registration timed out"), false);
                }
                continue;
            }
            long pingSent = c.pingSentNanos();
            if (pingSent == 0 && now - c.lastReceivedNanos() > interval) {
                c.pingSent(now);
                c.send(IrcLine.formatTrailing(null, "PING", config.serverName()));
            } else if (pingSent != 0 && now - pingSent > timeout) {
                long silent = TimeUnit.NANOSECONDS.toSeconds(now - c.lastReceivedNanos());
                String reason = "Ping timeout: " + silent + " seconds";
                c.disconnect(Departure.PING_TIMEOUT, reason, c.closingLink(reason), true);
            }
        }
    }

    private void shuttingDown() {
        // Other nodes see this server's users go as a netsplit, before they are told here one by one.
        network.leave();
        for (Connection c : handshaking) {
            c.abort(); // no session yet to tell anything
        }
        for (Client c : registry.clients()) {
            c.send(IrcLine.formatTrailing(config.serverName(), "NOTICE", c.nickOrStar(),
                    "*** Server shutting down"));
            c.disconnect(Departure.SHUTDOWN, "Server shutting down", "Server shutting down", false);
        }
    }

    /** Once every client is gone: what is pending is stored, then nothing is written to the store any more. */
    private void closeStore() {
        if (store != null) {
            historyWriter.close();
            store.close();
        }
    }

    /** The messages this server keeps ({@link History#OFF} without a store). */
    public History history() {
        return history;
    }

    /** Stops with the limits' grace period. */
    @Override
    public void close() {
        server.close();
        closeStore();
    }
}
