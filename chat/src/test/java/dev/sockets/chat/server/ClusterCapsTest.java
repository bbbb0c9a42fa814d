package dev.sockets.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.chat.server.cluster.RedisBackplane;
import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.state.User;
import dev.sockets.common.testing.RedisServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * IRCv3 across two nodes through a real redis-server: a message keeps its server time, msgid and client
 * tags on the way, TAGMSG reaches only message-tags clients, echo-message and away-notify, setname and
 * bot mode hold on the other node, and a node that joins later learns them from the burst.
 */
@Timeout(60)
class ClusterCapsTest {

    @RegisterExtension
    static final RedisServer redis = RedisServer.eachTest();

    private ClusterFixture cluster;

    @BeforeEach
    void network() {
        cluster = ClusterFixture.over(() -> new RedisBackplane(redis.uri(), "capstest", Duration.ofSeconds(1)), "redis",
                ChatConfig.builder().floodRate(0).build());
    }

    private TestIrc user(ChatServer chat, String nick, String caps) throws IOException {
        TestIrc u = cluster.user(chat, nick);
        if (caps != null) {
            assertThat(u.ask("CAP REQ :" + caps)).singleElement().asString().contains(" ACK ");
        }
        return u;
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    @Test
    void tagsTimeEchoAndTagmsgSurviveTheBus() throws Exception {
        ChatServer a = cluster.node("a.test");
        ChatServer b = cluster.node("b.test");
        cluster.converged();
        TestIrc alice = user(a, "alice", "message-tags echo-message server-time");
        TestIrc bob = user(b, "bob", "message-tags");
        TestIrc carol = user(b, "carol", null);
        TestIrc dave = user(b, "dave", "server-time");
        alice.ask("JOIN #c");
        for (TestIrc u : List.of(bob, carol, dave)) {
            u.ask("JOIN #c");
        }
        cluster.until(() -> a.registry().channel("#c") != null && a.registry().channel("#c").size() == 4);
        alice.sync();
        List.of(bob, carol, dave).forEach(u -> sync(u));

        List<String> echo = alice.ask("@+draft/react=\\:-) PRIVMSG #c :hello");
        assertThat(echo).singleElement().asString()
                .matches("@time=\\S+;msgid=(\\S+);\\+draft/react=\\\\:-\\) :alice!alice@127\\.0\\.0\\.1 PRIVMSG #c :hello");
        String msgid = echo.get(0).replaceAll(".*msgid=([^; ]+).*", "$1");
        String time = echo.get(0).replaceAll("@time=([^; ]+).*", "$1");
        assertThat(bob.readUntil("PRIVMSG #c"))
                .isEqualTo("@msgid=" + msgid + ";+draft/react=\\:-) :alice!alice@127.0.0.1 PRIVMSG #c :hello");
        assertThat(carol.readUntil("PRIVMSG #c")).isEqualTo(":alice!alice@127.0.0.1 PRIVMSG #c :hello");
        // The time the first server saw it, not when the second delivered it.
        assertThat(dave.readUntil("PRIVMSG #c")).isEqualTo("@time=" + time + " :alice!alice@127.0.0.1 PRIVMSG #c :hello");

        alice.ask("@+typing=active TAGMSG #c");
        alice.ask("PRIVMSG #c :after");
        assertThat(bob.readUntil("TAGMSG")).matches("@msgid=\\S+;\\+typing=active :alice!\\S+ TAGMSG #c");
        // Neither carol nor dave gets it: lines from one sender keep their order, so the next is "after".
        assertThat(carol.readUntil("")).isEqualTo(":alice!alice@127.0.0.1 PRIVMSG #c :after");
        assertThat(dave.readUntil("")).endsWith(" :alice!alice@127.0.0.1 PRIVMSG #c :after");

        // A private TAGMSG to a remote user too.
        alice.ask("@+typing=paused TAGMSG bob");
        assertThat(bob.readUntil("TAGMSG")).matches("@msgid=\\S+;\\+typing=paused :alice!\\S+ TAGMSG bob");
    }

    @Test
    void aMultilineBatchReachesMembersAndUsersOfTheOtherNodeAsItsPlainLines() throws Exception {
        ChatServer a = cluster.node("a.test");
        ChatServer b = cluster.node("b.test");
        cluster.converged();
        TestIrc alice = user(a, "alice", "message-tags batch draft/multiline");
        TestIrc bob = user(b, "bob", "message-tags");
        TestIrc carol = user(b, "carol", null);
        alice.ask("JOIN #c");
        bob.ask("JOIN #c");
        carol.ask("JOIN #c");
        cluster.until(() -> a.registry().channel("#c") != null && a.registry().channel("#c").size() == 3);
        alice.sync();
        sync(bob);
        sync(carol);

        alice.send("BATCH +1 draft/multiline #c").send("@batch=1 PRIVMSG #c :first")
                .send("@batch=1 PRIVMSG #c :").send("@batch=1;draft/multiline-concat PRIVMSG #c :second").send("BATCH -1");
        assertThat(bob.readUntil("PRIVMSG #c")).matches("@msgid=\\S+ :alice!alice@127\\.0\\.0\\.1 PRIVMSG #c :first");
        assertThat(bob.readUntil("PRIVMSG #c")).isEqualTo(":alice!alice@127.0.0.1 PRIVMSG #c :second");
        assertThat(carol.readUntil("PRIVMSG #c")).isEqualTo(":alice!alice@127.0.0.1 PRIVMSG #c :first");
        assertThat(carol.readUntil("PRIVMSG #c")).isEqualTo(":alice!alice@127.0.0.1 PRIVMSG #c :second");

        alice.send("BATCH +2 draft/multiline carol").send("@batch=2 NOTICE carol :one").send("@batch=2 NOTICE carol :two")
                .send("BATCH -2");
        assertThat(carol.readUntil("NOTICE")).isEqualTo(":alice!alice@127.0.0.1 NOTICE carol :one");
        assertThat(carol.readUntil("NOTICE")).isEqualTo(":alice!alice@127.0.0.1 NOTICE carol :two");
    }

    @Test
    void metadataOfUsersAndChannelsHoldsOnTheOtherNodesAndInTheBurst() throws Exception {
        ChatServer a = cluster.node("a.test");
        ChatServer b = cluster.node("b.test");
        cluster.converged();
        TestIrc alice = user(a, "alice", "draft/metadata-3");
        TestIrc bob = user(b, "bob", "draft/metadata-3");
        bob.ask("METADATA * SUB display-name");
        alice.ask("JOIN #c");
        bob.ask("JOIN #c");
        cluster.until(() -> a.registry().channel("#c") != null && a.registry().channel("#c").size() == 2);
        alice.send("METADATA * SET display-name :Alice");
        assertThat(bob.readUntil(" 761 ")).isEqualTo(":irc.local 761 bob alice display-name * :Alice");
        alice.send("METADATA #c SET display-name :The C Channel");
        assertThat(bob.readUntil(" 761 ")).isEqualTo(":irc.local 761 bob #c display-name * :The C Channel");
        assertThat(bob.ask("METADATA alice GET display-name")).contains(":irc.local 761 bob alice display-name * :Alice");
        alice.send("METADATA * SET display-name");
        assertThat(bob.readUntil(" 766 ")).isEqualTo(":irc.local 766 bob alice display-name :key not set");
        alice.ask("METADATA * SET avatar :https://example.com/a.png");

        // A third node learns it from the burst.
        ChatServer c = cluster.node("c.test");
        cluster.converged();
        TestIrc carol = user(c, "carol", "draft/metadata-3");
        cluster.until(() -> c.registry().channel("#c") != null && c.registry().user("alice") != null);
        assertThat(carol.ask("METADATA alice LIST")).contains(":irc.local 761 carol alice avatar * :https://example.com/a.png");
        assertThat(carol.ask("METADATA #c GET display-name")).contains(":irc.local 761 carol #c display-name * :The C Channel");
    }

    @Test
    void anOperatorOnOneNodeRedactsAMessageSentOnTheOther() throws Exception {
        ChatServer a = cluster.node("a.test");
        ChatServer b = cluster.node("b.test");
        cluster.converged();
        TestIrc bob = user(b, "bob", "message-tags draft/message-redaction");
        TestIrc alice = user(a, "alice", "message-tags echo-message draft/message-redaction");
        TestIrc carol = user(a, "carol", "message-tags");
        bob.ask("JOIN #c");
        cluster.until(() -> a.registry().channel("#c") != null);
        alice.ask("JOIN #c");
        carol.ask("JOIN #c");
        cluster.until(() -> b.registry().channel("#c") != null && b.registry().channel("#c").size() == 3);
        sync(bob);
        alice.send("PRIVMSG #c :spam spam");
        String msgid = alice.readUntil("PRIVMSG #c").replaceAll("^@msgid=([^ ;]+).*", "$1");
        assertThat(bob.readUntil("PRIVMSG #c")).isEqualTo("@msgid=" + msgid + " :alice!alice@127.0.0.1 PRIVMSG #c :spam spam");
        bob.send("REDACT #c " + msgid + " :spam");
        String redaction = bob.readUntil("REDACT");
        assertThat(redaction).matches("@msgid=[^ ;]+ :bob!bob@127\\.0\\.0\\.1 REDACT #c " + msgid + " :spam")
                .doesNotStartWith("@msgid=" + msgid + " ");
        assertThat(alice.readUntil("REDACT")).as("the same line, msgid too").isEqualTo(redaction);
        bob.send("PRIVMSG #c :after");
        carol.readUntil("spam spam");
        assertThat(carol.readUntil("")).as("no REDACT for a client without the capability")
                .endsWith(":bob!bob@127.0.0.1 PRIVMSG #c :after");
    }

    @Test
    void awaySetnameAndBotModeHoldOnTheOtherNodeAndInItsBurst() throws Exception {
        ChatServer a = cluster.node("a.test");
        ChatServer b = cluster.node("b.test");
        cluster.converged();
        TestIrc alice = user(a, "alice", null);
        TestIrc bob = user(b, "bob", "away-notify setname message-tags");
        alice.ask("JOIN #c");
        bob.ask("JOIN #c");
        cluster.until(() -> a.registry().channel("#c") != null && a.registry().channel("#c").size() == 2);
        alice.ask("AWAY :lunch");
        assertThat(bob.readUntil(" AWAY ")).isEqualTo(":alice!alice@127.0.0.1 AWAY :lunch");
        alice.ask("SETNAME :Alice Liddell");
        assertThat(bob.readUntil(" SETNAME ")).isEqualTo(":alice!alice@127.0.0.1 SETNAME :Alice Liddell");
        alice.ask("MODE alice +B");
        cluster.until(() -> b.registry().user("alice") != null && b.registry().user("alice").isBot());
        assertThat(bob.ask("WHOIS alice")).anyMatch(l -> l.endsWith(" * :Alice Liddell"))
                .anyMatch(l -> l.contains(" 335 bob alice ")).anyMatch(l -> l.contains(" 301 bob alice :lunch"));
        alice.ask("PRIVMSG bob :beep");
        assertThat(bob.readUntil("PRIVMSG bob")).matches("@msgid=\\S+;bot :alice!\\S+ PRIVMSG bob :beep");

        // A third node learns all of it from the burst.
        ChatServer c = cluster.node("c.test");
        cluster.converged();
        cluster.until(() -> {
            User u = c.registry().user("alice");
            return u != null && u.isBot() && "Alice Liddell".equals(u.realName()) && "lunch".equals(u.away());
        });
    }

    private static List<String> sync(TestIrc u) {
        try {
            return u.sync();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
