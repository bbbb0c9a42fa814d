package dev.sockets.chat.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.chat.server.command.Mailbox;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.Registry;
import dev.sockets.chat.server.state.Replica;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The membership state machine alone on the in-memory bus: it joins once subscribed (nicks claimed first,
 * then the announcement under the registry lock), splits when the bus fails and tells the local users,
 * rejoins when it is back, and leaving is final.
 */
@Timeout(30)
class MembershipTest {

    // Long: no heartbeat runs here, and the bus must not count as silent during a test.
    private static final Duration LEASE = Duration.ofSeconds(20);

    private final MemoryBus bus = new MemoryBus();
    private final MemoryBus.Node backplane = bus.connect();
    private final Registry registry = new Registry();
    private final Replica replica = new Replica(registry, "irc.local");
    private final Membership membership = new Membership(backplane, "n1", "memory bus", LEASE,
            new OrderedLock("join", registry::lockedByCurrentThread));
    private final Mailbox mailbox = new Mailbox(registry);
    private final List<String> steps = new CopyOnWriteArrayList<>();
    private final AtomicInteger failingClaims = new AtomicInteger();

    private final Membership.Steps recording = new Membership.Steps() {
        @Override
        public void claimNicksAfresh() throws IOException {
            if (failingClaims.getAndDecrement() > 0) {
                steps.add("claim failed");
                throw new IOException("claim failed");
            }
            steps.add("claim" + (registry.lockedByCurrentThread() ? " under the registry lock" : ""));
        }

        @Override
        public void announce() {
            steps.add("announce" + (registry.lockedByCurrentThread() ? " under the registry lock" : ""));
        }

        @Override
        public void forgetOthers() {
            steps.add("forget others");
        }
    };

    MembershipTest() {
        Client c = new Client("127.0.0.1", "irc.local", "irc.local", System.nanoTime());
        c.attach(mailbox);
        registry.connected(c);
    }

    @AfterEach
    void leave() {
        membership.leave();
        backplane.close();
    }

    private void start() {
        membership.start(replica, recording, bytes -> { });
        membership.awaitFirstAnswer();
    }

    @Test
    void joinsOnceSubscribedClaimingNicksBeforeAnnouncingUnderTheRegistryLock() {
        start();
        assertThat(membership.phase()).isEqualTo(Membership.Phase.JOINED);
        assertThat(membership.subscribed()).isTrue();
        assertThat(steps).containsExactly("claim", "announce under the registry lock");
        assertThat(mailbox.take()).as("a first join is news to nobody").isEmpty();
    }

    @Test
    void splitsWhenTheBusFailsAndRejoinsWhenItIsBack() {
        start();
        bus.down();
        await().atMost(BusProbe.WAIT).until(() -> membership.phase() == Membership.Phase.SPLIT);
        assertThat(membership.splitReason()).isEqualTo("memory bus down");
        List<String> told = new java.util.ArrayList<>();
        await().atMost(BusProbe.WAIT).until(() -> told.addAll(mailbox.take()));
        assertThat(told).singleElement().asString().startsWith(":irc.local NOTICE * :*** Network split: lost the "
                + "connection to the other servers (memory bus down)");
        assertThat(steps).contains("forget others");
        bus.up();
        await().atMost(BusProbe.WAIT).until(() -> steps.size() == 5);
        assertThat(steps).containsExactly("claim", "announce under the registry lock", "forget others",
                "claim", "announce under the registry lock");
        assertThat(mailbox.take()).containsExactly(
                ":irc.local NOTICE * :*** Network rejoined: users of the other servers are coming back");
    }

    @Test
    void withoutABusAtStartItAnswersAtOnceAndServesLocalUsersQuietly() {
        bus.down();
        long started = System.nanoTime();
        start();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no wait for a lease").isLessThan(LEASE);
        assertThat(membership.phase()).isEqualTo(Membership.Phase.SPLIT);
        assertThat(steps).containsExactly("forget others");
        assertThat(mailbox.take()).as("nobody was told of a network they never saw").isEmpty();
        bus.up();
        await().atMost(BusProbe.WAIT).until(() -> steps.size() == 3);
        assertThat(mailbox.take()).as("the first join after a failed start is no rejoin").isEmpty();
    }

    @Test
    void aJoinThatFailedHalfWayIsTriedAgain() {
        failingClaims.set(1);
        start();
        assertThat(membership.phase()).as("answered, not joined").isEqualTo(Membership.Phase.STARTING);
        membership.join(); // what the heartbeat does while subscribed
        assertThat(membership.joined()).isTrue();
        assertThat(steps).containsExactly("claim failed", "claim", "announce under the registry lock");
    }

    @Test
    void leavingIsFinal() {
        start();
        assertThat(membership.leave()).isEqualTo(Membership.Phase.JOINED);
        assertThat(membership.leave()).isEqualTo(Membership.Phase.LEFT);
        membership.split("later failure");
        membership.join();
        assertThat(membership.phase()).isEqualTo(Membership.Phase.LEFT);
        assertThat(steps).containsExactly("claim", "announce under the registry lock");
    }
}
