package dev.sockets.chat.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.chat.server.state.Registry;
import dev.sockets.chat.server.state.Replica;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Nick claims alone on the in-memory bus: a nick is claimed once network-wide, released only after what
 * was queued before it and never from under a client that took it again, claimed again after the bus
 * lost everything, and a lease that cannot be renewed for a whole lease splits the node.
 */
@Timeout(30)
class NickClaimsTest {

    private static final Duration LEASE = Duration.ofMillis(600);

    private final MemoryBus bus = new MemoryBus();
    private final MemoryBus.Node backplane = bus.connect();
    private final Registry registry = new Registry();
    private final Replica replica = new Replica(registry, "irc.local");
    private final OrderedLock joinLock = new OrderedLock("join", registry::lockedByCurrentThread);
    // A long silence allowed: no heartbeat here keeps the bus busy.
    private final Membership membership = new Membership(backplane, "n1", "memory bus", Duration.ofSeconds(20), joinLock);
    private final Publisher publisher = new Publisher(backplane, BusIdentity.of("n1"), membership, "irc.local");
    private final NickClaims nicks = new NickClaims(backplane, "n1", LEASE, membership, publisher,
            joinLock.inner("nick claims"));

    /** Starts the membership, whose joins claim the nicks afresh as a node's do. */
    private void startMembership() {
        membership.start(replica, new Membership.Steps() {
            @Override
            public void claimNicksAfresh() throws IOException {
                nicks.reclaim(true, replica);
            }

            @Override
            public void announce() {
            }

            @Override
            public void forgetOthers() {
            }
        }, bytes -> { });
        membership.awaitFirstAnswer();
    }

    private void join() {
        startMembership();
        assertThat(membership.joined()).isTrue();
    }

    /** Waits until the publisher ran everything queued so far. */
    private void drained() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        assertThat(publisher.afterQueued(ran::countDown)).isTrue();
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @AfterEach
    void stop() throws InterruptedException {
        membership.leave();
        publisher.stop(false, Duration.ofSeconds(2));
        backplane.close();
    }

    @Test
    void aNickIsClaimedOnceNetworkWide() throws IOException {
        join();
        assertThat(nicks.reserve("alice")).isTrue();
        assertThat(bus.owner("alice")).isEqualTo("n1");
        assertThat(nicks.reserve("alice")).as("another local client has it").isFalse();
        MemoryBus.Node other = bus.connect();
        other.renewLease("n2", Duration.ofSeconds(20));
        assertThat(other.claimNick("bob", "n2")).isTrue();
        assertThat(nicks.reserve("bob")).as("another node's user has it").isFalse();
        other.releaseNick("bob", "n2");
        assertThat(nicks.reserve("bob")).as("refused claims are not kept").isTrue();
    }

    @Test
    void aReleaseRunsAfterWhatWasQueuedAndSparesANickTakenAgain() throws InterruptedException {
        join();
        nicks.reserve("carol");
        nicks.reserve("dave");
        nicks.release("carol");
        nicks.release("dave");
        nicks.reserve("dave"); // taken again before the publisher ran the release
        assertThat(bus.owner("carol")).as("queued, not done yet").isEqualTo("n1");
        publisher.start();
        drained();
        assertThat(bus.owner("carol")).isNull();
        assertThat(bus.owner("dave")).isEqualTo("n1");
    }

    @Test
    void whileSplitTheLocalRegistryDecidesAndTheNicksAreClaimedOnRejoin() {
        bus.down();
        startMembership();
        assertThat(membership.phase()).isEqualTo(Membership.Phase.SPLIT);
        assertThat(nicks.reserve("erin")).isTrue();
        assertThat(nicks.reserve("erin")).as("still unique here").isFalse();
        bus.up();
        await().atMost(BusProbe.WAIT).until(membership::joined);
        assertThat(bus.owner("erin")).isEqualTo("n1");
    }

    @Test
    void aLeaseFoundExpiredMakesAReclaimDue() {
        join();
        nicks.reserve("frank");
        bus.up(); // a Redis restarted without persistence: every lease and claim is gone
        assertThat(bus.owner("frank")).isNull();
        assertThat(nicks.reclaimIfDue(replica)).as("not known to be due yet").isFalse();
        assertThat(nicks.renewLease()).isEmpty();
        assertThat(nicks.reclaimIfDue(replica)).isTrue();
        assertThat(bus.owner("frank")).isEqualTo("n1");
        assertThat(nicks.reclaimIfDue(replica)).as("done").isFalse();
    }

    @Test
    void renewalsFailingForAWholeLeaseSplitTheNode() {
        join();
        bus.down();
        await().atMost(BusProbe.WAIT).until(() -> nicks.renewLease().isPresent());
        assertThat(nicks.renewLease()).hasValue("cannot renew this node's lease: memory bus down");
    }

    @Test
    void collisionCandidatesKeepTheStemOfTheNick() {
        assertThat(NickClaims.candidates("verylongnick")).hasSize(5)
                .allMatch(n -> n.matches("veryl\\d{5}"));
        assertThat(NickClaims.candidates("ann")).allMatch(n -> n.matches("ann\\d{5}"));
    }
}
