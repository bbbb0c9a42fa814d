package dev.sockets.chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.chat.server.cluster.RedisBackplane;
import dev.sockets.chat.server.cluster.RedisProcess;
import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.store.Store;
import dev.sockets.chat.server.store.StoreLocation;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * REDACT in a network of two nodes through a real redis-server, each node with a SQLite file of its own
 * (which also keeps what it hears from the other): a message withdrawn on one node is gone from the
 * history of both, in a channel and in a private conversation.
 */
@Timeout(90)
class ClusterRedactTest {

    private static final String CAPS = "CAP REQ :batch server-time message-tags echo-message draft/chathistory "
            + "draft/message-redaction";
    private static RedisProcess redis;

    @TempDir
    Path tmp;

    private ClusterFixture cluster;

    @BeforeAll
    static void startRedis() throws IOException {
        redis = RedisProcess.start();
    }

    @AfterAll
    static void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.close();
        }
    }

    @BeforeEach
    void network() {
        cluster = ClusterFixture.over(() -> new RedisBackplane(redis.uri(), "redacttest-" + tmp.getFileName(),
                Duration.ofSeconds(1)), "redis", ChatConfig.builder().floodRate(0).build());
    }

    @AfterEach
    void stop() throws IOException {
        cluster.close();
    }

    private TestIrc user(ChatServer chat, String nick) throws IOException {
        TestIrc u = cluster.track(TestIrc.connect(chat));
        u.send(CAPS).send("CAP END");
        u.register(nick);
        u.sync();
        return u;
    }

    /** The texts of CHATHISTORY LATEST, oldest first. */
    private static List<String> history(TestIrc who, String target) throws IOException {
        return who.ask("CHATHISTORY LATEST " + target + " * 50").stream()
                .filter(l -> l.contains(" PRIVMSG ")).map(l -> l.substring(l.lastIndexOf(" :") + 2)).toList();
    }

    private static String msgid(String line) {
        return line.replaceAll("^@(?:[^ ]*;)?msgid=([^ ;]+).*", "$1");
    }

    @Test
    void aMessageRedactedOnOneNodeIsGoneFromTheHistoryOfTheOther() throws IOException {
        ChatServer a = cluster.node("a.test", Store.open(new StoreLocation.Embedded(tmp.resolve("a"))));
        ChatServer b = cluster.node("b.test", Store.open(new StoreLocation.Embedded(tmp.resolve("b"))));
        cluster.converged();
        TestIrc alice = user(a, "alice");
        TestIrc bob = user(b, "bob");
        alice.ask("JOIN #net");
        cluster.until(() -> b.registry().channel("#net") != null);
        bob.ask("JOIN #net");
        cluster.until(() -> a.registry().channel("#net") != null && a.registry().channel("#net").size() == 2);

        alice.send("PRIVMSG #net :keep this");
        bob.readUntil("keep this");
        alice.send("PRIVMSG #net :oops, wrong window");
        String inChannel = msgid(alice.readUntil("oops"));
        bob.readUntil("oops");
        alice.send("PRIVMSG bob :a secret");
        String inPrivate = msgid(alice.readUntil("a secret"));
        bob.readUntil("a secret");
        assertThat(history(bob, "#net")).containsExactly("keep this", "oops, wrong window");
        assertThat(history(bob, "alice")).containsExactly("a secret");

        alice.send("REDACT #net " + inChannel);
        bob.readUntil("REDACT #net " + inChannel);
        alice.send("REDACT bob " + inPrivate);
        bob.readUntil("REDACT bob " + inPrivate);
        // The other node deletes what it heard once the REDACT line has reached its members: wait for that.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(history(bob, "#net"))
                .containsExactly("keep this"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(history(bob, "alice")).isEmpty());
        assertThat(history(alice, "#net")).containsExactly("keep this");
        assertThat(history(alice, "bob")).isEmpty();
    }
}
