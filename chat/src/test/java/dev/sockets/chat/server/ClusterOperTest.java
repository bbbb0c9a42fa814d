package dev.sockets.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.config.OperatorPassword;
import dev.sockets.chat.server.config.Operators;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Operator status, KILL and WALLOPS across the nodes of a cluster: an operator on node a is one on node b
 * too (WHOIS, WHO), kills a user of node b (who is told why), and reaches node b's +w users; a node that
 * joins later learns who is an operator from the burst.
 */
class ClusterOperTest {

    private static final Operators OPERATORS = Operators.parse(
            List.of("operuser " + OperatorPassword.hash("operpassword".toCharArray(), 10_000)), "test");

    private final ClusterFixture cluster = ClusterFixture.inMemory(ChatConfig.builder().floodRate(0).operators(OPERATORS).build());

    @AfterEach
    void stop() throws IOException {
        cluster.close();
    }

    @Test
    void anOperatorOnOneNodeIsOneOnTheOtherAndLosesItThereToo() throws IOException {
        ChatServer a = cluster.node("a.test");
        ChatServer b = cluster.node("b.test");
        cluster.converged();
        TestIrc ircop = cluster.user(a, "ircop");
        TestIrc bob = cluster.user(b, "bob");
        assertThat(ircop.ask("OPER operuser operpassword")).anyMatch(l -> l.contains(" 381 ircop "));
        cluster.until(() -> b.registry().user("ircop") != null && b.registry().user("ircop").isIrcOperator());
        assertThat(bob.ask("WHOIS ircop")).anyMatch(l -> l.contains(" 313 bob ircop :is an IRC operator"));
        assertThat(bob.ask("WHO ircop")).anyMatch(l -> l.contains(" 352 bob * ircop ") && l.contains(" ircop H* "));
        ircop.ask("MODE ircop -o");
        cluster.until(() -> !b.registry().user("ircop").isIrcOperator());
        assertThat(bob.ask("WHOIS ircop")).noneMatch(l -> l.contains(" 313 "));
    }

    @Test
    void anOperatorKillsAUserOfTheOtherNodeWhoIsToldWhy() throws IOException {
        ChatServer a = cluster.node("a.test");
        ChatServer b = cluster.node("b.test");
        cluster.converged();
        TestIrc ircop = cluster.user(a, "ircop");
        TestIrc bob = cluster.user(b, "bob");
        TestIrc carol = cluster.user(a, "carol");
        bob.ask("JOIN #c");
        cluster.until(() -> a.registry().channel("#c") != null);
        carol.ask("JOIN #c");
        ircop.ask("OPER operuser operpassword");
        cluster.until(() -> a.registry().user("bob") != null);
        ircop.ask("KILL bob :spamming");
        assertThat(bob.readUntil("ERROR")).isEqualTo("ERROR :Closing link: 127.0.0.1 (Killed (ircop (spamming)))");
        bob.line.awaitClosed();
        assertThat(carol.readUntil("QUIT")).isEqualTo(":bob!bob@127.0.0.1 QUIT :Killed (ircop (spamming))");
        cluster.until(() -> a.registry().user("bob") == null && b.registry().user("bob") == null);
        assertThat(ircop.ask("KILL bob :again")).anyMatch(l -> l.contains(" 401 ircop bob "));
    }

    @Test
    void wallopsReachPlusWUsersOnEveryNode() throws IOException {
        ChatServer a = cluster.node("a.test");
        ChatServer b = cluster.node("b.test");
        cluster.converged();
        TestIrc ircop = cluster.user(a, "ircop");
        TestIrc near = cluster.user(a, "near");
        TestIrc far = cluster.user(b, "far");
        TestIrc deaf = cluster.user(b, "deaf");
        near.ask("MODE near +w");
        far.ask("MODE far +w");
        cluster.until(() -> a.registry().user("far") != null && a.registry().user("far").receivesWallops());
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
        ChatServer a = cluster.node("a.test");
        cluster.converged();
        TestIrc ircop = cluster.user(a, "ircop");
        ircop.ask("OPER operuser operpassword");
        ircop.ask("MODE ircop +w");
        ChatServer b = cluster.node("b.test");
        cluster.converged();
        cluster.until(() -> b.registry().user("ircop") != null && b.registry().user("ircop").isIrcOperator()
                && b.registry().user("ircop").receivesWallops());
    }
}
