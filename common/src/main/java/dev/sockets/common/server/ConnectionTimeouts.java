package dev.sockets.common.server;

import dev.sockets.common.tcp.Connection;
import java.time.Duration;
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
    private final ServerStats stats;

    public ConnectionTimeouts(String name, Duration idle, Duration write, ServerStats stats) {
        this.name = name;
        this.idle = idle;
        this.write = write;
        this.stats = stats;
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
                stats.writeTimeout();
                log.debug("{}: closing {}: a write was blocked for {} (peer not reading)", name, c.remote(), write);
                c.abort();
            } else if (idleNanos > 0 && writeStarted == 0 && now - c.lastActivityNanos() > idleNanos) {
                stats.idleTimeout();
                log.debug("{}: closing {}: idle for {}", name, c.remote(), idle);
                c.close();
            }
        }
    }
}
