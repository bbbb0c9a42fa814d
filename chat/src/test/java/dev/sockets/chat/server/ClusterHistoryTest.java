package dev.sockets.chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.chat.server.cluster.ClusterNetwork;
import dev.sockets.chat.server.cluster.MemoryBus;
import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.store.HistoryPolicy;
import dev.sockets.chat.server.store.Store;
import dev.sockets.chat.server.store.StoreLocation;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Limits;
import dev.sockets.common.testing.PostgresDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * History in a network of two servers: with one PostgreSQL shared by both (each node stores what its own
 * users said), what was said on each side of a netsplit is in the history of both once it heals; with a
 * SQLite file per node, each node also stores what it heard from the other over the bus.
 */
@Timeout(90)
class ClusterHistoryTest {

    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final String CAPS = "CAP REQ :batch server-time message-tags draft/chathistory";
    @RegisterExtension
    static final PostgresDatabase pg = new PostgresDatabase();

    private final MemoryBus bus = new MemoryBus();
    private final List<ChatServer> servers = new ArrayList<>();
    private final List<TestIrc> users = new ArrayList<>();

    @TempDir
    Path tmp;

    @AfterEach
    void stop() throws IOException {
        for (TestIrc u : users) {
            u.close();
        }
        servers.forEach(ChatServer::close);
    }

    private ChatServer node(String name, StoreLocation where) throws IOException {
        ClusterNetwork network = new ClusterNetwork(bus.connect(), name, LEASE, "memory bus", "irc.local");
        ChatServer chat = new ChatServer(ChatConfig.builder().floodRate(0).build(), Endpoint.loopback(0), null,
                Limits.defaults().withGrace(Duration.ofSeconds(1)), null, network, Store.open(where),
                new HistoryPolicy(null, 0, 0, 1000));
        chat.server().start();
        servers.add(chat);
        return chat;
    }

    private TestIrc user(ChatServer chat, String nick) throws IOException {
        TestIrc u = TestIrc.connect(chat);
        users.add(u);
        u.send(CAPS).send("CAP END");
        u.register(nick);
        u.sync();
        return u;
    }

    private void converged() {
        for (ChatServer s : servers) {
            await().atMost(Duration.ofSeconds(5)).until(() -> ((ClusterNetwork) s.network()).knownNodes().size()
                    == servers.size() - 1);
        }
    }

    /** The texts of CHATHISTORY LATEST, oldest first. */
    private static List<String> history(TestIrc who, String target) throws IOException {
        return who.ask("CHATHISTORY LATEST " + target + " * 50").stream()
                .filter(l -> l.contains(" PRIVMSG ")).map(l -> l.substring(l.lastIndexOf(" :") + 2)).toList();
    }

    private static void join(TestIrc first, TestIrc second, ChatServer secondNode, String channel) throws IOException {
        first.ask("JOIN " + channel);
        await().atMost(Duration.ofSeconds(5)).until(() -> secondNode.registry().channel(channel) != null);
        second.ask("JOIN " + channel);
        first.readUntil("JOIN");
    }

    @Test
    void withASharedPostgresWhatEachSideSaidDuringASplitIsInBothHistoriesOnceItHeals() throws IOException {
        StoreLocation shared = StoreLocation.of(pg.url(), tmp);
        ChatServer a = node("a.test", shared);
        ChatServer b = node("b.test", shared);
        converged();
        TestIrc alice = user(a, "alice");
        TestIrc bob = user(b, "bob");
        join(alice, bob, b, "#net");
        alice.ask("PRIVMSG #net :a1");
        bob.readUntil("a1");
        bob.ask("PRIVMSG #net :b1");
        alice.readUntil("b1");

        bus.down();
        alice.readUntil("QUIT");
        bob.readUntil("QUIT");
        alice.ask("PRIVMSG #net :a2 said during the split");
        bob.ask("PRIVMSG #net :b2 said during the split");

        bus.up();
        converged();
        await().atMost(Duration.ofSeconds(5)).until(() -> a.registry().channel("#net").size() == 2
                && b.registry().channel("#net").size() == 2);
        List<String> all = List.of("a1", "b1", "a2 said during the split", "b2 said during the split");
        assertThat(history(alice, "#net")).containsExactlyInAnyOrderElementsOf(all);
        assertThat(history(bob, "#net")).containsExactlyInAnyOrderElementsOf(all);
        assertThat(history(bob, "#net")).isEqualTo(history(alice, "#net"));
    }

    @Test
    void withAFilePerNodeEachNodeKeepsWhatItHeardFromTheOther() throws IOException {
        ChatServer a = node("a.test", new StoreLocation.Embedded(tmp.resolve("a")));
        ChatServer b = node("b.test", new StoreLocation.Embedded(tmp.resolve("b")));
        converged();
        TestIrc alice = user(a, "alice");
        TestIrc bob = user(b, "bob");
        join(alice, bob, b, "#net");
        alice.ask("PRIVMSG #net :from a");
        bob.readUntil("from a");
        bob.ask("PRIVMSG #net :from b");
        alice.readUntil("from b");
        alice.ask("PRIVMSG bob :privately");
        bob.readUntil("privately");
        assertThat(history(alice, "#net")).containsExactly("from a", "from b");
        assertThat(history(bob, "#net")).containsExactly("from a", "from b");
        assertThat(history(bob, "alice")).containsExactly("privately");
        assertThat(history(alice, "bob")).containsExactly("privately");
    }
}
