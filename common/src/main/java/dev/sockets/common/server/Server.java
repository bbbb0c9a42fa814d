package dev.sockets.common.server;

import dev.sockets.common.net.BindFailure;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.net.InheritedSocket;
import dev.sockets.common.tcp.Connection;
import dev.sockets.common.tcp.ConnectionHandler;
import dev.sockets.common.tcp.TcpListener;
import dev.sockets.common.udp.DatagramHandler;
import dev.sockets.common.udp.DatagramService;
import dev.sockets.common.udp.UdpPolicy;
import java.net.InetAddress;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server of the socket model: TCP listeners and UDP services on their endpoints, the limits and
 * statistics they share, and one lifecycle. The jobs around it are types of their own: {@link Binding}
 * (all or nothing, one IPv6 fallback), {@link InheritedSocket}, {@link Serving} (one accepted connection:
 * {@link Admission} with its {@link Capacity}, the handler or the {@link Refusal}), {@link Watchdog} with
 * {@link ConnectionTimeouts}, and {@link Limits}.
 *
 * <p>Threads: each TCP listener accepts on its own platform thread; each accepted connection is served
 * by the protocol's {@link ConnectionHandler} on a virtual thread of its own, with blocking I/O (carried by
 * the server's event loops for a {@link ConnectionHandler.OnLoop}); each
 * UDP service receives on its own platform thread; one watchdog thread enforces idle and write
 * timeouts and logs periodic stats.
 *
 * <p>Lifecycle: {@link #start()} binds everything (or nothing: a bind failure closes what was bound and
 * throws {@link BindFailure}) and returns the bound endpoints. {@link #stop(Duration)} closes the
 * listeners, runs the protocol's stopping hooks, waits up to the grace period for connections to end,
 * then closes the rest. It is idempotent; a second call while the first is still waiting closes every
 * connection at once.
 */
public final class Server implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Server.class);

    private final String name;
    private final List<TcpSpec> tcpSpecs;
    private final List<UdpSpec> udpSpecs;
    private final Limits limits;
    private final Duration statsInterval;
    private final List<Runnable> stoppingHooks;
    private final List<Runnable> boundHooks;
    private final List<Runnable> stoppedHooks;
    private final ServerStats stats;
    private final Admission admission;
    private final Serving serving;
    /** Names of inherited sockets refused at start, with why (a protocol's own listener that binds itself). */
    private final Map<String, String> notAdoptable;
    private final Refusal refusal;
    private final List<Check> protocolChecks;
    /** Its thread starts with the first task (at start), so a server never started holds none. */
    private final Watchdog watchdog;

    private volatile List<TcpListener> listeners = List.of();
    private volatile List<DatagramService> datagramServices = List.of();
    private final LiveConnections connections = new LiveConnections();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile boolean stopped;
    private volatile List<InheritedSocket> inherited;
    private volatile List<TcpSpec> servedTcp = List.of();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    private Server(Builder b) {
        this.name = b.name;
        this.tcpSpecs = List.copyOf(b.tcp);
        this.udpSpecs = List.copyOf(b.udp);
        this.limits = b.limits;
        this.statsInterval = b.statsInterval;
        this.stoppingHooks = List.copyOf(b.stoppingHooks);
        this.boundHooks = List.copyOf(b.boundHooks);
        this.stoppedHooks = List.copyOf(b.stoppedHooks);
        this.stats = b.stats != null ? b.stats : new ServerStats(name);
        this.refusal = new Refusal(limits.refusalMessage(), Refusal.MAX_LINGERING,
                () -> stats.counter("refusals_cut_short").increment());
        stats.describe("refusals_cut_short", "Refused connections closed at once, without the refusal message, "
                + "because " + Refusal.MAX_LINGERING + " refusals were lingering already.");
        this.admission = new Admission(limits, () -> stats.counter("refused_rate").increment());
        this.serving = new Serving(name, admission, refusal, refusal.withMessage(limits.stoppingMessage()), connections,
                () -> stopped || stopping.get(), this::isInherited);
        this.notAdoptable = Map.copyOf(b.notAdoptable);
        this.watchdog = new Watchdog(name);
        this.protocolChecks = List.copyOf(b.checks);
        tcpSpecs.forEach(spec -> stats.transport(spec.transport())); // every transport counted from the start
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Configures a server; {@link #build()} creates it unstarted. */
    public static final class Builder {
        private final String name;
        private final List<TcpSpec> tcp = new ArrayList<>();
        private final List<UdpSpec> udp = new ArrayList<>();
        private final List<Runnable> stoppingHooks = new ArrayList<>();
        private final List<Runnable> boundHooks = new ArrayList<>();
        private final List<Check> checks = new ArrayList<>();
        private final List<Runnable> stoppedHooks = new ArrayList<>();
        private final Map<String, String> notAdoptable = new java.util.HashMap<>();
        private Limits limits = Limits.defaults();
        private Duration statsInterval;
        private ServerStats stats;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name);
        }

        /** Adds a TCP listener on {@code endpoint} whose connections {@code handler} serves. */
        public Builder tcp(Endpoint endpoint, ConnectionHandler handler) {
            return tcp(endpoint, handler, ServerStats.TCP);
        }

        /**
         * Adds a TCP listener whose connections are counted under {@code transport} in the stats' per
         * transport counters and metrics (e.g. {@code tls} for a listener that runs TLS over its
         * connections); the stats line shows the sum over every transport.
         */
        public Builder tcp(Endpoint endpoint, ConnectionHandler handler, String transport) {
            if (!transport.matches("[a-z][a-z0-9_]*") || transport.equals(ServerStats.UDP)) {
                throw new IllegalArgumentException("transport must be a lower-case word other than udp: " + transport);
            }
            tcp.add(new TcpSpec(endpoint, handler, false, transport));
            return this;
        }

        /**
         * Adds a TCP listener whose handler runs on the accept thread itself, for protocols that write a
         * few bytes to a new connection and close it without reading (daytime, time): a fresh socket's
         * send buffer takes them at once, so the handler cannot block, and no thread is started per
         * client. The handler must not read or write more than a socket buffer holds.
         */
        public Builder tcpInline(Endpoint endpoint, ConnectionHandler handler) {
            tcp.add(new TcpSpec(endpoint, handler, true, ServerStats.TCP));
            return this;
        }

        /** Adds a UDP service on {@code endpoint}. */
        public Builder udp(Endpoint endpoint, DatagramHandler handler, UdpPolicy policy) {
            udp.add(new UdpSpec(endpoint, handler, policy));
            return this;
        }

        public Builder limits(Limits l) {
            this.limits = Objects.requireNonNull(l);
            return this;
        }

        /** Logs the stats line at INFO every {@code interval} ({@code null}: never). */
        public Builder statsInterval(Duration interval) {
            this.statsInterval = interval == null || interval.isZero() || interval.isNegative() ? null : interval;
            return this;
        }

        /**
         * Runs in {@link #start} once every endpoint is bound, before the first connection is accepted (a
         * protocol that must join something first, such as a chat cluster, does it here). A hook that throws
         * an {@link java.io.UncheckedIOException} caused by a {@link BindFailure} fails the start with it.
         */
        public Builder onBound(Runnable hook) {
            boundHooks.add(hook);
            return this;
        }

        /** Runs when {@link #stop} begins, after the listeners closed and before waiting for connections. */
        public Builder onStopping(Runnable hook) {
            stoppingHooks.add(hook);
            return this;
        }

        /**
         * Runs the protocol's {@code check} every {@code tick} on the server's one watchdog thread, from
         * start until stop (a check that throws is logged and keeps running).
         */
        public Builder every(String what, Duration tick, Runnable check) {
            checks.add(new Check(what, tick, check));
            return this;
        }

        /**
         * Runs at the end of {@link #stop}, once every connection has ended or the grace period is over (a
         * protocol flushes and closes what it keeps, such as chat's web listener and store, here).
         */
        public Builder onStopped(Runnable hook) {
            stoppedHooks.add(hook);
            return this;
        }

        /**
         * Refuses, at start, an inherited socket passed under {@code socketName} (systemd's
         * {@code FileDescriptorName=}) with one line ending in {@code why}, instead of serving it as another
         * endpoint: for a listener of the protocol's own that cannot take a passed socket.
         */
        public Builder notAdoptable(String socketName, String why) {
            notAdoptable.put(Objects.requireNonNull(socketName), Objects.requireNonNull(why));
            return this;
        }

        /** Uses a stats object the protocol created first (to register its counters early). */
        public Builder stats(ServerStats s) {
            this.stats = s;
            return this;
        }

        public Server build() {
            if (tcp.isEmpty() && udp.isEmpty()) {
                throw new IllegalStateException(name + ": nothing to serve: add a TCP or UDP endpoint");
            }
            return new Server(this);
        }
    }

    /**
     * Binds every endpoint and starts serving.
     *
     * @return the bound endpoints, TCP first, in the order they were added
     * @throws BindFailure when an endpoint cannot be bound; nothing is left bound then
     */
    public List<Endpoint> start() throws BindFailure {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException(name + " already started");
        }
        if (stopping.get()) {
            throw new IllegalStateException(name + " was stopped before it started");
        }
        Bound bound;
        try {
            bound = inherited != null
                    ? Adoption.adopt(name, inherited, notAdoptable, tcpSpecs, udpSpecs, limits.backlog())
                    : Binding.bindAll(name, tcpSpecs, udpSpecs, limits.backlog());
        } catch (BindFailure e) {
            watchdog.close();
            stopped = true;
            throw e;
        }
        int unserved = tcpSpecs.size() + udpSpecs.size() - Math.max(bound.endpoints().size(), 1);
        if (inherited != null && unserved > 0) {
            log.warn("{}: serving only the {} inherited socket(s); the other {} endpoint(s) configured (e.g. UDP "
                    + "beside TCP, a TLS port) need a socket of their own (systemd: another ListenStream=/ListenDatagram= "
                    + "or socket unit, FileDescriptorName= tcp, udp or tls)", name, inherited.size(), unserved);
        }
        listeners = bound.listeners();
        servedTcp = bound.tcp();
        datagramServices = bound.services();
        stats.countDatagrams(datagramServices);
        try {
            boundHooks.forEach(Runnable::run);
        } catch (java.io.UncheckedIOException e) {
            // A protocol's own listener (chat's web port) could not bind: nothing of this server serves.
            listeners.forEach(TcpListener::close);
            datagramServices.forEach(DatagramService::close);
            stopped = true;
            if (e.getCause() instanceof BindFailure failure) {
                throw failure;
            }
            throw e;
        }
        datagramServices.forEach(DatagramService::start);
        stats.countAcceptFailures(listeners, servedTcp.stream().map(TcpSpec::transport).toList());
        for (int i = 0; i < listeners.size(); i++) {
            TcpSpec spec = servedTcp.get(i);
            listeners.get(i).start(serving.sink(spec.handler(), spec.inline(), stats.transport(spec.transport())));
        }
        bound.inheritedConnection().ifPresent(this::serveOneConnection);
        startWatchdog();
        return bound.endpoints();
    }

    private void serveOneConnection(SocketChannel connected) {
        ConnectionHandler handler = servedTcp.get(0).handler();
        ServerStats.Transport counters = stats.transport(servedTcp.get(0).transport());
        Thread.ofVirtual().name(name + "-conn").start(() -> {
            try {
                serving.serve(connected, handler, counters, Admission.unchecked(), false);
            } finally {
                finished.complete(null);
            }
        });
    }

    /**
     * Serve this inherited socket instead of binding (call before {@link #start()}): a listening
     * {@link ServerSocketChannel}, a bound {@link DatagramChannel} or a connected {@link SocketChannel}.
     */
    public void adopt(Channel inheritedChannel) {
        adopt(List.of(new InheritedSocket("stdin", inheritedChannel)));
    }

    /**
     * Serve these inherited sockets instead of binding (call before {@link #start()}); which endpoint each
     * serves is {@link Adoption}'s rule (by name, else by kind in order). Endpoints left without one are
     * not served.
     */
    public void adopt(List<InheritedSocket> sockets) {
        if (started.get()) {
            throw new IllegalStateException(name + " already started");
        }
        if (sockets.isEmpty()) {
            throw new IllegalArgumentException("no sockets to adopt");
        }
        this.inherited = List.copyOf(sockets);
    }

    private boolean isInherited(SocketChannel channel) {
        List<InheritedSocket> sockets = inherited;
        return sockets != null && sockets.size() == 1 && sockets.get(0).channel() == channel;
    }

    /**
     * Completes when the server has nothing more to serve: after the one inherited connection ended
     * (inetd "nowait", systemd Accept=yes). Never completes for a listening server.
     */
    public CompletableFuture<Void> finished() {
        return finished;
    }

    private void startWatchdog() {
        ConnectionTimeouts timeouts = new ConnectionTimeouts(name, limits.idleTimeout(), limits.writeTimeout(),
                connections::transportOf);
        if (timeouts.any()) {
            watchdog.repeat("timeout watchdog", timeouts.tick(), () -> timeouts.enforce(connections));
        }
        for (Check c : protocolChecks) {
            watchdog.repeat(c.what(), c.tick(), c.check());
        }
        if (statsInterval != null) {
            watchdog.atRate("stats line", statsInterval, () -> {
                // Key-value pairs: JSON logs show each counter as a field, text logs as key=value.
                var line = log.atInfo().setMessage("{}: stats").addArgument(name).addKeyValue("server", name);
                stats.snapshot().forEach(line::addKeyValue);
                line.log();
            });
        }
    }

    /** A protocol's periodic check, run by the server's watchdog from start to stop. */
    private record Check(String what, Duration tick, Runnable check) { }

    /**
     * Runs {@code task} once after {@code delay} on the server's watchdog (a protocol's deadline, such as
     * a TLS handshake's); cancel the result when the deadline is met.
     *
     * @throws java.util.concurrent.RejectedExecutionException once the server has stopped
     */
    public java.util.concurrent.ScheduledFuture<?> deadline(Duration delay, Runnable task) {
        return watchdog.after(delay, task);
    }

    /**
     * Admits a connection a listener of the protocol's own accepted (chat's WebSocket port) through the
     * same admission as this server's listeners (capacity, stopping, connect rate and count per address,
     * shared with their connections), counted under {@code transport} in the stats. Call
     * {@link Entry.Admitted#leave()} when an admitted one has ended.
     */
    public Entry admit(InetAddress ip, String transport) {
        ServerStats.Transport counters = stats.transport(transport);
        return switch (admission.admitAcceptedElsewhere(ip, stopped || stopping.get())) {
            case Admission.Admitted places -> new Entry.Admitted(places, counters);
            case Admission.Refused refused -> {
                counters.connectionRefused();
                log.debug("{}: refusing {} over {}: {}", name, ip.getHostAddress(), transport, refused.reason());
                boolean whileStopping = refused.why() == Admission.Why.STOPPING;
                yield new Entry.Refused(whileStopping, refused.reason(),
                        whileStopping ? limits.stoppingMessage() : limits.refusalMessage());
            }
        };
    }

    /**
     * A refusal saying {@code message} for a protocol's own limits, sharing the server's bound on
     * refusals lingering at once and its {@code refusals_cut_short} count.
     */
    public Refusal refusal(byte[] message) {
        return refusal.withMessage(message);
    }

    /** The server's name, as in its log lines and stats. */
    public String name() {
        return name;
    }

    public ServerStats stats() {
        return stats;
    }

    /** The bound endpoint of the first TCP listener. */
    public Endpoint tcpEndpoint() {
        return listeners.isEmpty() ? null : listeners.get(0).endpoint();
    }

    /** The bound endpoints of every TCP listener, in the order they were added. */
    public List<Endpoint> tcpEndpoints() {
        return listeners.stream().map(TcpListener::endpoint).toList();
    }

    /** The bound endpoint of the first UDP service. */
    public Endpoint udpEndpoint() {
        return datagramServices.isEmpty() ? null : datagramServices.get(0).endpoint();
    }

    /** Bound endpoints as {@code tcp/[::]:7, udp/[::]:7}. */
    public String describeEndpoints() {
        List<String> parts = new ArrayList<>();
        listeners.forEach(l -> parts.add("tcp/" + l.endpoint()));
        datagramServices.forEach(d -> parts.add("udp/" + d.endpoint()));
        return String.join(", ", parts);
    }

    /** Connections being served now. */
    public int openConnections() {
        return connections.size();
    }

    /** A snapshot of the connections being served (for protocol shutdown hooks and tests). */
    public List<Connection> connections() {
        return connections.snapshot();
    }

    public boolean isStopping() {
        return stopping.get();
    }

    /**
     * Stops the server: closes listeners and UDP services, runs the stopping hooks, waits up to
     * {@code grace} for connections to end, closes the rest. Idempotent; a concurrent second call
     * closes every connection at once and waits (2 s at most) until they have ended, as the first would.
     *
     * @return true when every connection ended within the grace period
     */
    public boolean stop(Duration grace) {
        if (!stopping.compareAndSet(false, true)) {
            if (!stopped) {
                connections.closeAll();
                // Whichever call lost the race (the runner's, to a second signal's) logs the final stats next.
                connections.awaitNone(Duration.ofSeconds(2));
            }
            return connections.isEmpty();
        }
        listeners.forEach(TcpListener::close);
        datagramServices.forEach(DatagramService::close);
        for (Runnable hook : stoppingHooks) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                log.error("{}: stopping hook failed", name, e);
            }
        }
        boolean clean = connections.awaitNone(grace);
        if (!clean) {
            log.info("{}: grace period of {}ms over, closing {} connection(s)", name, grace.toMillis(), connections.size());
            connections.closeAll();
            connections.awaitNone(Duration.ofSeconds(2));
        }
        serving.closeLoops();
        watchdog.close();
        for (Runnable hook : stoppedHooks) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                log.error("{}: stopped hook failed", name, e);
            }
        }
        stopped = true;
        return clean;
    }

    /** Whether {@link #stop} has finished. */
    public boolean isStopped() {
        return stopped;
    }

    /** {@link #stop(Duration)} with the configured grace period. */
    @Override
    public void close() {
        stop(limits.grace());
    }

    /** The limits this server enforces. */
    public Limits limits() {
        return limits;
    }
}
