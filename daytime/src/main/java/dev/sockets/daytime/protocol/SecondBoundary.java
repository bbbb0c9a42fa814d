package dev.sockets.daytime.protocol;

import java.time.Duration;
import java.time.Instant;

/**
 * The offset of a server whose clock reads in whole seconds (RFC 868), narrowed from several samples.
 *
 * <p>A reply saying second {@code v} that we sent at {@code s} and received at {@code r} (our clock)
 * means the server's clock read {@code v <= t + offset < v + 1} at some local instant {@code t} in
 * {@code [s, r]}, so {@code v - r <= offset < v + 1 - s}: a 1-second window (plus the round trip). Each
 * sample's window is intersected with the others'. One sample gives ±0.5 s; the next is best timed
 * ({@link #nextRequest}) so that, by the current estimate, the server reads its clock right on a second
 * boundary: which side of the boundary it lands on halves the window (less half a round trip). Four
 * samples give about ±1/16 s plus half the round trip.
 *
 * <p>When a sample contradicts the window (the server's clock stepped, or does not tick at the rate of
 * ours), the window starts again from that sample. Not thread-safe.
 */
public final class SecondBoundary {

    private static final long SECOND = 1_000_000_000L;

    private long lowNanos = Long.MIN_VALUE;
    private long highNanos = Long.MAX_VALUE;
    private int samples;
    private Duration lastRoundTrip = Duration.ZERO;

    /** Adds one exchange in which the server reported the second starting at {@code serverSecond}. */
    public void add(Instant sent, Instant received, Instant serverSecond) {
        long v = nanos(serverSecond);
        long low = v - nanos(received);
        long high = v + SECOND - nanos(sent);
        long newLow = Math.max(lowNanos, low);
        long newHigh = Math.min(highNanos, high);
        if (newLow > newHigh) {
            newLow = low;
            newHigh = high;
            samples = 0;
        }
        lowNanos = newLow;
        highNanos = newHigh;
        samples++;
        lastRoundTrip = Duration.between(sent, received);
    }

    /** How many samples the window is made of (since the last contradiction). */
    public int samples() {
        return samples;
    }

    /** Server minus local, the middle of the window: positive when the server is ahead. */
    public Duration offset() {
        requireSample();
        return Duration.ofNanos(lowNanos + (highNanos - lowNanos) / 2);
    }

    /** Half the window's width: the true offset is within {@link #offset()} ± this. */
    public Duration error() {
        requireSample();
        return Duration.ofNanos((highNanos - lowNanos + 1) / 2);
    }

    /**
     * When (our clock, not before {@code now}) to send the next request so that the server, by the
     * current estimate, reads its clock on a second boundary: half the last round trip after sending.
     */
    public Instant nextRequest(Instant now) {
        requireSample();
        long halfTrip = lastRoundTrip.toNanos() / 2;
        long serverAtArrival = nanos(now) + halfTrip + offset().toNanos();
        long toBoundary = Math.floorMod(-serverAtArrival, SECOND);
        return now.plusNanos(toBoundary);
    }

    private void requireSample() {
        if (samples == 0) {
            throw new IllegalStateException("no sample yet");
        }
    }

    private static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), SECOND), t.getNano());
    }
}
