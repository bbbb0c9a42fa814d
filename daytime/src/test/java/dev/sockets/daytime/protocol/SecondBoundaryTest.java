package dev.sockets.daytime.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The offset window of whole-second samples, against a simulated server whose true offset is known. */
class SecondBoundaryTest {

    private static final Instant START = Instant.parse("2026-12-01T10:00:00.123456789Z");
    private static final Duration ROUND_TRIP = Duration.ofMillis(2);

    /** The second a server {@code offset} ahead reads at local {@code t}. */
    private static Instant serverSecond(Instant t, Duration offset) {
        return Instant.ofEpochSecond(t.plus(offset).getEpochSecond());
    }

    private static void sample(SecondBoundary w, Instant sent, Duration offset) {
        Instant read = sent.plus(ROUND_TRIP.dividedBy(3)); // anywhere inside the round trip
        w.add(sent, sent.plus(ROUND_TRIP), serverSecond(read, offset));
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    @Test
    void oneSampleBoundsTheOffsetToHalfASecondAndMoreSamplesHalveIt() {
        for (Duration truth : new Duration[] {Duration.ofMillis(300), Duration.ofMillis(-2700), Duration.ZERO, Duration.ofMillis(999)}) {
            SecondBoundary w = new SecondBoundary();
            sample(w, START, truth);
            assertThat(seconds(w.error())).isBetween(0.5, 0.5 + seconds(ROUND_TRIP));
            assertThat(Math.abs(seconds(w.offset().minus(truth)))).isLessThanOrEqualTo(seconds(w.error()));
            Instant now = START.plus(ROUND_TRIP);
            for (int i = 2; i <= 6; i++) {
                Instant next = w.nextRequest(now);
                assertThat(next).isAfterOrEqualTo(now).isBefore(now.plusSeconds(1));
                sample(w, next, truth);
                now = next.plus(ROUND_TRIP);
                assertThat(Math.abs(seconds(w.offset().minus(truth)))).as("%s after %d samples", truth, i)
                        .isLessThanOrEqualTo(seconds(w.error()));
            }
            assertThat(w.samples()).isEqualTo(6);
            // five halvings: 1/64 s, plus half a round trip lost at each
            assertThat(seconds(w.error())).as("%s", truth).isLessThan(1.0 / 64 + seconds(ROUND_TRIP));
        }
    }

    @Test
    void aSampleThatContradictsTheWindowStartsItAgain() {
        SecondBoundary w = new SecondBoundary();
        sample(w, START, Duration.ZERO);
        sample(w, w.nextRequest(START.plus(ROUND_TRIP)), Duration.ZERO);
        assertThat(w.samples()).isEqualTo(2);
        // the server's clock stepped 10 s ahead
        sample(w, START.plusSeconds(3), Duration.ofSeconds(10));
        assertThat(w.samples()).isEqualTo(1);
        assertThat(seconds(w.offset())).isBetween(10.0 - 0.5 - seconds(ROUND_TRIP), 10.5);
    }
}
