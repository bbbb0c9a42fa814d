package dev.sockets.chat.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.chat.server.state.NetworkEvent;
import dev.sockets.chat.server.state.RemoteUser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a node does with each message another node says on the bus: a node heard of but unknown is asked
 * for its state and its state events wait for it; a burst makes it known; BYE removes its users; lines are
 * delivered at once; a HELLO is answered with a burst; another process using this node's name is ignored.
 */
@Timeout(30)
class ReceiverTest {

    private final MemoryBus bus = new MemoryBus();
    private final OneNode n1 = new OneNode(bus, "n1", Duration.ofSeconds(20));

    @AfterEach
    void stop() {
        n1.close();
    }

    private static NetworkEvent.Intro intro(String nick) {
        return new NetworkEvent.Intro(nick, "u", "h.example", "Real " + nick, null, false);
    }

    @Test
    void anUnknownNodeIsAskedForItsStateAndItsStateEventsWaitForIt() throws Exception {
        try (BusProbe n2 = new BusProbe(bus, "n2")) {
            n2.say(new BusMessage.Event(intro("zed")));
            assertThat(n2.next(BusMessage.Hello.class)).isEqualTo(new BusMessage.Hello("n2"));
            assertThat(n1.registry.user("zed")).as("no state of n2 yet").isNull();
            assertThat(n1.network.knownNodes()).isEmpty();
        }
    }

    @Test
    void aBurstMakesTheNodeKnownAndByeRemovesItsUsers() throws Exception {
        try (BusProbe n2 = new BusProbe(bus, "n2")) {
            n2.say(new BusMessage.BurstStart());
            n2.say(new BusMessage.Event(intro("zed")));
            n2.say(new BusMessage.BurstEnd());
            await().atMost(BusProbe.WAIT).until(() -> n1.registry.user("zed") instanceof RemoteUser);
            assertThat(n1.network.knownNodes()).containsExactly("n2");
            assertThat(n1.network.serverCount()).isEqualTo(2);
            n2.say(new BusMessage.Event(new NetworkEvent.Away("zed", "lunch")));
            await().atMost(BusProbe.WAIT).until(() -> "lunch".equals(n1.registry.user("zed").away()));
            n2.say(new BusMessage.Bye());
            await().atMost(BusProbe.WAIT).until(() -> n1.registry.user("zed") == null);
            assertThat(n1.network.knownNodes()).isEmpty();
        }
    }

    @Test
    void aLineIsDeliveredEvenBeforeTheSendersBurst() throws Exception {
        try (BusProbe n2 = new BusProbe(bus, "n2")) {
            byte[] line = ":zed!u@h.example PRIVMSG amy :hi\r\n".getBytes(StandardCharsets.UTF_8);
            n2.say(new BusMessage.Event(new NetworkEvent.ToUser("amy", line)));
            await().atMost(BusProbe.WAIT).until(() -> n1.amyMailbox.take().contains(":zed!u@h.example PRIVMSG amy :hi"));
        }
    }

    @Test
    void aHelloIsAnsweredWithThisNodesBurst() throws Exception {
        try (BusProbe n2 = new BusProbe(bus, "n2")) {
            n2.say(new BusMessage.Hello("*"));
            assertThat(n2.next(BusMessage.BurstStart.class)).isNotNull();
            List<BusMessage.Body> burst = new java.util.ArrayList<>();
            for (BusMessage m = n2.next(); !(m.body() instanceof BusMessage.BurstEnd); m = n2.next()) {
                burst.add(m.body());
            }
            assertThat(burst).anySatisfy(b -> assertThat(b).isInstanceOfSatisfying(BusMessage.Event.class,
                    e -> assertThat(e.event()).isInstanceOfSatisfying(NetworkEvent.Intro.class,
                            i -> assertThat(i.nick()).isEqualTo("amy"))));
        }
    }

    @Test
    void anotherProcessUsingThisNodesNameIsIgnored() throws Exception {
        try (BusProbe impostor = new BusProbe(bus, "n1"); BusProbe n2 = new BusProbe(bus, "n2")) {
            impostor.say(new BusMessage.BurstStart());
            impostor.say(new BusMessage.Event(intro("mallory")));
            impostor.say(new BusMessage.BurstEnd());
            n2.say(new BusMessage.Heartbeat()); // after the impostor's messages, in bus order
            assertThat(n2.next(BusMessage.Hello.class)).isEqualTo(new BusMessage.Hello("n2"));
            assertThat(n1.registry.user("mallory")).isNull();
            assertThat(n1.network.knownNodes()).isEmpty();
        }
    }
}
