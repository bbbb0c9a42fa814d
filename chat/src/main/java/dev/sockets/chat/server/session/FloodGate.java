package dev.sockets.chat.server.session;

import dev.sockets.common.limit.TokenBucket;

/**
 * Per-client token bucket for incoming lines ("fakelag"): each line takes a token; with none left the
 * reader waits until one accrues instead of dropping the line, so a flooder is slowed down to
 * {@code rate} lines per second while everyone else is unaffected. Used by one reader thread only.
 */
final class FloodGate {

    private final TokenBucket bucket;

    /** {@code rate} 0 disables flood control. */
    FloodGate(double rate, int burst) {
        this.bucket = rate == 0 ? null : new TokenBucket(rate, burst, System.nanoTime());
    }

    /** Takes a token for one line; returns how many nanoseconds to wait before processing it (0: now). */
    long take(long now) {
        return bucket == null ? 0 : bucket.take(now);
    }
}
