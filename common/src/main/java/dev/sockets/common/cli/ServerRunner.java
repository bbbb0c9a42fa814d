package dev.sockets.common.cli;

import dev.sockets.common.metrics.MetricsEndpoint;
import dev.sockets.common.net.BindFailure;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.net.InheritedSocket;
import dev.sockets.common.server.Server;
import dev.sockets.common.server.StatsMBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Runs a server in the foreground the way every server command does: start it, log one
 * {@code NAME: listening on ...} line, serve until SIGINT or SIGTERM, then stop gracefully within the
 * grace period, log the final stats line and return exit status 0. A second signal while stopping closes
 * every connection at once.
 */
public final class ServerRunner {

    private static final Logger log = LoggerFactory.getLogger(ServerRunner.class);

    private ServerRunner() {
    }

    /**
     * Runs one server configured by {@code options}: serves the inherited socket on standard input if
     * there is one (systemd, inetd), else binds its endpoints; exits when signalled or, for an inherited
     * connected socket, when that connection ends.
     */
    public static int run(ServerOptions options, Server server) {
        return run(options, null, server);
    }

    /**
     * {@link #run(ServerOptions, Server)}, calling {@code onHangup} (on a thread of its own, one call at a
     * time) for every SIGHUP, the conventional "reload your configuration" signal. A server with nothing
     * to reload ({@code onHangup} null) says so and keeps running: a reload must never stop a service.
     */
    public static int run(ServerOptions options, Runnable onHangup, Server server) {
        Runnable reload = onHangup != null ? onHangup : () -> log.info(
                "SIGHUP: {} has nothing to reload while running; restart it to apply changed options", server.name());
        Object once = new Object();
        Signal.handle(new Signal("HUP"), sig -> Thread.ofPlatform().name("reload").daemon(true).start(() -> {
            synchronized (once) {
                reload.run();
            }
        }));
        Endpoint metrics = options.metricsEndpoint();
        List<InheritedSocket> inherited = options.inheritedSockets();
        if (!inherited.isEmpty()) {
            server.adopt(inherited);
            // Only inetd: under systemd stderr is the journal's socket, and LISTEN_FDS never gives a client our stderr.
            if (inherited.get(0).name().equals("stdin") && inherited.get(0).channel() instanceof java.nio.channels.SocketChannel
                    && stderrIsSocket()) {
                // inetd hands the client's socket over as stderr too: a log line would reach the client.
                Verbosity.setLevel(ch.qos.logback.classic.Level.OFF);
            }
        }
        return run(options.grace(), metrics, server);
    }

    /**
     * Starts the servers (all of them or none), blocks until a signal, stops them; returns the exit
     * status.
     *
     * @throws UserError when an endpoint cannot be bound (one line, exit 1)
     */
    public static int run(Duration grace, Server... servers) {
        return run(grace, null, servers);
    }

    /**
     * {@link #run(Duration, Server...)} with a metrics endpoint on {@code metrics} (null: none), bound
     * before the servers and closed after them: {@code /readyz} answers 200 once every server is
     * listening and 503 again from the stop signal on.
     *
     * @throws UserError when the metrics endpoint cannot be bound (one line, exit 2), or a server's
     *     endpoint (exit 1)
     */
    public static int run(Duration grace, Endpoint metrics, Server... servers) {
        MetricsEndpoint endpoint = metrics == null ? null : startMetrics(metrics, servers);
        try {
            return serve(grace, endpoint, servers);
        } finally {
            if (endpoint != null) {
                endpoint.close();
            }
        }
    }

    private static MetricsEndpoint startMetrics(Endpoint metrics, Server... servers) {
        try {
            return MetricsEndpoint.start(metrics, List.of(servers));
        } catch (java.net.BindException e) {
            throw new UserError("--metrics-port " + metrics.port() + ": cannot listen on " + metrics + ": "
                    + (e.getMessage() == null ? "address in use" : e.getMessage().toLowerCase(java.util.Locale.ROOT)),
                    Cli.EXIT_USAGE);
        } catch (java.io.IOException | RuntimeException e) {
            throw new UserError("--metrics-port " + metrics.port() + ": cannot listen on " + metrics + ": "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()), Cli.EXIT_USAGE);
        }
    }

    private static int serve(Duration grace, MetricsEndpoint metrics, Server... servers) {
        CountDownLatch stop = new CountDownLatch(1);
        AtomicInteger signals = new AtomicInteger();
        // A second signal stops the servers from the signal's thread: only once they have started,
        // never while start() is still binding (the stop after start() then sees the first signal).
        java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
        sun.misc.SignalHandler handler = sig -> {
            if (signals.incrementAndGet() == 1) {
                log.info("received SIG{}, stopping (grace {}; signal again to close at once)", sig.getName(),
                        DurationConverter.format(grace));
                stop.countDown();
            } else if (started.get()) {
                log.info("received SIG{} again, closing every connection now", sig.getName());
                for (Server s : servers) {
                    Thread.ofPlatform().daemon(true).start(() -> s.stop(Duration.ZERO));
                }
            }
        };
        // Handlers first, so a SIGTERM that arrives while binding still means a graceful stop.
        Signal.handle(new Signal("TERM"), handler);
        Signal.handle(new Signal("INT"), handler);
        for (int i = 0; i < servers.length; i++) {
            try {
                servers[i].start();
            } catch (BindFailure e) {
                for (int j = 0; j < i; j++) {
                    servers[j].stop(Duration.ZERO);
                }
                throw new UserError(e.getMessage());
            }
            servers[i].finished().thenRun(stop::countDown);
        }
        started.set(true);
        for (Server s : servers) {
            log.info("{}: listening on {}", s.name(), s.describeEndpoints());
        }
        if (metrics != null) {
            metrics.ready();
            log.info("metrics: listening on {} (and /healthz, /readyz)", metrics.url());
        }
        // Starting the platform MBean server takes longer than everything above together: not on the
        // way to "listening".
        Thread.ofVirtual().name("jmx-export").start(() -> {
            for (Server s : servers) {
                try {
                    StatsMBean.register(s.stats());
                } catch (javax.management.JMException | RuntimeException e) {
                    log.debug("{}: stats not exported over JMX: {}", s.name(), e.toString());
                }
            }
        });
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (metrics != null) {
            metrics.draining();
        }
        // All at once: one after the other would leave the later servers accepting during the earlier
        // ones' grace period, and make the whole stop take one grace period per server.
        boolean[] clean = new boolean[servers.length];
        Thread[] stoppers = new Thread[servers.length];
        for (int i = 0; i < servers.length; i++) {
            int k = i;
            stoppers[k] = Thread.ofPlatform().name(servers[k].name() + "-stop")
                    .start(() -> clean[k] = servers[k].stop(grace));
        }
        for (int i = 0; i < servers.length; i++) {
            joinUninterruptibly(stoppers[i]);
            var line = log.atInfo().setMessage("{}: stopped{};").addArgument(servers[i].name())
                    .addArgument(clean[i] ? "" : " (grace period over, connections closed)")
                    .addKeyValue("server", servers[i].name());
            servers[i].stats().snapshot().forEach(line::addKeyValue);
            line.log();
        }
        return Cli.EXIT_OK;
    }

    private static boolean stderrIsSocket() {
        try {
            return java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/2")).toString().startsWith("socket:");
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
