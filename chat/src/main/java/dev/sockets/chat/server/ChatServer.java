package dev.sockets.chat.server;

import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.chat.server.command.CommandTable;
import dev.sockets.common.net.BindFailure;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Limits;
import dev.sockets.common.server.Server;
import dev.sockets.common.server.ServerStats;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The IRC-subset chat server: a {@code common} {@link Server} named {@code chat} whose connections each
 * run a client session, plus the shared {@link Registry}, the command table, and a housekeeping thread
 * for registration and ping timeouts.
 *
 * <p>Lifecycle: {@link #start()} binds; {@link #server()} is what {@code ServerRunner} runs and stops.
 * When the server stops, every client gets a NOTICE and {@code ERROR :Server shutting down}, their
 * queues flush within the grace period, then the sockets close. Thread-safe.
 */
public final class ChatServer implements AutoCloseable {

    private final ChatConfig config;
    private final Server server;
    private final Registry registry = new Registry();
    private final CommandTable commands = CommandTable.standard();
    private final ServerStats stats = new ServerStats("chat");
    private final LongAdder messagesIn = stats.counter("messages_in");
    private final LongAdder messagesOut = stats.counter("messages_out");
    private final Instant created = Instant.now();
    private final String version = "sockets-" + dev.sockets.common.cli.Cli.version();
    private final java.util.concurrent.atomic.AtomicBoolean housekeeping = new java.util.concurrent.atomic.AtomicBoolean();
    private final ScheduledExecutorService housekeeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("chat-housekeeper").daemon(true).factory());

    /**
     * @param statsInterval how often to log the stats line (null: only when stopped)
     */
    public ChatServer(ChatConfig config, Endpoint endpoint, Limits limits, Duration statsInterval) {
        this.config = config;
        stats.gauge("clients", registry::clientCount);
        stats.gauge("channels", registry::channelCount);
        for (Departure d : Departure.values()) {
            stats.counter(d.counterName());
        }
        this.server = Server.builder("chat")
                .tcp(endpoint, connection -> {
                    startHousekeeping();
                    new Session(this, connection).run();
                })
                .limits(limits)
                .statsInterval(statsInterval)
                .stats(stats)
                .onStopping(this::shuttingDown)
                .build();
    }

    /**
     * Binds and starts serving; returns the bound endpoint. Starting {@link #server()} directly (as
     * {@code ServerRunner} does) is equivalent.
     */
    public Endpoint start() throws BindFailure {
        return server.start().get(0);
    }

    /** The underlying server (for {@code ServerRunner}, endpoints, stats). */
    public Server server() {
        return server;
    }

    public ChatConfig config() {
        return config;
    }

    public Registry registry() {
        return registry;
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

    void countIn() {
        messagesIn.increment();
    }

    void countOut(int n) {
        messagesOut.add(n);
    }

    void wakeReader(Client c) {
        c.closeInput();
    }

    /** Starts the timeout checks with the first connection (the server may be started by others). */
    private void startHousekeeping() {
        if (housekeeping.compareAndSet(false, true) && !server.isStopping()) {
            long tick = Math.max(10, Math.min(1000, Math.min(config.registerTimeout().toMillis(),
                    Math.min(config.pingInterval().toMillis(), config.pingTimeout().toMillis())) / 4));
            try {
                housekeeper.scheduleWithFixedDelay(this::enforceTimeouts, tick, tick, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // stopping already: no timeouts to enforce any more
            }
        }
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
        housekeeper.shutdownNow();
        for (Client c : registry.clients()) {
            c.send(IrcLine.formatTrailing(config.serverName(), "NOTICE", c.nickOrStar(),
                    "*** Server shutting down"));
            c.disconnect(Departure.SHUTDOWN, "Server shutting down", "Server shutting down", false);
        }
    }

    /** Stops with the limits' grace period. */
    @Override
    public void close() {
        server.close();
        housekeeper.shutdownNow();
    }
}
