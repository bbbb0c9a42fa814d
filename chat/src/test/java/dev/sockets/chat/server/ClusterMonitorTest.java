package dev.sockets.chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.chat.server.cluster.ClusterNetwork;
import dev.sockets.chat.server.cluster.MemoryBus;
import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Limits;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** MONITOR across a cluster: a user of another node signing on, renaming and signing off is seen. */
class ClusterMonitorTest {

    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final MemoryBus bus = new MemoryBus();
    private final List<ChatServer> servers = new ArrayList<>();
    private final List<TestIrc> users = new ArrayList<>();

    private ChatServer node(String name) throws IOException {
        ClusterNetwork network = new ClusterNetwork(bus.connect(), name, LEASE, "memory bus", "irc.local");
        ChatServer chat = new ChatServer(ChatConfig.builder().floodRate(0).build(),
                Endpoint.loopback(0), null, Limits.defaults().withGrace(Duration.ofSeconds(1)), null, network);
        chat.server().start();
        servers.add(chat);
        return chat;
    }

    private void converged() {
        for (ChatServer s : servers) {
            await().atMost(WAIT).until(() -> ((ClusterNetwork) s.network()).knownNodes().size() == servers.size() - 1);
        }
    }

    private TestIrc user(ChatServer chat, String nick) throws IOException {
        TestIrc u = TestIrc.user(chat, nick);
        users.add(u);
        return u;
    }

    @AfterEach
    void stop() throws IOException {
        for (TestIrc u : users) {
            u.close();
        }
        for (ChatServer s : servers) {
            s.close();
        }
    }

    @Test
    void aUserOfTheOtherNodeSigningOnRenamingAndOffIsSeen() throws IOException {
        ChatServer a = node("a.test");
        ChatServer b = node("b.test");
        converged();
        TestIrc foo = user(a, "foo");
        assertThat(foo.ask("MONITOR + bob,robert")).containsExactly(":irc.local 731 foo :bob,robert");
        TestIrc bob = user(b, "bob");
        assertThat(foo.readUntil(" 730 ")).isEqualTo(":irc.local 730 foo :bob!bob@127.0.0.1");
        bob.ask("NICK robert");
        assertThat(foo.readUntil(" 731 ")).isEqualTo(":irc.local 731 foo :bob");
        assertThat(foo.readUntil(" 730 ")).isEqualTo(":irc.local 730 foo :robert!bob@127.0.0.1");
        bob.send("QUIT :bye");
        assertThat(foo.readUntil(" 731 ")).isEqualTo(":irc.local 731 foo :robert");
        await().atMost(WAIT).until(() -> a.registry().user("robert") == null);
        assertThat(foo.ask("MONITOR S")).containsExactly(":irc.local 731 foo :bob,robert");
    }

    @Test
    void extendedMonitorWatchersHearOfAwayAndSetnameOfAUserOnAnotherNode() throws IOException {
        ChatServer a = node("a.test");
        ChatServer b = node("b.test");
        converged();
        TestIrc foo = user(a, "foo");
        foo.ask("CAP REQ :extended-monitor away-notify setname");
        foo.ask("MONITOR + bar");
        TestIrc bar = user(b, "bar");
        assertThat(foo.readUntil(" 730 ")).isEqualTo(":irc.local 730 foo :bar!bar@127.0.0.1");
        bar.ask("AWAY :afk");
        assertThat(foo.readUntil("AWAY")).isEqualTo(":bar!bar@127.0.0.1 AWAY :afk");
        bar.ask("SETNAME :new name");
        assertThat(foo.readUntil("SETNAME")).isEqualTo(":bar!bar@127.0.0.1 SETNAME :new name");
        await().atMost(WAIT).until(() -> "new name".equals(a.registry().user("bar").realName()));
    }
}
