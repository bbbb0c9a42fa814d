package dev.sockets.chat.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.chat.server.command.Mailbox;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.NetworkEvent;
import dev.sockets.chat.server.state.Registry;
import dev.sockets.chat.server.state.Replica;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The publish pipeline alone on the in-memory bus: events go out in the order they were queued, an action
 * runs after what was queued before it, and nothing fails silently (a split, a full queue, a failed round
 * trip: the sender is told and the node is out of step).
 */
@Timeout(30)
class PublisherTest {

    private static final Duration LEASE = Duration.ofSeconds(20);
    private static final String UNDELIVERED = ":irc.local NOTICE alice :*** Your message could not reach the other servers: "
            + "the network is split (";

    private final MemoryBus bus = new MemoryBus();
    private final MemoryBus.Node backplane = bus.connect();
    private final Registry registry = new Registry();
    private final Replica replica = new Replica(registry, "irc.local");
    private final Membership membership = new Membership(backplane, "n1", "memory bus", LEASE,
            new OrderedLock("join", registry::lockedByCurrentThread));
    private final Publisher publisher = new Publisher(backplane, BusIdentity.of("n1"), membership, "irc.local");
    private final LongAdder published = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final Mailbox mailbox = new Mailbox(registry);
    private final Client alice = new Client("127.0.0.1", "irc.local", "irc.local", System.nanoTime());

    PublisherTest() {
        alice.attach(mailbox);
        registry.connected(alice);
        registry.changeNick(alice, "alice", null);
        publisher.countWith(published, failures);
    }

    private void join() {
        membership.start(replica, new Membership.Steps() {
            @Override
            public void claimNicksAfresh() {
            }

            @Override
            public void announce() {
                publisher.enqueue(new BusMessage.Hello("*"));
            }

            @Override
            public void forgetOthers() {
                publisher.failQueued();
            }
        }, bytes -> { });
        membership.awaitFirstAnswer();
        assertThat(membership.joined()).isTrue();
    }

    @AfterEach
    void stop() throws InterruptedException {
        membership.leave();
        publisher.stop(false, Duration.ofSeconds(2));
        backplane.close();
    }

    @Test
    void eventsGoOutInTheOrderTheyWereQueuedAndAnActionAfterThem() throws Exception {
        try (BusProbe probe = new BusProbe(bus, "n2")) {
            join();
            publisher.start();
            assertThat(probe.next(BusMessage.Hello.class)).isEqualTo(new BusMessage.Hello("*"));
            for (int i = 0; i < 3; i++) {
                assertThat(publisher.publish(new NetworkEvent.Away("alice", "away " + i), alice)).isTrue();
            }
            long[] publishedBefore = new long[1];
            CountDownLatch ran = new CountDownLatch(1);
            assertThat(publisher.afterQueued(() -> {
                publishedBefore[0] = published.sum();
                ran.countDown();
            })).isTrue();
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(publishedBefore[0]).as("the Hello and the three events").isEqualTo(4);
            for (int i = 0; i < 3; i++) {
                BusMessage m = probe.next();
                assertThat(m.node()).isEqualTo("n1");
                assertThat(m.body()).isEqualTo(new BusMessage.Event(new NetworkEvent.Away("alice", "away " + i)));
            }
            publisher.stop(true, Duration.ofSeconds(2));
            assertThat(probe.next().body()).as("BYE after everything queued").isEqualTo(new BusMessage.Bye());
        }
        assertThat(mailbox.take()).isEmpty();
    }

    @Test
    void nothingGoesOutBeforeTheNodeJoinedAndTheSenderIsTold() {
        assertThat(publisher.publish(new NetworkEvent.Away("alice", "gone"), alice)).isFalse();
        assertThat(mailbox.take()).containsExactly(UNDELIVERED + "not connected yet)");
    }

    @Test
    void aFailedRoundTripTellsTheSenderAndPutsTheNodeOutOfStep() {
        join();
        publisher.start();
        await().atMost(BusProbe.WAIT).until(() -> published.sum() == 1); // the Hello
        backplane.failNextPublish();
        assertThat(publisher.publish(new NetworkEvent.Away("alice", "gone"), alice)).isTrue();
        await().atMost(BusProbe.WAIT).until(() -> failures.sum() == 1);
        assertThat(mailbox.take()).containsExactly(UNDELIVERED + "memory bus: connection reset)");
        assertThat(publisher.takeOutOfStep()).isTrue();
        assertThat(publisher.takeOutOfStep()).as("taken once").isFalse();
    }

    @Test
    void aFullQueueTellsTheSenderAndPutsTheNodeOutOfStep() {
        join(); // the publisher thread is not started: the queue only fills
        for (int i = 1; i < Publisher.QUEUE; i++) {
            assertThat(publisher.publish(new NetworkEvent.Away("alice", "a"), null)).isTrue();
        }
        assertThat(publisher.publish(new NetworkEvent.Away("alice", "one too many"), alice)).isFalse();
        assertThat(mailbox.take()).containsExactly(UNDELIVERED + "not connected yet)");
        assertThat(publisher.takeOutOfStep()).isTrue();
        assertThat(publisher.afterQueued(() -> { })).isFalse();
    }

    @Test
    void aSplitFailsWhatIsQueuedTellingEachSenderOnce() {
        join();
        publisher.publish(new NetworkEvent.Away("alice", "one"), alice);
        publisher.publish(new NetworkEvent.Away("alice", "two"), alice);
        bus.down();
        java.util.List<String> lines = new java.util.ArrayList<>();
        await().atMost(BusProbe.WAIT).until(() -> {
            lines.addAll(mailbox.take());
            return lines.stream().anyMatch(l -> l.contains("*** Network split"));
        });
        assertThat(lines).filteredOn(l -> l.startsWith(UNDELIVERED)).containsExactly(UNDELIVERED + "memory bus down)");
        assertThat(lines.getLast()).as("told before the split notice").contains("*** Network split");
        publisher.start();
        assertThat(published.sum()).as("nothing of it went out").isZero();
    }
}
