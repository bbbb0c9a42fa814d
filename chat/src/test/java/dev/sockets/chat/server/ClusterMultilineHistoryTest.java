package dev.sockets.chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.chat.server.cluster.RedisBackplane;
import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.store.Store;
import dev.sockets.chat.server.store.StoreLocation;
import dev.sockets.common.testing.PostgresDatabase;
import dev.sockets.common.testing.RedisServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A draft/multiline message in a network of two nodes through a real redis-server, with a SQLite file per
 * node (each also keeps what it hears from the other) or one PostgreSQL for both: every node keeps all of
 * its lines under the same msgids as its sender's node (the batch's, then {@code -1}, {@code -2} ...), and
 * the REDACT of the batch's msgid takes all of them out of every history.
 */
@Timeout(120)
class ClusterMultilineHistoryTest {

    private static final String CAPS = "CAP REQ :batch server-time message-tags echo-message draft/chathistory "
            + "draft/message-redaction";

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @RegisterExtension
    static final PostgresDatabase pg = new PostgresDatabase();

    @TempDir
    Path tmp;

    private ClusterFixture cluster;

    @BeforeEach
    void network() {
        cluster = ClusterFixture.over(() -> new RedisBackplane(redis.uri(), "multilinetest-" + tmp.getFileName(),
                Duration.ofSeconds(1)), "redis", ChatConfig.builder().floodRate(0).build());
    }

    @AfterEach
    void stop() throws IOException {
        cluster.close();
    }

    private Store store(String kind, String node) {
        return Store.open(kind.equals("sqlite") ? new StoreLocation.Embedded(tmp.resolve(node))
                : StoreLocation.of(pg.url(), tmp));
    }

    /** A user with chat history and redaction, and with draft/multiline when {@code multiline}. */
    private TestIrc user(ChatServer chat, String nick, boolean multiline) throws IOException {
        TestIrc u = cluster.track(TestIrc.connect(chat));
        u.send(CAPS + (multiline ? " draft/multiline" : "")).send("CAP END");
        u.register(nick);
        u.sync();
        return u;
    }

    /** Each message of CHATHISTORY LATEST, oldest first, as its msgid and text. */
    private static List<String> history(TestIrc who, String target) throws IOException {
        return who.ask("CHATHISTORY LATEST " + target + " * 50").stream()
                .filter(l -> l.contains(" PRIVMSG ") || l.contains(" NOTICE "))
                .map(l -> msgid(l) + " " + l.substring(l.lastIndexOf(" :") + 2)).toList();
    }

    private static String msgid(String line) {
        return line.replaceAll("^@(?:[^ ]*;)?msgid=([^ ;]+).*", "$1");
    }

    /** Sends {@code lines} as one multiline batch to {@code target}; returns its msgid, from the echo. */
    private static String multiline(TestIrc from, String target, String command, String... lines) throws IOException {
        from.send("BATCH +ml draft/multiline " + target);
        for (String l : lines) {
            from.send("@batch=ml " + command + " " + target + " :" + l);
        }
        from.send("BATCH -ml");
        String start = from.readUntil(" BATCH +");
        from.readUntil(" BATCH -");
        return msgid(start);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aMultilineMessageInAChannelIsKeptWholeOnEveryNodeAndItsRedactionRemovesItWhole(String kind)
            throws IOException {
        ChatServer a = cluster.node("a.test", store(kind, "a"));
        ChatServer b = cluster.node("b.test", store(kind, "b"));
        cluster.converged();
        TestIrc alice = user(a, "alice", true);
        TestIrc bob = user(b, "bob", false);
        alice.ask("JOIN #ml");
        cluster.until(() -> b.registry().channel("#ml") != null);
        bob.ask("JOIN #ml");
        cluster.until(() -> a.registry().channel("#ml") != null && a.registry().channel("#ml").size() == 2);

        alice.ask("PRIVMSG #ml :before");
        String id = multiline(alice, "#ml", "PRIVMSG", "first", "", "second", "third");
        bob.readUntil("third");
        alice.ask("PRIVMSG #ml :after");
        bob.readUntil("after");
        List<String> kept = history(alice, "#ml");
        assertThat(kept).hasSize(5);
        assertThat(kept.subList(1, 4)).as("the blank line is not kept, the others under the batch's msgid")
                .containsExactly(id + " first", id + "-1 second", id + "-2 third");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(history(bob, "#ml")).isEqualTo(kept));

        alice.send("REDACT #ml " + id);
        bob.readUntil("REDACT #ml " + id);
        List<String> left = List.of(kept.get(0), kept.get(4));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(history(bob, "#ml")).isEqualTo(left));
        assertThat(history(alice, "#ml")).isEqualTo(left);
    }

    @Test
    void theSendersAccountReachesEveryNodeWithAMultilineMessageAndStaysInItsHistory() throws IOException {
        ChatServer a = cluster.node("a.test", store("sqlite", "a"));
        ChatServer b = cluster.node("b.test", store("sqlite", "b"));
        cluster.converged();
        TestIrc alice = cluster.track(TestIrc.connect(a));
        alice.send(CAPS + " draft/multiline draft/account-registration").send("CAP END");
        alice.register("alice");
        assertThat(alice.ask("REGISTER * * alice-passphrase")).anyMatch(l -> l.contains(" 900 alice "));
        TestIrc bob = cluster.track(TestIrc.connect(b));
        bob.send(CAPS + " account-tag").send("CAP END");
        bob.register("bob");
        bob.sync();
        alice.ask("JOIN #acct");
        cluster.until(() -> b.registry().channel("#acct") != null
                && b.registry().user("alice") instanceof dev.sockets.chat.server.state.User u && "alice".equals(u.account()));
        bob.ask("JOIN #acct");
        cluster.until(() -> a.registry().channel("#acct") != null && a.registry().channel("#acct").size() == 2);

        String id = multiline(alice, "#acct", "PRIVMSG", "first", "second");
        String first = bob.readUntil("first");
        String second = bob.readUntil("second");
        assertThat(first).as("draft/multiline: the first fallback line has the batch's tags, its account too")
                .matches("@time=[^ ;]+;msgid=" + id + ";account=alice :alice!alice@127\\.0\\.0\\.1 PRIVMSG #acct :first");
        assertThat(second).matches("@time=[^ ;]+;account=alice :alice!alice@127\\.0\\.0\\.1 PRIVMSG #acct :second");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(bob.ask("CHATHISTORY LATEST #acct * 10"))
                .as("node b kept what it heard with the account").filteredOn(l -> l.contains(" PRIVMSG #acct "))
                .hasSize(2).allMatch(l -> l.contains(";account=alice :alice!")));
    }

    @Test
    void aPrivateMultilineMessageToAUserOfAnotherNodeIsKeptWholeOnBothAndItsSenderCanRedactIt() throws IOException {
        ChatServer a = cluster.node("a.test", store("sqlite", "a"));
        ChatServer b = cluster.node("b.test", store("sqlite", "b"));
        cluster.converged();
        TestIrc alice = user(a, "alice", true);
        TestIrc bob = user(b, "bob", false);
        cluster.until(() -> a.registry().user("bob") != null);

        String id = multiline(alice, "bob", "NOTICE", "one", "two", "three");
        bob.readUntil("three");
        List<String> kept = List.of(id + " one", id + "-1 two", id + "-2 three");
        assertThat(history(alice, "bob")).isEqualTo(kept);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(history(bob, "alice")).isEqualTo(kept));

        assertThat(alice.ask("REDACT bob " + id)).as("its sender's server knows it")
                .noneMatch(l -> l.contains("FAIL")).anyMatch(l -> l.contains("REDACT bob " + id));
        bob.readUntil("REDACT bob " + id);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(history(bob, "alice")).isEmpty());
        assertThat(history(alice, "bob")).isEmpty();
    }
}
