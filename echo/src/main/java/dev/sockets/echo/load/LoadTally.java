package dev.sockets.echo.load;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The counters and latency histogram of one load run, written concurrently by every connection.
 * Latencies are recorded in nanoseconds, from a message's send to the arrival of its last echoed byte.
 */
public final class LoadTally {

    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(10);

    final LongAdder sent = new LongAdder();
    final LongAdder verified = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    final LongAdder ioErrors = new LongAdder();
    final LongAdder mismatches = new LongAdder();
    final LongAdder unanswered = new LongAdder();
    final LongAdder lost = new LongAdder();
    final LongAdder late = new LongAdder();
    private final ConcurrentHistogram latency = new ConcurrentHistogram(HIGHEST_NANOS, 3);

    void verified(long latencyNanos) {
        verified.increment();
        latency.recordValue(Math.min(HIGHEST_NANOS, Math.max(0, latencyNanos)));
    }

    public long sent() {
        return sent.sum();
    }

    /** Messages whose echo came back complete and correct. */
    public long verified() {
        return verified.sum();
    }

    public long connectFailures() {
        return connectFailures.sum();
    }

    public long ioErrors() {
        return ioErrors.sum();
    }

    public long mismatches() {
        return mismatches.sum();
    }

    /** TCP messages still without an echo when the run ended. */
    public long unanswered() {
        return unanswered.sum();
    }

    /** UDP datagrams whose echo did not arrive within the timeout. */
    public long lost() {
        return lost.sum();
    }

    /** UDP echoes that arrived after their datagram was counted lost. */
    public long late() {
        return late.sum();
    }

    /** Everything that went wrong except UDP loss: failed connects, I/O errors, wrong bytes, missing TCP echoes. */
    public long errors() {
        return connectFailures() + ioErrors() + mismatches() + unanswered();
    }

    /** A copy of the latency histogram (nanoseconds). */
    public Histogram latency() {
        return latency.copy();
    }
}
