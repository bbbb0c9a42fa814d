package dev.sockets.common.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockets.common.net.Endpoint;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReplyRateLimiterTest {

    private static final InetAddress A = Endpoint.parseAddress("192.0.2.1");
    private static final InetAddress B = Endpoint.parseAddress("192.0.2.2");
    private static final InetAddress C = Endpoint.parseAddress("2001:db8::3");
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void aBurstThenTheRate() {
        ReplyRateLimiter limiter = new ReplyRateLimiter(10, 3, true); // 10/s = one token per 100 ms
        long t = 1_000 * MS;
        assertThat(limiter.tryAcquire(A, t)).isTrue();
        assertThat(limiter.tryAcquire(A, t)).isTrue();
        assertThat(limiter.tryAcquire(A, t)).isTrue();
        assertThat(limiter.tryAcquire(A, t)).isFalse();
        assertThat(limiter.tryAcquire(A, t + 50 * MS)).isFalse();
        assertThat(limiter.tryAcquire(A, t + 100 * MS)).isTrue(); // one token refilled
        assertThat(limiter.tryAcquire(A, t + 100 * MS)).isFalse();
        // a long pause refills to the burst, not beyond
        long later = t + 60_000 * MS;
        assertThat(limiter.tryAcquire(A, later)).isTrue();
        assertThat(limiter.tryAcquire(A, later)).isTrue();
        assertThat(limiter.tryAcquire(A, later)).isTrue();
        assertThat(limiter.tryAcquire(A, later)).isFalse();
    }

    @Test
    void sourcesHaveTheirOwnBuckets() {
        ReplyRateLimiter limiter = new ReplyRateLimiter(1, 1, true);
        assertThat(limiter.tryAcquire(A, 0)).isTrue();
        assertThat(limiter.tryAcquire(A, 0)).isFalse();
        assertThat(limiter.tryAcquire(B, 0)).isTrue();
        assertThat(limiter.tryAcquire(C, 0)).isTrue();
        assertThat(limiter.tracked()).isEqualTo(3);
    }

    @Test
    void loopbackIsExemptUnlessConfigured() {
        InetAddress v4 = Endpoint.parseAddress("127.0.0.1");
        InetAddress v6 = Endpoint.parseAddress("::1");
        ReplyRateLimiter exempt = new ReplyRateLimiter(1, 1, true);
        for (int i = 0; i < 1000; i++) {
            assertThat(exempt.tryAcquire(v4, 0)).isTrue();
            assertThat(exempt.tryAcquire(v6, 0)).isTrue();
        }
        assertThat(exempt.tracked()).isZero();

        ReplyRateLimiter strict = new ReplyRateLimiter(1, 1, false);
        assertThat(strict.tryAcquire(v4, 0)).isTrue();
        assertThat(strict.tryAcquire(v4, 0)).isFalse();
    }

    @Test
    void memoryIsBoundedUnderAFloodOfSources() {
        ReplyRateLimiter limiter = new ReplyRateLimiter(1, 2, false, 64);
        for (int i = 0; i < 10_000; i++) {
            InetAddress spoofed = Endpoint.parseAddress("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
            limiter.tryAcquire(spoofed, i * MS);
            assertThat(limiter.tracked()).isLessThanOrEqualTo(64);
        }
    }

    @Test
    void refilledBucketsAreEvictedFirstAndEmptyOnesKept() {
        ReplyRateLimiter limiter = new ReplyRateLimiter(1, 2, false, 2); // 1 token per second
        long t0 = 0;
        assertThat(limiter.tryAcquire(A, t0)).isTrue();
        assertThat(limiter.tryAcquire(A, t0)).isTrue(); // A is empty
        assertThat(limiter.tryAcquire(B, t0)).isTrue(); // B has 1 left
        long t1 = 1_000 * MS; // B is full again, A has 1
        assertThat(limiter.tryAcquire(C, t1)).isTrue(); // table full: B goes, A stays
        assertThat(limiter.tracked()).isEqualTo(2);
        assertThat(limiter.tryAcquire(A, t1)).isTrue();
        assertThat(limiter.tryAcquire(A, t1)).as("A's bucket was kept, not reset to a full burst").isFalse();
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new ReplyRateLimiter(0, 1, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rate must be > 0 and burst >= 1");
        assertThatThrownBy(() -> new ReplyRateLimiter(1, 0, true)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ReplyRateLimiter.unlimited()).isNull();
    }
}
