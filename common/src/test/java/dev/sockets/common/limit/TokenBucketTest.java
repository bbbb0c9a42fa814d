package dev.sockets.common.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long MS = 1_000_000;

    @Test
    void tryTakeAllowsTheBurstThenOnePerRefill() {
        TokenBucket b = new TokenBucket(10, 2, 0); // one token per 100 ms
        assertThat(b.tryTake(0)).isTrue();
        assertThat(b.tryTake(0)).isTrue();
        assertThat(b.tryTake(0)).isFalse();
        assertThat(b.tryTake(99 * MS)).isFalse();
        assertThat(b.tryTake(100 * MS)).isTrue();
        assertThat(b.isFullAt(100 * MS)).isFalse();
        assertThat(b.isFullAt(300 * MS)).isTrue();
    }

    @Test
    void hasTokenAtLooksWithoutTaking() {
        TokenBucket b = new TokenBucket(10, 1, 0);
        assertThat(b.hasTokenAt(0)).isTrue();
        assertThat(b.hasTokenAt(0)).as("looking took nothing").isTrue();
        assertThat(b.tryTake(0)).isTrue();
        assertThat(b.hasTokenAt(50 * MS)).isFalse();
        assertThat(b.hasTokenAt(100 * MS)).isTrue();
    }

    @Test
    void takeGoesIntoDebtAndSaysHowLongToWait() {
        TokenBucket b = new TokenBucket(10, 1, 0);
        assertThat(b.take(0)).isZero();
        assertThat(b.take(0)).isEqualTo(100 * MS);
        assertThat(b.take(0)).isEqualTo(200 * MS);
        assertThat(b.take(300 * MS)).isZero(); // the debt was paid and one token accrued
    }

    @Test
    void refillNeverExceedsTheBurst() {
        TokenBucket b = new TokenBucket(1000, 3, 0);
        long later = 10_000 * MS;
        int taken = 0;
        while (b.tryTake(later)) {
            taken++;
        }
        assertThat(taken).isEqualTo(3);
    }

    @Test
    void aRateOfZeroIsRefused() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
