package dev.sockets.echo.load;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Caps the total message rate of all connections: each message claims the next free time slot,
 * {@code 1/rate} after the previous one. Time lost (no one was ready to send) is not made up in a
 * burst. Thread-safe.
 */
final class Pacer {

    private final long intervalNanos;
    private final AtomicLong next;

    Pacer(double ratePerSecond, long startNanos) {
        this.intervalNanos = Math.max(1, (long) (1e9 / ratePerSecond));
        this.next = new AtomicLong(startNanos);
    }

    /** Claims a slot; returns its time (possibly in the future). */
    long claim() {
        long now = System.nanoTime();
        return next.accumulateAndGet(now, (v, n) -> Math.max(v, n) + intervalNanos) - intervalNanos;
    }

    /** Claims a slot and waits for it; false (without waiting) when the slot lies at or after {@code endNanos}. */
    boolean await(long endNanos) {
        long slot = claim();
        if (slot - endNanos >= 0) {
            return false;
        }
        long wait;
        while ((wait = slot - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait); // pacing to the requested rate, bounded by the slot time
        }
        return true;
    }
}
