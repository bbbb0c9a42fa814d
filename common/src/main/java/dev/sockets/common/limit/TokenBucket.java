package dev.sockets.common.limit;

/**
 * A token bucket: {@code ratePerSecond} tokens accrue up to {@code burst}; each event takes one. Time is
 * passed in (nanoTime) so callers read the clock once and tests need no clock. Not thread-safe: the
 * owner serialises access.
 */
public final class TokenBucket {

    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long lastNanos;

    /** A full bucket. */
    public TokenBucket(double ratePerSecond, double burst, long nowNanos) {
        if (ratePerSecond <= 0 || burst < 0) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 0");
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    private void refill(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * ratePerNano);
        lastNanos = nowNanos;
    }

    /** Takes a token if one is there: true when the event may happen now. */
    public boolean tryTake(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /**
     * Takes a token even when none is there (going into debt): returns how many nanoseconds the caller
     * must wait for it, 0 for at once. For callers that delay an event rather than drop it.
     */
    public long take(long nowNanos) {
        refill(nowNanos);
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / ratePerNano);
    }

    /** Whether a token is there at {@code nowNanos}, without taking it: {@link #tryTake} would succeed. */
    public boolean hasTokenAt(long nowNanos) {
        return Math.min(burst, tokens + (nowNanos - lastNanos) * ratePerNano) >= 1;
    }

    /** Whether the bucket would be full at {@code nowNanos} (forgetting it then loses nothing). */
    public boolean isFullAt(long nowNanos) {
        return tokens + (nowNanos - lastNanos) * ratePerNano >= burst;
    }
}
