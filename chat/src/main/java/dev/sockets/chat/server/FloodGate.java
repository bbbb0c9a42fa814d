package dev.sockets.chat.server;

/**
 * Per-client token bucket for incoming lines ("fakelag"): each line takes a token; with none left the
 * reader waits until one accrues instead of dropping the line, so a flooder is slowed down to
 * {@code rate} lines per second while everyone else is unaffected. Used by one reader thread only.
 */
final class FloodGate {

    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long last = System.nanoTime();

    /** {@code rate} 0 disables flood control. */
    FloodGate(double rate, int burst) {
        this.ratePerNano = rate / 1e9;
        this.burst = burst;
        this.tokens = burst;
    }

    /** Takes a token for one line; returns how many nanoseconds to wait before processing it (0: now). */
    long take(long now) {
        if (ratePerNano == 0) {
            return 0;
        }
        tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
        last = now;
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / ratePerNano);
    }
}
