package dev.sockets.common.server;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Limits of a TCP server, made with {@link #builder()} (or from {@link #defaults()} with a {@code with}
 * method, each a shorthand for {@code toBuilder().x(v).build()}). Zero for a count and {@code null} for
 * a duration mean "no limit". Immutable.
 */
public final class Limits {

    public static final int DEFAULT_BACKLOG = 1024;
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);
    /** Default new connections per second from one address, and burst: plenty for people and NAT, not for a flood. */
    public static final double DEFAULT_CONNECT_RATE = 200;
    public static final int DEFAULT_CONNECT_BURST = 400;

    private final int maxConnections;
    private final int maxConnectionsPerIp;
    private final boolean refuseWhenFull;
    private final byte[] refusalMessage;
    private final byte[] stoppingMessage;
    private final Duration idleTimeout;
    private final Duration writeTimeout;
    private final int backlog;
    private final Duration grace;
    private final double connectRatePerIp;
    private final int connectBurstPerIp;
    private final boolean limitLoopback;

    private Limits(Builder b) {
        if (b.maxConnections < 0 || b.maxConnectionsPerIp < 0 || b.backlog < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
        if (b.connectRatePerIp < 0 || b.connectBurstPerIp < 0) {
            throw new IllegalArgumentException("connect rate and burst must not be negative");
        }
        this.maxConnections = b.maxConnections;
        this.maxConnectionsPerIp = b.maxConnectionsPerIp;
        this.refuseWhenFull = b.refuseWhenFull;
        this.refusalMessage = b.refusalMessage == null ? new byte[0] : b.refusalMessage.clone();
        this.stoppingMessage = b.stoppingMessage == null ? refusalMessage : b.stoppingMessage.clone();
        this.idleTimeout = positiveOrNull(b.idleTimeout);
        this.writeTimeout = positiveOrNull(b.writeTimeout);
        this.backlog = b.backlog == 0 ? DEFAULT_BACKLOG : b.backlog;
        this.grace = b.grace == null || b.grace.isNegative() ? DEFAULT_GRACE : b.grace;
        this.connectRatePerIp = b.connectRatePerIp;
        this.connectBurstPerIp = b.connectRatePerIp > 0 && b.connectBurstPerIp < 1 ? 1 : b.connectBurstPerIp;
        this.limitLoopback = b.limitLoopback;
    }

    private static Duration positiveOrNull(Duration d) {
        return d == null || d.isZero() || d.isNegative() ? null : d;
    }

    /** No connection limits, default write timeout, backlog and grace. */
    public static Limits defaults() {
        return builder().build();
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these limits. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Concurrent connections; see {@link #refuseWhenFull()}. */
    public int maxConnections() {
        return maxConnections;
    }

    /** Concurrent connections from one IP address; excess ones are refused. */
    public int maxConnectionsPerIp() {
        return maxConnectionsPerIp;
    }

    /**
     * False: at {@link #maxConnections()} the listener stops accepting and further clients wait in the
     * backlog until one closes; true: they are accepted, sent {@link #refusalMessage()} and closed.
     */
    public boolean refuseWhenFull() {
        return refuseWhenFull;
    }

    /** Bytes sent to a refused client before closing (may be empty). */
    public byte[] refusalMessage() {
        return refusalMessage.clone();
    }

    /** Bytes sent to a client refused because the server is stopping (by default {@link #refusalMessage()}). */
    public byte[] stoppingMessage() {
        return stoppingMessage.clone();
    }

    /** Close a connection that has neither read nor written for this long. */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** Close a connection whose write has been blocked this long (a peer that never reads). */
    public Duration writeTimeout() {
        return writeTimeout;
    }

    public int backlog() {
        return backlog;
    }

    /** How long {@link Server#stop(Duration)} waits for connections to finish by default. */
    public Duration grace() {
        return grace;
    }

    /**
     * New connections per second accepted from one IP address (a token bucket with bursts of
     * {@link #connectBurstPerIp()}); faster ones are refused like per-IP excess. 0 = no limit. Loopback
     * clients are exempt unless {@link #limitLoopback()}.
     */
    public double connectRatePerIp() {
        return connectRatePerIp;
    }

    public int connectBurstPerIp() {
        return connectBurstPerIp;
    }

    public boolean limitLoopback() {
        return limitLoopback;
    }

    public Limits withMaxConnections(int max) {
        return toBuilder().maxConnections(max).build();
    }

    public Limits withMaxConnectionsPerIp(int max) {
        return toBuilder().maxConnectionsPerIp(max).build();
    }

    /** Refuse (rather than hold in the backlog) clients over the limits, sending them {@code message}. */
    public Limits refusingWith(String message) {
        return toBuilder().refusingWith(message).build();
    }

    public Limits refusingWhileStoppingWith(String message) {
        return toBuilder().refusingWhileStoppingWith(message).build();
    }

    public Limits withIdleTimeout(Duration timeout) {
        return toBuilder().idleTimeout(timeout).build();
    }

    public Limits withWriteTimeout(Duration timeout) {
        return toBuilder().writeTimeout(timeout).build();
    }

    public Limits withBacklog(int n) {
        return toBuilder().backlog(n).build();
    }

    public Limits withGrace(Duration g) {
        return toBuilder().grace(g).build();
    }

    /** Limits new connections per second from one address ({@code rate} 0 = off). */
    public Limits withConnectRatePerIp(double rate, int burst, boolean applyToLoopback) {
        return toBuilder().connectRatePerIp(rate, burst, applyToLoopback).build();
    }

    /** Collects limits; {@link #build()} checks and normalises them. */
    public static final class Builder {
        private int maxConnections;
        private int maxConnectionsPerIp;
        private boolean refuseWhenFull;
        private byte[] refusalMessage;
        private byte[] stoppingMessage;
        private Duration idleTimeout;
        private Duration writeTimeout = DEFAULT_WRITE_TIMEOUT;
        private int backlog = DEFAULT_BACKLOG;
        private Duration grace = DEFAULT_GRACE;
        private double connectRatePerIp;
        private int connectBurstPerIp;
        private boolean limitLoopback;

        private Builder() {
        }

        private Builder(Limits l) {
            maxConnections = l.maxConnections;
            maxConnectionsPerIp = l.maxConnectionsPerIp;
            refuseWhenFull = l.refuseWhenFull;
            refusalMessage = l.refusalMessage;
            stoppingMessage = l.stoppingMessage == l.refusalMessage ? null : l.stoppingMessage;
            idleTimeout = l.idleTimeout;
            writeTimeout = l.writeTimeout;
            backlog = l.backlog;
            grace = l.grace;
            connectRatePerIp = l.connectRatePerIp;
            connectBurstPerIp = l.connectBurstPerIp;
            limitLoopback = l.limitLoopback;
        }

        public Builder maxConnections(int max) {
            this.maxConnections = max;
            return this;
        }

        public Builder maxConnectionsPerIp(int max) {
            this.maxConnectionsPerIp = max;
            return this;
        }

        /** Refuse (rather than hold in the backlog) clients over the limits, sending them {@code message}. */
        public Builder refusingWith(String message) {
            this.refuseWhenFull = true;
            this.refusalMessage = message == null ? null : message.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** What a client refused because the server is stopping is told instead of the refusal message. */
        public Builder refusingWhileStoppingWith(String message) {
            this.stoppingMessage = message == null ? null : message.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        public Builder writeTimeout(Duration timeout) {
            this.writeTimeout = timeout;
            return this;
        }

        public Builder backlog(int n) {
            this.backlog = n;
            return this;
        }

        public Builder grace(Duration g) {
            this.grace = g;
            return this;
        }

        /** New connections per second from one address ({@code rate} 0 = off), with bursts of {@code burst}. */
        public Builder connectRatePerIp(double rate, int burst, boolean applyToLoopback) {
            this.connectRatePerIp = rate;
            this.connectBurstPerIp = burst;
            this.limitLoopback = applyToLoopback;
            return this;
        }

        public Limits build() {
            return new Limits(this);
        }
    }
}
