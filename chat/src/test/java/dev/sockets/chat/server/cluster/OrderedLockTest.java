package dev.sockets.chat.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockets.chat.server.state.Registry;
import org.junit.jupiter.api.Test;

/** The cluster's lock order is code: taking a lock out of order fails at once instead of deadlocking later. */
class OrderedLockTest {

    private final Registry registry = new Registry();
    private final OrderedLock join = new OrderedLock("join", registry::lockedByCurrentThread);
    private final OrderedLock nicks = join.inner("nick claims");
    private final OrderedLock liveness = nicks.inner("liveness");

    @Test
    void locksTakenInOrderAndReentryAreFine() {
        try (OrderedLock.Held a = join.hold(); OrderedLock.Held b = nicks.hold(); OrderedLock.Held c = liveness.hold();
                OrderedLock.Held again = nicks.hold()) {
            assertThat(liveness.isHeldByCurrentThread()).isTrue();
            registry.exclusive(() -> assertThat(registry.lockedByCurrentThread()).isTrue());
        }
        assertThat(join.isHeldByCurrentThread()).isFalse();
        assertThat(nicks.isHeldByCurrentThread()).isFalse();
    }

    @Test
    void anOuterLockUnderAnInnerOneFails() {
        try (OrderedLock.Held c = liveness.hold()) {
            assertThatThrownBy(join::hold).isInstanceOf(IllegalStateException.class)
                    .hasMessage("lock order: taking the join lock while holding the liveness lock");
            assertThatThrownBy(nicks::tryHold).isInstanceOf(IllegalStateException.class);
        }
        try (OrderedLock.Held b = nicks.hold()) {
            assertThatThrownBy(join::tryHold).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("holding the nick claims lock");
        }
        assertThat(join.isHeldByCurrentThread()).as("nothing was taken by the refused calls").isFalse();
    }

    @Test
    void noClusterLockUnderTheRegistryLock() {
        registry.exclusive(() -> {
            assertThatThrownBy(liveness::hold).isInstanceOf(IllegalStateException.class)
                    .hasMessage("lock order: taking the liveness lock while holding the registry lock");
            assertThatThrownBy(join::hold).isInstanceOf(IllegalStateException.class);
        });
    }

    @Test
    void tryHoldGivesNothingWhileAnotherThreadHoldsTheLock() throws InterruptedException {
        try (OrderedLock.Held a = join.hold()) {
            boolean[] got = new boolean[1];
            Thread t = Thread.ofPlatform().start(() -> {
                OrderedLock.Held h = join.tryHold();
                got[0] = h != null;
                if (h != null) {
                    h.close();
                }
            });
            t.join();
            assertThat(got[0]).isFalse();
        }
    }
}
