package dev.sockets.chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.chat.server.cluster.ClusterNetwork;
import dev.sockets.chat.server.cluster.MemoryBus;
import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.config.OperatorPassword;
import dev.sockets.chat.server.config.Operators;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Limits;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Operator status, KILL and WALLOPS across the nodes of a cluster: an operator on node a is one on node b
 * too (WHOIS, WHO), kills a user of node b (who is told why), and reaches node b's +w users; a node that
 * joins later learns who is an operator from the burst.
 */
class ClusterOperTest {

    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Operators OPERATORS = Operators.parse(
            List.of("operuser " + OperatorPassword.hash("operpassword".toCharArray(), 10_000)), "test");

    private final MemoryBus bus = new MemoryBus();
    private final List<ChatServer> servers = new ArrayList<>();
    private final List<TestIrc> users = new ArrayList<>();

    private ChatServer node(String name) throws IOException {
        ClusterNetwork network = new ClusterNetwork(bus.connect(), name, LEASE, "memory bus", "irc.local");
        ChatServer chat = new ChatServer(ChatConfig.builder().floodRate(0).operators(OPERATORS).build(),
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

    private static void until(BooleanSupplier condition) {
        await().atMost(WAIT).until(condition::getAsBoolean);
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
    void anOperatorOnOneNodeIsOneOnTheOtherAndLosesItThereToo() throws IOException {
        ChatServer a = node("a.test");
        ChatServer b = node("b.test");
        converged();
        TestIrc ircop = user(a, "ircop");
        TestIrc bob = user(b, "bob");
        assertThat(ircop.ask("OPER operuser operpassword")).anyMatch(l -> l.contains(" 381 ircop "));
        until(() -> b.registry().user("ircop") != null && b.registry().user("ircop").isIrcOperator());
        assertThat(bob.ask("WHOIS ircop")).anyMatch(l -> l.contains(" 313 bob ircop :is an IRC operator"));
        assertThat(bob.ask("WHO ircop")).anyMatch(l -> l.contains(" 352 bob * ircop ") && l.contains(" ircop H* "));
        ircop.ask("MODE ircop -o");
        until(() -> !b.registry().user("ircop").isIrcOperator());
        assertThat(bob.ask("WHOIS ircop")).noneMatch(l -> l.contains(" 313 "));
    }

    @Test
    void anOperatorKillsAUserOfTheOtherNodeWhoIsToldWhy() throws IOException {
        ChatServer a = node("a.test");
        ChatServer b = node("b.test");
        converged();
        TestIrc ircop = user(a, "ircop");
        TestIrc bob = user(b, "bob");
        TestIrc carol = user(a, "carol");
        bob.ask("JOIN #c");
        until(() -> a.registry().channel("#c") != null);
        carol.ask("JOIN #c");
        ircop.ask("OPER operuser operpassword");
        until(() -> a.registry().user("bob") != null);
        ircop.ask("KILL bob :spamming");
        assertThat(bob.readUntil("ERROR")).isEqualTo("ERROR :Closing link: 127.0.0.1 (Killed (ircop (spamming)))");
        bob.line.awaitClosed();
        assertThat(carol.readUntil("QUIT")).isEqualTo(":bob!bob@127.0.0.1 QUIT :Killed (ircop (spamming))");
        until(() -> a.registry().user("bob") == null && b.registry().user("bob") == null);
        assertThat(ircop.ask("KILL bob :again")).anyMatch(l -> l.contains(" 401 ircop bob "));
    }

    @Test
    void wallopsReachPlusWUsersOnEveryNode() throws IOException {
        ChatServer a = node("a.test");
        ChatServer b = node("b.test");
        converged();
        TestIrc ircop = user(a, "ircop");
        TestIrc near = user(a, "near");
        TestIrc far = user(b, "far");
        TestIrc deaf = user(b, "deaf");
        near.ask("MODE near +w");
        far.ask("MODE far +w");
        until(() -> a.registry().user("far") != null && a.registry().user("far").receivesWallops());
        ircop.ask("OPER operuser operpassword");
        ircop.send("WALLOPS :maintenance at noon");
        String expected = ":ircop!ircop@127.0.0.1 WALLOPS :maintenance at noon";
        assertThat(near.readUntil("WALLOPS")).isEqualTo(expected);
        assertThat(far.readUntil("WALLOPS")).isEqualTo(expected);
        // A PING barrier through node b after the WALLOPS reached it: deaf would have it by now.
        assertThat(deaf.sync()).noneMatch(l -> l.contains("WALLOPS"));
    }

    @Test
    void aNodeThatJoinsLaterLearnsWhoIsAnOperator() throws IOException {
        ChatServer a = node("a.test");
        converged();
        TestIrc ircop = user(a, "ircop");
        ircop.ask("OPER operuser operpassword");
        ircop.ask("MODE ircop +w");
        ChatServer b = node("b.test");
        converged();
        until(() -> b.registry().user("ircop") != null && b.registry().user("ircop").isIrcOperator()
                && b.registry().user("ircop").receivesWallops());
    }
}
