package dev.sockets.common.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressRateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void eachAddressHasItsOwnBudget() throws Exception {
        AddressRateLimiter limiter = new AddressRateLimiter(1, 2, false);
        InetAddress a = InetAddress.getByName("192.0.2.1");
        InetAddress b = InetAddress.getByName("192.0.2.2");
        assertThat(limiter.tryAcquire(a, 0)).isTrue();
        assertThat(limiter.tryAcquire(a, 0)).isTrue();
        assertThat(limiter.tryAcquire(a, 0)).isFalse();
        assertThat(limiter.tryAcquire(b, 0)).as("another address is not charged").isTrue();
        assertThat(limiter.tryAcquire(a, SECOND)).as("refilled").isTrue();
    }

    @Test
    void wouldAllowAnswersWhatTryAcquireWouldWithoutTakingAToken() throws Exception {
        AddressRateLimiter limiter = new AddressRateLimiter(1, 1, false);
        InetAddress a = InetAddress.getByName("192.0.2.1");
        assertThat(limiter.wouldAllow(a, 0)).as("an address never seen").isTrue();
        assertThat(limiter.tracked()).as("looking tracks nothing").isZero();
        assertThat(limiter.wouldAllow(a, 0)).isTrue();
        assertThat(limiter.tryAcquire(a, 0)).as("the looks took nothing").isTrue();
        assertThat(limiter.wouldAllow(a, 0)).isFalse();
        assertThat(limiter.tryAcquire(a, 0)).isFalse();
        assertThat(limiter.wouldAllow(a, SECOND)).isTrue();
    }

    @Test
    void loopbackMayBeExempt() throws Exception {
        AddressRateLimiter limiter = new AddressRateLimiter(1, 1, true);
        InetAddress lo = InetAddress.getLoopbackAddress();
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire(lo, 0)).isTrue();
        }
        assertThat(limiter.wouldAllow(lo, 0)).isTrue();
    }
}
