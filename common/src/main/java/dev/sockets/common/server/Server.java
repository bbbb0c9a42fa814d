package dev.sockets.common.server;

import dev.sockets.common.net.BindFailure;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.tcp.Connection;
import dev.sockets.common.tcp.ConnectionHandler;
import dev.sockets.common.tcp.TcpListener;
import dev.sockets.common.udp.DatagramHandler;
import dev.sockets.common.udp.DatagramService;
import dev.sockets.common.udp.UdpPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import dev.sockets.common.udp.ReplyRateLimiter;
import java.util.concurrent.CompletableFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server of the socket model: TCP listeners and UDP services on their endpoints, the limits and
 * statistics they share, and one lifecycle.
 *
 * <p>Threads: each TCP listener accepts on its own platform thread; each accepted connection is served
 * by the protocol's {@link ConnectionHandler} on a virtual thread of its own, with blocking I/O; each
 * UDP service receives on its own platform thread; one scheduler thread enforces idle and write
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
    private static final Duration REFUSAL_LINGER = Duration.ofSeconds(1);
    private static final long REFUSAL_DRAIN_BYTES = 64 * 1024;

    private final String name;
    private final List<TcpSpec> tcpSpecs;
    private final List<UdpSpec> udpSpecs;
    private final Limits limits;
    private final Duration statsInterval;
    private final List<Runnable> stoppingHooks;
    private final List<Runnable> boundHooks;
    private final ServerStats stats;

    private final List<TcpListener> listeners = new ArrayList<>();
    private final List<DatagramService> datagramServices = new ArrayList<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    // Counts live in the map's atomic compute/merge so a count never leaves the map while in use.
    private final Map<InetAddress, Integer> perIp = new ConcurrentHashMap<>();
    private final Semaphore permits;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile boolean stopped;
    private ScheduledExecutorService scheduler;
    private final ReplyRateLimiter connectRate;
    private volatile Channel inherited;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    private record TcpSpec(Endpoint endpoint, ConnectionHandler handler, boolean inline) { }

    private record UdpSpec(Endpoint endpoint, DatagramHandler handler, UdpPolicy policy) { }

    private Server(Builder b) {
        this.name = b.name;
        this.tcpSpecs = List.copyOf(b.tcp);
        this.udpSpecs = List.copyOf(b.udp);
        this.limits = b.limits;
        this.statsInterval = b.statsInterval;
        this.stoppingHooks = List.copyOf(b.stoppingHooks);
        this.boundHooks = List.copyOf(b.boundHooks);
        this.stats = b.stats != null ? b.stats : new ServerStats(name);
        this.permits = limits.maxConnections() > 0 ? new Semaphore(limits.maxConnections()) : null;
        this.connectRate = limits.connectRatePerIp() > 0
                ? new ReplyRateLimiter(limits.connectRatePerIp(), limits.connectBurstPerIp(), !limits.limitLoopback())
                : null;
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
        private Limits limits = Limits.defaults();
        private Duration statsInterval;
        private ServerStats stats;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name);
        }

        /** Adds a TCP listener on {@code endpoint} whose connections {@code handler} serves. */
        public Builder tcp(Endpoint endpoint, ConnectionHandler handler) {
            tcp.add(new TcpSpec(endpoint, handler, false));
            return this;
        }

        /**
         * Adds a TCP listener whose handler runs on the accept thread itself, for protocols that write a
         * few bytes to a new connection and close it without reading (daytime, time): a fresh socket's
         * send buffer takes them at once, so the handler cannot block, and no thread is started per
         * client. The handler must not read or write more than a socket buffer holds.
         */
        public Builder tcpInline(Endpoint endpoint, ConnectionHandler handler) {
            tcp.add(new TcpSpec(endpoint, handler, true));
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
         * protocol that must join something first, such as a chat cluster, does it here).
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
        List<Endpoint> bound = new ArrayList<>();
        if (inherited != null) {
            bound.add(adoptInherited());
            int configured = tcpSpecs.size() + udpSpecs.size();
            if (configured > 1) {
                log.warn("{}: serving only the socket inherited on standard input; the other {} endpoint(s) "
                        + "configured (e.g. UDP beside TCP, a TLS port) need a socket unit of their own", name, configured - 1);
            }
        } else {
            bindAll(bound);
        }
        if (!datagramServices.isEmpty()) {
            stats.gauge("datagrams_in", () -> datagramServices.stream().mapToLong(DatagramService::datagramsIn).sum());
            stats.gauge("datagrams_out", () -> datagramServices.stream().mapToLong(DatagramService::datagramsOut).sum());
            stats.gauge("dropped_loop", () -> datagramServices.stream().mapToLong(DatagramService::droppedByLoopGuard).sum());
            stats.gauge("dropped_rate", () -> datagramServices.stream().mapToLong(DatagramService::droppedByRateLimit).sum());
            stats.gauge("dropped_oversize", () -> datagramServices.stream().mapToLong(DatagramService::droppedOversize).sum());
        }
        boundHooks.forEach(Runnable::run);
        datagramServices.forEach(DatagramService::start);
        if (!listeners.isEmpty()) {
            stats.gauge("accept_failures", () -> listeners.stream().mapToLong(TcpListener::acceptFailures).sum());
        }
        for (int i = 0; i < listeners.size(); i++) {
            TcpSpec spec = tcpSpecs.get(i);
            listeners.get(i).start(new Sink(spec.handler(), spec.inline()));
        }
        if (inherited instanceof SocketChannel connected) {
            serveOneConnection(connected);
        }
        startScheduler();
        return List.copyOf(bound);
    }

    /**
     * Binds every listener and service. A UDP service asked for port 0 on the same address as a TCP
     * listener gets the port TCP got, so {@code --port 0} serves both on one port as with any other port.
     */
    private void bindAll(List<Endpoint> bound) throws BindFailure {
        for (int attempt = 1; ; attempt++) {
            try {
                for (TcpSpec spec : tcpSpecs) {
                    TcpListener listener = bindWithFallback(spec.endpoint());
                    listeners.add(listener);
                    bound.add(listener.endpoint());
                }
                for (UdpSpec spec : udpSpecs) {
                    DatagramService service = bindUdpWithFallback(samePortAsTcp(spec));
                    datagramServices.add(service);
                    bound.add(service.endpoint());
                }
                return;
            } catch (BindFailure e) {
                listeners.forEach(TcpListener::close);
                datagramServices.forEach(DatagramService::close);
                listeners.clear();
                datagramServices.clear();
                bound.clear();
                boolean portZeroClash = attempt < 10 && udpSpecs.stream().anyMatch(u -> u.endpoint().port() == 0)
                        && String.valueOf(e.getMessage()).contains("in use");
                if (!portZeroClash) {
                    stopped = true;
                    throw e;
                }
            }
        }
    }

    private UdpSpec samePortAsTcp(UdpSpec spec) {
        if (spec.endpoint().port() != 0) {
            return spec;
        }
        for (int i = 0; i < tcpSpecs.size() && i < listeners.size(); i++) {
            if (tcpSpecs.get(i).endpoint().equals(spec.endpoint())) {
                return new UdpSpec(spec.endpoint().withPort(listeners.get(i).endpoint().port()), spec.handler(), spec.policy());
            }
        }
        return spec;
    }

    /**
     * Serves a socket inherited on standard input (systemd socket activation, inetd) instead of binding:
     * a listening socket becomes the TCP listener, a datagram socket the UDP service, a connected socket
     * one connection after which the server is {@linkplain #finished() finished}.
     */
    private Endpoint adoptInherited() throws BindFailure {
        try {
            if (inherited instanceof ServerSocketChannel listening) {
                TcpSpec spec = tcpSpecs.stream().findFirst().orElseThrow(() -> notServed("a listening TCP", "TCP"));
                TcpListener l = new TcpListener(name + "-tcp", spec.endpoint(), limits.backlog());
                Endpoint e = l.adopt(listening);
                listeners.add(l);
                return e;
            }
            if (inherited instanceof DatagramChannel datagrams) {
                UdpSpec spec = udpSpecs.stream().findFirst().orElseThrow(() -> notServed("a UDP", "UDP"));
                DatagramService d = new DatagramService(name, spec.endpoint(), spec.handler(), spec.policy());
                Endpoint e = d.adopt(datagrams);
                datagramServices.add(d);
                return e;
            }
            if (inherited instanceof SocketChannel connected) {
                tcpSpecs.stream().findFirst().orElseThrow(() -> notServed("a connected TCP", "TCP"));
                connected.configureBlocking(true);
                return Endpoint.of(connected.getLocalAddress());
            }
        } catch (IOException e) {
            stopped = true;
            throw new BindFailure("cannot use the inherited socket: " + e.getMessage(), null, e);
        }
        stopped = true;
        throw new BindFailure("the inherited channel is not a TCP or UDP socket", null, null);
    }

    private BindFailure notServed(String what, String transport) {
        stopped = true;
        return new BindFailure("the inherited socket is " + what + " socket, but this server does not serve "
                + transport + " (drop --tcp/--udp or fix the socket unit)", null, null);
    }

    private void serveOneConnection(SocketChannel connected) {
        ConnectionHandler handler = tcpSpecs.get(0).handler();
        Thread.ofVirtual().name(name + "-conn").start(() -> {
            try {
                serve(connected, handler, false, false, null, false);
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
        if (started.get()) {
            throw new IllegalStateException(name + " already started");
        }
        this.inherited = Objects.requireNonNull(inheritedChannel);
    }

    /**
     * Completes when the server has nothing more to serve: after the one inherited connection ended
     * (inetd "nowait", systemd Accept=yes). Never completes for a listening server.
     */
    public CompletableFuture<Void> finished() {
        return finished;
    }

    private TcpListener bindWithFallback(Endpoint endpoint) throws BindFailure {
        TcpListener l = new TcpListener(name + "-tcp", endpoint, limits.backlog());
        try {
            l.bind();
            return l;
        } catch (BindFailure e) {
            if (!isNoIpv6(e, endpoint)) {
                throw e;
            }
            TcpListener v4 = new TcpListener(name + "-tcp", Endpoint.parse("0.0.0.0", endpoint.port()), limits.backlog());
            v4.bind();
            return v4;
        }
    }

    private DatagramService bindUdpWithFallback(UdpSpec spec) throws BindFailure {
        DatagramService d = new DatagramService(name, spec.endpoint(), spec.handler(), spec.policy());
        try {
            d.bind();
            return d;
        } catch (BindFailure e) {
            if (!isNoIpv6(e, spec.endpoint())) {
                throw e;
            }
            DatagramService v4 = new DatagramService(name, Endpoint.parse("0.0.0.0", spec.endpoint().port()),
                    spec.handler(), spec.policy());
            v4.bind();
            return v4;
        }
    }

    private static boolean isNoIpv6(BindFailure e, Endpoint endpoint) {
        String m = String.valueOf(e.getCause() == null ? null : e.getCause().getMessage()).toLowerCase(Locale.ROOT);
        return endpoint.isWildcard() && endpoint.address() instanceof java.net.Inet6Address
                && (m.contains("protocol family") || m.contains("address family") || m.contains("not supported"));
    }

    private void startScheduler() {
        Duration idle = limits.idleTimeout();
        Duration write = limits.writeTimeout();
        if (idle == null && write == null && statsInterval == null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name(name + "-watchdog").daemon(true).factory());
        if (idle != null || write != null) {
            long shortest = Math.min(idle == null ? Long.MAX_VALUE : idle.toMillis(),
                    write == null ? Long.MAX_VALUE : write.toMillis());
            long tick = Math.max(10, Math.min(1000, shortest / 4));
            scheduler.scheduleWithFixedDelay(() -> guarded("timeout watchdog", this::enforceTimeouts),
                    tick, tick, TimeUnit.MILLISECONDS);
        }
        if (statsInterval != null) {
            long ms = statsInterval.toMillis();
            scheduler.scheduleAtFixedRate(() -> guarded("stats line", () -> {
                // Key-value pairs: JSON logs show each counter as a field, text logs as key=value.
                var line = log.atInfo().setMessage("{}: stats").addArgument(name).addKeyValue("server", name);
                stats.snapshot().forEach(line::addKeyValue);
                line.log();
            }), ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    /** A periodic task that throws is cancelled silently by the executor: keep it alive and say why. */
    private void guarded(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("{}: {} failed", name, what, e);
        }
    }

    private void enforceTimeouts() {
        long now = System.nanoTime();
        long idleNanos = limits.idleTimeout() == null ? 0 : limits.idleTimeout().toNanos();
        long writeNanos = limits.writeTimeout() == null ? 0 : limits.writeTimeout().toNanos();
        for (Connection c : connections) {
            if (!c.isOpen()) {
                continue; // already closed (by us on an earlier tick): its handler is on its way out; count it once
            }
            long writeStarted = c.writeStartedNanos();
            if (writeNanos > 0 && writeStarted != 0 && now - writeStarted > writeNanos) {
                stats.writeTimeout();
                log.debug("{}: closing {}: a write was blocked for {} (peer not reading)", name, c.remote(), limits.writeTimeout());
                c.abort();
            } else if (idleNanos > 0 && writeStarted == 0 && now - c.lastActivityNanos() > idleNanos) {
                stats.idleTimeout();
                log.debug("{}: closing {}: idle for {}", name, c.remote(), limits.idleTimeout());
                c.close();
            }
        }
    }

    /** Admission control on the accept thread; the connection itself starts on its virtual thread. */
    private final class Sink implements TcpListener.Sink {
        private final ConnectionHandler handler;
        private final boolean inline;

        Sink(ConnectionHandler handler, boolean inline) {
            this.handler = handler;
            this.inline = inline;
        }

        @Override
        public void awaitCapacity() throws InterruptedException {
            if (permits != null && !limits.refuseWhenFull()) {
                permits.acquire();
            }
        }

        @Override
        public void acceptFailed() {
            if (permits != null && !limits.refuseWhenFull()) {
                permits.release();
            }
        }

        @Override
        public void accepted(SocketChannel channel) {
            boolean holdsPermit = permits != null && !limits.refuseWhenFull();
            boolean refuse = false;
            if (permits != null && limits.refuseWhenFull()) {
                holdsPermit = permits.tryAcquire();
                refuse = !holdsPermit;
            }
            String why = refuse ? "server full" : null;
            if (stopping.get()) {
                refuse = true;
                why = "server stopping";
            }
            if (!refuse && connectRate != null && !connectRate.tryAcquire(remoteAddress(channel), System.nanoTime())) {
                refuse = true;
                why = "connecting faster than the per-address rate";
                stats.counter("refused_rate").increment();
            }
            boolean permit = holdsPermit;
            boolean refused = refuse;
            String reason = why;
            if (inline) {
                serve(channel, handler, permit, refused, reason, true);
                return;
            }
            try {
                Thread.ofVirtual().name(name + "-conn").start(() -> serve(channel, handler, permit, refused, reason, false));
            } catch (RuntimeException | OutOfMemoryError e) {
                // The accept loop must survive; this one client is closed and its permit given back.
                log.error("{}: cannot start a thread for a new connection; closing it", name, e);
                closeQuietly(channel);
                if (permit) {
                    permits.release();
                }
            }
        }
    }

    private static InetAddress remoteAddress(SocketChannel channel) {
        try {
            return ((java.net.InetSocketAddress) channel.getRemoteAddress()).getAddress();
        } catch (IOException | RuntimeException e) {
            return java.net.InetAddress.getLoopbackAddress(); // gone already: its handler will find out
        }
    }

    private void serve(SocketChannel channel, ConnectionHandler handler, boolean holdsPermit, boolean refuse,
                       String reason, boolean onAcceptThread) {
        Connection connection = null;
        InetAddress ip = null;
        boolean counted = false;
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            connection = new Connection(channel, stats::addBytesIn, stats::addBytesOut);
            if (channel == inherited) {
                connection.keepDescriptorOnClose();
            }
            if (!onAcceptThread) {
                Thread.currentThread().setName(name + "-conn-" + connection.remote());
            }
            ip = connection.remote().address();
            int fromIp = perIp.merge(ip, 1, Integer::sum);
            counted = true;
            if (refuse || (limits.maxConnectionsPerIp() > 0 && fromIp > limits.maxConnectionsPerIp())) {
                stats.connectionRefused();
                log.debug("{}: refusing {}: {}", name, connection.remote(), refuse ? reason : "too many connections from this address");
                byte[] msg = limits.refusalMessage();
                if (msg.length > 0) {
                    connection.write(ByteBuffer.wrap(msg));
                }
                if (!onAcceptThread) { // never linger on the accept thread (inline handlers)
                    drainBeforeClose(connection);
                }
                return;
            }
            stats.connectionOpened();
            connections.add(connection);
            try {
                if (stopped || stopping.get()) {
                    return;
                }
                handler.handle(connection);
            } finally {
                connections.remove(connection);
                stats.connectionClosed();
            }
        } catch (IOException e) {
            log.debug("{}: connection {} ended: {}", name, connection == null ? "?" : connection.remote(), e.toString());
        } catch (RuntimeException | Error e) {
            log.error("{}: handler failed for {}", name, connection == null ? "?" : connection.remote(), e);
        } finally {
            if (connection != null) {
                connection.close();
            } else if (channel != inherited) {
                closeQuietly(channel);
            }
            if (counted) {
                perIp.computeIfPresent(ip, (k, v) -> v <= 1 ? null : v - 1);
            }
            if (holdsPermit) {
                permits.release();
            }
            lock.lock();
            try {
                drained.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Closing a socket with unread input sends a reset, and a reset can destroy the refusal message
     * before the peer reads it (a client that spoke first, e.g. an IRC registration). So: half-close,
     * then discard what the peer sends until it closes, for a bounded time and amount.
     */
    private static void drainBeforeClose(Connection connection) throws IOException {
        connection.shutdownOutput();
        connection.setReadTimeout(REFUSAL_LINGER);
        long deadline = System.nanoTime() + REFUSAL_LINGER.toNanos();
        byte[] discard = new byte[4096];
        long total = 0;
        while (total < REFUSAL_DRAIN_BYTES && System.nanoTime() < deadline) {
            int n = connection.input().read(discard);
            if (n < 0) {
                return;
            }
            total += n;
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing more to do
        }
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
        return List.copyOf(connections);
    }

    public boolean isStopping() {
        return stopping.get();
    }

    /**
     * Stops the server: closes listeners and UDP services, runs the stopping hooks, waits up to
     * {@code grace} for connections to end, closes the rest. Idempotent; a concurrent second call
     * closes every connection at once.
     *
     * @return true when every connection ended within the grace period
     */
    public boolean stop(Duration grace) {
        if (!stopping.compareAndSet(false, true)) {
            if (!stopped) {
                closeAllConnections();
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
        boolean clean = awaitDrained(grace);
        if (!clean) {
            log.info("{}: grace period of {}ms over, closing {} connection(s)", name, grace.toMillis(), connections.size());
            closeAllConnections();
            awaitDrained(Duration.ofSeconds(2));
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        stopped = true;
        return clean;
    }

    private boolean awaitDrained(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        lock.lock();
        try {
            while (!connections.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                drained.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return connections.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    private void closeAllConnections() {
        for (Connection c : connections) {
            c.close();
        }
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
