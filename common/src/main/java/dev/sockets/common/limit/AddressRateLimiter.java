package dev.sockets.common.limit;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A {@link TokenBucket} per source address: each address may do {@code ratePerSecond} things per second
 * with bursts of {@code burst}. Loopback sources may be exempt, since they cannot be spoofed from the
 * network.
 *
 * <p>Thread-safe; uncontended in the usual case of one calling thread. Memory is bounded: buckets that
 * refilled completely are evicted when the table grows past {@code maxTracked}.
 */
public final class AddressRateLimiter {

    private final double ratePerSecond;
    private final int burst;
    private final boolean exemptLoopback;
    private final int maxTracked;
    private final Map<InetAddress, TokenBucket> buckets = new HashMap<>();

    public AddressRateLimiter(double ratePerSecond, int burst, boolean exemptLoopback) {
        this(ratePerSecond, burst, exemptLoopback, 100_000);
    }

    public AddressRateLimiter(double ratePerSecond, int burst, boolean exemptLoopback, int maxTracked) {
        if (ratePerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 1");
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.exemptLoopback = exemptLoopback;
        this.maxTracked = maxTracked;
    }

    /** Whether {@code source} may go ahead now (takes a token if so). */
    public synchronized boolean tryAcquire(InetAddress source, long nowNanos) {
        if (exemptLoopback && source.isLoopbackAddress()) {
            return true;
        }
        TokenBucket b = buckets.get(source);
        if (b == null) {
            if (buckets.size() >= maxTracked) {
                evictFull(nowNanos);
            }
            b = new TokenBucket(ratePerSecond, burst, nowNanos);
            buckets.put(source, b);
        }
        return b.tryTake(nowNanos);
    }

    /**
     * Whether {@code source} would be let go ahead now, without taking a token: for a check before costly
     * work whose outcome decides whether a token is taken at all (a login's password hash, say).
     */
    public synchronized boolean wouldAllow(InetAddress source, long nowNanos) {
        if (exemptLoopback && source.isLoopbackAddress()) {
            return true;
        }
        TokenBucket b = buckets.get(source);
        return b == null || b.hasTokenAt(nowNanos);
    }

    private void evictFull(long nowNanos) {
        for (Iterator<TokenBucket> it = buckets.values().iterator(); it.hasNext(); ) {
            if (it.next().isFullAt(nowNanos)) {
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
