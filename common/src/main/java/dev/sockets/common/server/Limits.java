package dev.sockets.common.server;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Limits of a TCP server. Zero for a count and {@code null} for a duration mean "no limit".
 *
 * @param maxConnections concurrent connections; see {@code refuseWhenFull}
 * @param maxConnectionsPerIp concurrent connections from one IP address; excess ones are refused
 * @param refuseWhenFull false: at {@code maxConnections} the listener stops accepting and further
 *     clients wait in the backlog until one closes; true: they are accepted, sent
 *     {@code refusalMessage} and closed at once
 * @param refusalMessage bytes sent to a refused client before closing (may be empty)
 * @param idleTimeout close a connection that has neither read nor written for this long
 * @param writeTimeout close a connection whose write has been blocked this long (a peer that never reads)
 * @param backlog listen backlog
 * @param grace how long {@link Server#stop(Duration)} waits for connections to finish by default
 * @param connectRatePerIp new connections per second accepted from one IP address (a token bucket with
 *     bursts of {@code connectBurstPerIp}); faster ones are refused like per-IP excess. 0 = no limit.
 *     Loopback clients are exempt unless {@code limitLoopback}.
 * @param connectBurstPerIp burst size of that bucket
 * @param limitLoopback apply the connect rate limit to loopback clients too
 */
public record Limits(int maxConnections, int maxConnectionsPerIp, boolean refuseWhenFull, byte[] refusalMessage,
                     Duration idleTimeout, Duration writeTimeout, int backlog, Duration grace,
                     double connectRatePerIp, int connectBurstPerIp, boolean limitLoopback) {

    public static final int DEFAULT_BACKLOG = 1024;
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);
    /** Default new connections per second from one address, and burst: plenty for people and NAT, not for a flood. */
    public static final double DEFAULT_CONNECT_RATE = 200;
    public static final int DEFAULT_CONNECT_BURST = 400;

    public Limits {
        if (maxConnections < 0 || maxConnectionsPerIp < 0 || backlog < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
        refusalMessage = refusalMessage == null ? new byte[0] : refusalMessage.clone();
        if (idleTimeout != null && (idleTimeout.isZero() || idleTimeout.isNegative())) {
            idleTimeout = null;
        }
        if (writeTimeout != null && (writeTimeout.isZero() || writeTimeout.isNegative())) {
            writeTimeout = null;
        }
        if (backlog == 0) {
            backlog = DEFAULT_BACKLOG;
        }
        if (grace == null || grace.isNegative()) {
            grace = DEFAULT_GRACE;
        }
        if (connectRatePerIp < 0 || connectBurstPerIp < 0) {
            throw new IllegalArgumentException("connect rate and burst must not be negative");
        }
        if (connectRatePerIp > 0 && connectBurstPerIp < 1) {
            connectBurstPerIp = 1;
        }
    }

    /** No connection limits, default write timeout, backlog and grace. */
    public static Limits defaults() {
        return new Limits(0, 0, false, null, null, DEFAULT_WRITE_TIMEOUT, DEFAULT_BACKLOG, DEFAULT_GRACE, 0, 0, false);
    }

    public Limits withMaxConnections(int max) {
        return new Limits(max, maxConnectionsPerIp, refuseWhenFull, refusalMessage, idleTimeout, writeTimeout, backlog, grace,
                connectRatePerIp, connectBurstPerIp, limitLoopback);
    }

    public Limits withMaxConnectionsPerIp(int max) {
        return new Limits(maxConnections, max, refuseWhenFull, refusalMessage, idleTimeout, writeTimeout, backlog, grace,
                connectRatePerIp, connectBurstPerIp, limitLoopback);
    }

    /** Refuse (rather than hold in the backlog) clients over the limits, sending them {@code message}. */
    public Limits refusingWith(String message) {
        return new Limits(maxConnections, maxConnectionsPerIp, true,
                message == null ? null : message.getBytes(StandardCharsets.UTF_8), idleTimeout, writeTimeout, backlog, grace,
                connectRatePerIp, connectBurstPerIp, limitLoopback);
    }

    public Limits withIdleTimeout(Duration timeout) {
        return new Limits(maxConnections, maxConnectionsPerIp, refuseWhenFull, refusalMessage, timeout, writeTimeout, backlog, grace,
                connectRatePerIp, connectBurstPerIp, limitLoopback);
    }

    public Limits withWriteTimeout(Duration timeout) {
        return new Limits(maxConnections, maxConnectionsPerIp, refuseWhenFull, refusalMessage, idleTimeout, timeout, backlog, grace,
                connectRatePerIp, connectBurstPerIp, limitLoopback);
    }

    public Limits withBacklog(int n) {
        return new Limits(maxConnections, maxConnectionsPerIp, refuseWhenFull, refusalMessage, idleTimeout, writeTimeout, n, grace,
                connectRatePerIp, connectBurstPerIp, limitLoopback);
    }

    public Limits withGrace(Duration g) {
        return new Limits(maxConnections, maxConnectionsPerIp, refuseWhenFull, refusalMessage, idleTimeout, writeTimeout, backlog, g,
                connectRatePerIp, connectBurstPerIp, limitLoopback);
    }

    /** Limits new connections per second from one address ({@code rate} 0 = off). */
    public Limits withConnectRatePerIp(double rate, int burst, boolean applyToLoopback) {
        return new Limits(maxConnections, maxConnectionsPerIp, refuseWhenFull, refusalMessage, idleTimeout, writeTimeout,
                backlog, grace, rate, burst, applyToLoopback);
    }

    @Override
    public byte[] refusalMessage() {
        return refusalMessage.clone();
    }
}
