package dev.sockets.chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.chat.server.cluster.RedisBackplane;
import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.store.Store;
import dev.sockets.chat.server.store.StoreLocation;
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

/**
 * REDACT in a network of two nodes through a real redis-server, each node with a SQLite file of its own
 * (which also keeps what it hears from the other): a message withdrawn on one node is gone from the
 * history of both, in a channel and in a private conversation.
 */
@Timeout(90)
class ClusterRedactTest {

    private static final String CAPS = "CAP REQ :batch server-time message-tags echo-message draft/chathistory "
            + "draft/message-redaction";

    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    @TempDir
    Path tmp;

    private ClusterFixture cluster;

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
        String redaction = alice.readUntil("REDACT #net " + inChannel);
        assertThat(redaction).as("message-redaction's examples: a msgid of its own").matches("@\\S*msgid=\\S+ .*");
        assertThat(bob.readUntil("REDACT #net " + inChannel)).as("the same msgid on the other node")
                .contains("msgid=" + msgid(redaction) + " ").doesNotContain("msgid=" + inChannel + " ");
        alice.send("REDACT bob " + inPrivate);
        redaction = alice.readUntil("REDACT bob " + inPrivate);
        assertThat(bob.readUntil("REDACT bob " + inPrivate)).contains("msgid=" + msgid(redaction) + " ")
                .doesNotContain("msgid=" + inPrivate + " ");
        // The other node deletes what it heard once the REDACT line has reached its members: wait for that.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(history(bob, "#net"))
                .containsExactly("keep this"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(history(bob, "alice")).isEmpty());
        assertThat(history(alice, "#net")).containsExactly("keep this");
        assertThat(history(alice, "bob")).isEmpty();
    }

    private static boolean unknown(List<String> replies, String target, String msgid) {
        return replies.stream().anyMatch(l -> l.contains(" FAIL REDACT UNKNOWN_MSGID " + target + " " + msgid + " "));
    }

    @Test
    void aMessageRedactedOnOneNodeIsUnknownToARedactOnTheOther() throws IOException {
        ChatServer a = cluster.node("a.test", Store.open(new StoreLocation.Embedded(tmp.resolve("a"))));
        ChatServer b = cluster.node("b.test", Store.open(new StoreLocation.Embedded(tmp.resolve("b"))));
        cluster.converged();
        TestIrc alice = user(a, "alice");
        TestIrc bob = user(b, "bob");
        // Each operates the channel it created: #a alice on node a, #b bob on node b.
        alice.ask("JOIN #a");
        bob.ask("JOIN #b");
        cluster.until(() -> a.registry().channel("#b") != null && b.registry().channel("#a") != null);
        alice.ask("JOIN #b");
        bob.ask("JOIN #a");
        cluster.until(() -> a.registry().channel("#a").size() == 2 && b.registry().channel("#b").size() == 2);

        // Recorded by its sender's node (b), redacted by the operator on the other (a).
        bob.send("PRIVMSG #a :from bob");
        String fromBob = msgid(bob.readUntil("from bob"));
        alice.readUntil("from bob");
        alice.send("REDACT #a " + fromBob);
        bob.readUntil("REDACT #a " + fromBob);
        assertThat(unknown(bob.ask("REDACT #a " + fromBob), "#a", fromBob)).as("its sender on b, after a's REDACT").isTrue();

        // Recorded by the other node from the bus: unknown there, not forbidden, once its sender redacted it.
        alice.send("PRIVMSG #a :from alice");
        String fromAlice = msgid(alice.readUntil("from alice"));
        bob.readUntil("from alice");
        alice.send("REDACT #a " + fromAlice);
        bob.readUntil("REDACT #a " + fromAlice);
        assertThat(unknown(bob.ask("REDACT #a " + fromAlice), "#a", fromAlice)).isTrue();

        // The other way: redacted on b by its operator, a TAGMSG too, then unknown to their sender on a.
        alice.send("PRIVMSG #b :to be redacted on b");
        String inB = msgid(alice.readUntil("to be redacted on b"));
        bob.readUntil("to be redacted on b");
        alice.send("@+draft/react=x TAGMSG #b");
        String tagmsg = msgid(alice.readUntil("TAGMSG #b"));
        bob.readUntil("TAGMSG #b");
        for (String id : List.of(inB, tagmsg)) {
            assertThat(bob.ask("REDACT #b " + id)).noneMatch(l -> l.contains("FAIL"));
            alice.readUntil("REDACT #b " + id);
            assertThat(unknown(alice.ask("REDACT #b " + id), "#b", id)).as("after b's REDACT of " + id).isTrue();
        }
    }

    @Test
    void aStatusMessageFromAnotherNodeCanBeRedactedByAnOperatorHere() throws IOException {
        ChatServer a = cluster.node("a.test", Store.open(new StoreLocation.Embedded(tmp.resolve("a"))));
        ChatServer b = cluster.node("b.test", Store.open(new StoreLocation.Embedded(tmp.resolve("b"))));
        cluster.converged();
        TestIrc alice = user(a, "alice");
        TestIrc bob = user(b, "bob");
        bob.ask("JOIN #ops");
        cluster.until(() -> a.registry().channel("#ops") != null);
        alice.ask("JOIN #ops");
        cluster.until(() -> b.registry().channel("#ops").size() == 2);

        alice.send("PRIVMSG @#ops :for the operators");
        String id = msgid(alice.readUntil("for the operators"));
        bob.readUntil("for the operators");
        assertThat(bob.ask("REDACT #ops " + id)).as("as an operator on a may").noneMatch(l -> l.contains("FAIL"));
        alice.readUntil("REDACT #ops " + id);
        assertThat(unknown(alice.ask("REDACT #ops " + id), "#ops", id)).isTrue();
    }
}
