package dev.sockets.chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.chat.server.cluster.ClusterNetwork;
import dev.sockets.chat.server.cluster.RedisBackplane;
import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.store.Store;
import dev.sockets.chat.server.store.StoreLocation;
import dev.sockets.chat.server.state.User;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Limits;
import dev.sockets.common.testing.PostgresDatabase;
import dev.sockets.common.testing.RedisServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accounts across a network of two nodes through a real redis-server, sharing one real PostgreSQL (as
 * `--cluster` with `--store postgresql://` does): an account registered on one node logs in on the other;
 * a login is replicated with the user's other state (WHOIS 330 and WHOX on the other node, ACCOUNT lines
 * for account-notify peers there, the account tag on its messages), and a node that joins later learns
 * it from the burst.
 */
@Timeout(90)
class ClusterAccountsTest {

    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final RedisServer redis = RedisServer.eachTest();

    @RegisterExtension
    static final PostgresDatabase pg = new PostgresDatabase();

    @TempDir
    Path dir;

    private final List<ChatServer> servers = new ArrayList<>();
    private final List<TestIrc> users = new ArrayList<>();

    private ChatServer node(String name) throws Exception {
        ClusterNetwork network = new ClusterNetwork(new RedisBackplane(redis.uri(), "accttest", Duration.ofSeconds(1)),
                name, LEASE, "redis", "irc.local");
        Store store = Store.open(StoreLocation.of(pg.url(), dir));
        ChatServer chat = new ChatServer(ChatConfig.builder().floodRate(0).build(), Endpoint.loopback(0), null,
                Limits.defaults().withGrace(Duration.ofSeconds(1)), null, network, store);
        chat.server().start();
        servers.add(chat);
        for (ChatServer s : servers) {
            await().atMost(WAIT).until(() -> ((ClusterNetwork) s.network()).knownNodes().size() == servers.size() - 1);
        }
        return chat;
    }

    private TestIrc connect(ChatServer chat) throws Exception {
        TestIrc u = TestIrc.connect(chat);
        users.add(u);
        return u;
    }

    private static String plain(String account, String password) {
        return Base64.getEncoder().encodeToString(("\0" + account + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() throws Exception {
        for (TestIrc u : users) {
            u.close();
        }
        for (ChatServer s : servers) {
            s.close();
        }
        pg.psql("DROP TABLE IF EXISTS accounts, account_certificates, registered_channels, "
                + "registered_channel_masks, registered_channel_operators, history, flyway_schema_history CASCADE");
    }

    @Test
    void anAccountRegisteredOnOneNodeLogsInOnTheOtherAndTheLoginIsReplicated() throws Exception {
        ChatServer a = node("a.test");
        ChatServer b = node("b.test");
        TestIrc alice = connect(a);
        alice.send("CAP REQ :draft/account-registration").send("CAP END").register("alice");
        assertThat(alice.ask("REGISTER * * alice-passphrase")).contains(":irc.local REGISTER SUCCESS alice :Account created");
        alice.send("QUIT");
        await().atMost(WAIT).until(() -> b.registry().user("alice") == null);

        TestIrc watcher = connect(a);
        watcher.send("CAP REQ :account-notify account-tag").send("CAP END").register("watcher");
        watcher.ask("JOIN #c");
        TestIrc again = connect(b);
        again.send("CAP REQ sasl").send("AUTHENTICATE PLAIN").send("AUTHENTICATE " + plain("alice", "wrong-one"));
        assertThat(again.readUntil(" 904 ")).contains("SASL authentication failed");
        again.send("AUTHENTICATE PLAIN").send("AUTHENTICATE " + plain("ALICE", "alice-passphrase"));
        assertThat(again.readUntil(" 900 ")).endsWith(" alice :You are now logged in as alice");
        again.send("CAP END").register("alice");
        again.ask("JOIN #c");
        await().atMost(WAIT).until(() -> a.registry().user("alice") instanceof User u && "alice".equals(u.account()));
        assertThat(watcher.ask("WHOIS alice")).contains(":irc.local 330 watcher alice alice :is logged in as");
        assertThat(watcher.ask("WHO alice %na")).contains(":irc.local 354 watcher alice alice");
        again.ask("PRIVMSG #c :from the other node");
        assertThat(watcher.readUntil("PRIVMSG #c")).isEqualTo(
                "@account=alice :alice!alice@127.0.0.1 PRIVMSG #c :from the other node");

        // A login after the JOIN is an ACCOUNT line for account-notify peers on the other node.
        TestIrc bob = connect(b);
        bob.send("CAP REQ :draft/account-registration").send("CAP END").register("bob");
        bob.ask("JOIN #c");
        watcher.readUntil("JOIN #c");
        bob.ask("REGISTER * * bob-passphrase");
        assertThat(watcher.readUntil(" ACCOUNT ")).isEqualTo(":bob!bob@127.0.0.1 ACCOUNT bob");

        // A node that joins now learns who is logged in from the bursts.
        ChatServer c = node("c.test");
        await().atMost(WAIT).until(() -> c.registry().user("alice") instanceof User u && "alice".equals(u.account()));
        TestIrc late = connect(c);
        late.register("late");
        assertThat(late.ask("WHOIS bob")).contains(":irc.local 330 late bob bob :is logged in as");
    }
}
