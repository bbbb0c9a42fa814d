package dev.sockets.common.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AddressSlotsTest {

    private static final InetAddress ONE = InetAddress.getLoopbackAddress();
    private static final InetAddress TWO;

    static {
        try {
            TWO = InetAddress.getByName("127.0.0.2");
        } catch (java.net.UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Test
    void oneAddressAtItsLimitLeavesOthersTheirOwn() {
        AddressSlots slots = new AddressSlots(2);
        assertThat(slots.tryAcquire(ONE)).isTrue();
        assertThat(slots.tryAcquire(ONE)).isTrue();
        assertThat(slots.tryAcquire(ONE)).as("third from the same address").isFalse();
        assertThat(slots.held(ONE)).isEqualTo(2);
        assertThat(slots.tryAcquire(TWO)).as("another loopback address").isTrue();
        slots.release(ONE);
        assertThat(slots.tryAcquire(ONE)).as("a slot given back can be taken again").isTrue();
    }

    @Test
    void anAddressWithNoSlotLeftIsForgotten() {
        AddressSlots slots = new AddressSlots(3);
        slots.tryAcquire(ONE);
        slots.tryAcquire(ONE);
        slots.release(ONE);
        slots.release(ONE);
        assertThat(slots.addresses()).isZero();
        assertThat(slots.held(ONE)).isZero();
    }

    @Test
    void zeroMeansNoLimit() {
        AddressSlots slots = new AddressSlots(0);
        for (int i = 0; i < 10_000; i++) {
            assertThat(slots.tryAcquire(ONE)).isTrue();
        }
        assertThat(slots.addresses()).isZero();
    }

    @Test
    void concurrentCallersNeverExceedTheLimitAndLeaveNothingBehind() throws InterruptedException {
        AddressSlots slots = new AddressSlots(5);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch done = new CountDownLatch(8);
        for (int t = 0; t < 8; t++) {
            pool.execute(() -> {
                for (int i = 0; i < 20_000; i++) {
                    if (slots.tryAcquire(ONE)) {
                        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        inside.decrementAndGet();
                        slots.release(ONE);
                    }
                }
                done.countDown();
            });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        pool.shutdown();
        assertThat(most.get()).isBetween(1, 5);
        assertThat(slots.addresses()).isZero();
    }
}
