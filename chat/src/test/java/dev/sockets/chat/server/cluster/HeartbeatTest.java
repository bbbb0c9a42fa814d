package dev.sockets.chat.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.chat.server.state.NetworkEvent;
import dev.sockets.chat.server.state.RemoteUser;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One heartbeat's work, beat by beat (no heartbeat thread of its own): it says BEAT, drops a node silent
 * for a lease less a tick (its users quit), and sends this node's state again when something did not go out.
 */
@Timeout(30)
class HeartbeatTest {

    private static final Duration LEASE = Duration.ofMillis(400);

    private final MemoryBus bus = new MemoryBus();
    // The node's own heartbeat ticks every 5 s: out of the way of these beats.
    private final OneNode n1 = new OneNode(bus, "n1", Duration.ofSeconds(20));
    private final Heartbeat heartbeat = new Heartbeat(LEASE, n1.network.membership(), n1.network.nickClaims(),
            n1.network.publisher(), n1.network.known(), n1.replica);

    @AfterEach
    void stop() {
        n1.close();
    }

    private BusProbe knownNode() throws Exception {
        BusProbe n2 = new BusProbe(bus, "n2");
        n2.say(new BusMessage.BurstStart());
        n2.say(new BusMessage.Event(new NetworkEvent.Intro("zed", "u", "h", "Zed", null, false)));
        n2.say(new BusMessage.BurstEnd());
        await().atMost(BusProbe.WAIT).until(() -> n1.registry.user("zed") instanceof RemoteUser);
        return n2;
    }

    @Test
    void aBeatIsHeardAndANodeSilentForALeaseIsLostWithItsUsers() throws Exception {
        long burstSentAt = System.nanoTime(); // n2 was last heard at its burst, after this
        try (BusProbe n2 = knownNode()) {
            heartbeat.beat();
            assertThat(n2.next(BusMessage.Heartbeat.class)).isNotNull();
            await().atMost(BusProbe.WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
                heartbeat.beat();
                return n1.registry.user("zed") == null;
            });
            assertThat(Duration.ofNanos(System.nanoTime() - burstSentAt)).as("not before a lease less a tick of silence")
                    .isGreaterThanOrEqualTo(LEASE.minus(LEASE.dividedBy(4)));
            assertThat(n1.network.knownNodes()).isEmpty();
            assertThat(n1.amyMailbox.take()).isEmpty(); // amy shared no channel with zed
        }
    }

    @Test
    void aNodeOutOfStepSendsItsStateAgain() throws Exception {
        try (BusProbe n2 = knownNode()) {
            n1.network.publisher().markOutOfStep();
            heartbeat.beat();
            assertThat(n2.next(BusMessage.BurstStart.class)).isNotNull();
            assertThat(n1.network.publisher().takeOutOfStep()).isFalse();
        }
    }
}
