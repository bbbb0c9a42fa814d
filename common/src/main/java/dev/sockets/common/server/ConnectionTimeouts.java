package dev.sockets.common.server;

import dev.sockets.common.tcp.Connection;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idle and write timeouts of connections, checked by a {@link Watchdog}: aborts a connection whose
 * write has been blocked longer than the write timeout (a peer that stopped reading), closes one that
 * has neither read nor written for the idle timeout. {@code null} turns either off.
 */
public final class ConnectionTimeouts {

    private static final Logger log = LoggerFactory.getLogger(ConnectionTimeouts.class);

    private final String name;
    private final Duration idle;
    private final Duration write;
    private final Function<Connection, ServerStats.Transport> countersOf;

    /** Timeouts counted in {@code stats} as those of {@code tcp} connections. */
    public ConnectionTimeouts(String name, Duration idle, Duration write, ServerStats stats) {
        this(name, idle, write, c -> stats.transport(ServerStats.TCP));
    }

    /** Timeouts counted in the counters of each connection's transport ({@code countersOf}, null: not counted). */
    ConnectionTimeouts(String name, Duration idle, Duration write, Function<Connection, ServerStats.Transport> countersOf) {
        this.name = name;
        this.idle = idle;
        this.write = write;
        this.countersOf = countersOf;
    }

    /** Whether there is anything to enforce. */
    public boolean any() {
        return idle != null || write != null;
    }

    /** How often a watchdog should {@link #enforce} these. */
    public Duration tick() {
        return Watchdog.tickFor(idle, write);
    }

    /** One check of every connection in {@code connections}. */
    public void enforce(Iterable<Connection> connections) {
        long now = System.nanoTime();
        long idleNanos = idle == null ? 0 : idle.toNanos();
        long writeNanos = write == null ? 0 : write.toNanos();
        for (Connection c : connections) {
            if (!c.isOpen()) {
                continue; // already closed (by us on an earlier tick): its handler is on its way out; count it once
            }
            long writeStarted = c.writeStartedNanos();
            if (writeNanos > 0 && writeStarted != 0 && now - writeStarted > writeNanos) {
                ServerStats.Transport counters = countersOf.apply(c);
                if (counters != null) {
                    counters.writeTimeout();
                }
                log.debug("{}: closing {}: a write was blocked for {} (peer not reading)", name, c.remote(), write);
                c.abort();
            } else if (idleNanos > 0 && writeStarted == 0 && now - c.lastActivityNanos() > idleNanos) {
                ServerStats.Transport counters = countersOf.apply(c);
                if (counters != null) {
                    counters.idleTimeout();
                }
                log.debug("{}: closing {}: idle for {}", name, c.remote(), idle);
                c.close();
            }
        }
    }
}
