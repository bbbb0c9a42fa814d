package dev.sockets.common.udp;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A token bucket per source address for UDP replies, so the server cannot be used as a reflector at
 * full speed: each address may get {@code ratePerSecond} replies per second with bursts of
 * {@code burst}. Loopback sources are exempt unless configured otherwise, since they cannot be
 * spoofed from the network.
 *
 * <p>Thread-safe (one policy may be shared by several services, each with its own receive thread);
 * uncontended in the usual case of one receive thread. Memory is bounded:
 * buckets that refilled completely are evicted when the table grows past {@code maxTracked}.
 */
public final class ReplyRateLimiter {

    private final double ratePerNano;
    private final double burst;
    private final boolean exemptLoopback;
    private final int maxTracked;
    private final Map<InetAddress, Bucket> buckets = new HashMap<>();

    private static final class Bucket {
        double tokens;
        long lastNanos;
    }

    public ReplyRateLimiter(double ratePerSecond, int burst, boolean exemptLoopback) {
        this(ratePerSecond, burst, exemptLoopback, 100_000);
    }

    ReplyRateLimiter(double ratePerSecond, int burst, boolean exemptLoopback, int maxTracked) {
        if (ratePerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.exemptLoopback = exemptLoopback;
        this.maxTracked = maxTracked;
    }

    /** No limit at all. */
    public static ReplyRateLimiter unlimited() {
        return null;
    }

    /** Whether a reply to {@code source} may be sent now (takes a token if so). */
    public synchronized boolean tryAcquire(InetAddress source, long nowNanos) {
        if (exemptLoopback && source.isLoopbackAddress()) {
            return true;
        }
        Bucket b = buckets.get(source);
        if (b == null) {
            if (buckets.size() >= maxTracked) {
                evictFull(nowNanos);
            }
            b = new Bucket();
            b.tokens = burst;
            b.lastNanos = nowNanos;
            buckets.put(source, b);
        } else {
            b.tokens = Math.min(burst, b.tokens + (nowNanos - b.lastNanos) * ratePerNano);
            b.lastNanos = nowNanos;
        }
        if (b.tokens >= 1) {
            b.tokens -= 1;
            return true;
        }
        return false;
    }

    private void evictFull(long nowNanos) {
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            Bucket b = it.next();
            if (b.tokens + (nowNanos - b.lastNanos) * ratePerNano >= burst) {
                it.remove();
            }
        }
        if (buckets.size() >= maxTracked) {
            buckets.clear(); // under a flood of distinct sources: forget rather than grow
        }
    }

    /** Addresses currently tracked (for tests and stats). */
    public synchronized int tracked() {
        return buckets.size();
    }
}
