package dev.sockets.common.udp;

import dev.sockets.common.limit.AddressRateLimiter;
import java.net.InetAddress;

/**
 * The per-source reply limit of a UDP service, so the server cannot be used as a reflector at full
 * speed: each address may get {@code ratePerSecond} replies per second with bursts of {@code burst}
 * (an {@link AddressRateLimiter}). Loopback sources are limited too unless exempted: that is what ends a
 * loop between two servers on one host.
 * Thread-safe: one policy may be shared by several services.
 */
public final class ReplyRateLimiter {

    private final AddressRateLimiter perSource;

    public ReplyRateLimiter(double ratePerSecond, int burst, boolean exemptLoopback) {
        this.perSource = new AddressRateLimiter(ratePerSecond, burst, exemptLoopback);
    }

    ReplyRateLimiter(double ratePerSecond, int burst, boolean exemptLoopback, int maxTracked) {
        this.perSource = new AddressRateLimiter(ratePerSecond, burst, exemptLoopback, maxTracked);
    }

    /** No limit at all: a policy without a limiter. */
    public static ReplyRateLimiter unlimited() {
        return null;
    }

    /** Whether a reply to {@code source} may be sent now (takes a token if so). */
    public boolean tryAcquire(InetAddress source, long nowNanos) {
        return perSource.tryAcquire(source, nowNanos);
    }

    /** Addresses currently tracked (for tests and stats). */
    public int tracked() {
        return perSource.tracked();
    }
}
