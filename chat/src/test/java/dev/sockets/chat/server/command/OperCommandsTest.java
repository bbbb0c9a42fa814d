package dev.sockets.chat.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.config.OperatorPassword;
import dev.sockets.chat.server.config.Operators;
import dev.sockets.chat.server.network.Network;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.Registry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OPER, user modes +o and +w, KILL and WALLOPS, against a registry and mailboxes. */
class OperCommandsTest {

    private final Registry registry = new Registry();
    private final CommandTable table = CommandTable.standard(new CommandContext(
            ChatConfig.builder().serverName("irc.test").operators(Operators.parse(List.of(
                    "operuser " + OperatorPassword.hash("operpassword".toCharArray(), 10_000)), "test")).build(),
            registry, Network.SINGLE, Instant.now(), "sockets-test"));

    private final class User {
        final Client client = new Client("127.0.0.1", "irc.test", "irc.test", System.nanoTime());
        final Mailbox mailbox = new Mailbox(registry);

        User(String nick) {
            client.attach(mailbox);
            registry.connected(client);
            send("NICK " + nick).send("USER " + nick + " 0 * :Real " + nick);
            take();
        }

        User send(String line) {
            table.dispatch(client, Mailbox.line(line));
            return this;
        }

        List<String> take() {
            return mailbox.take();
        }
    }

    @Test
    void operWithTheRightPasswordGivesModePlusOShownInWhoisAndWho() {
        User baz = new User("baz");
        User other = new User("other");
        baz.send("OPER operuser operpassword");
        assertThat(baz.take()).containsExactly(":irc.test 381 baz :You are now an IRC operator",
                ":baz!baz@127.0.0.1 MODE baz :+o");
        assertThat(baz.client.isIrcOperator()).isTrue();
        baz.send("MODE baz");
        assertThat(baz.take()).containsExactly(":irc.test 221 baz +o");
        other.send("WHOIS baz");
        assertThat(other.take()).contains(":irc.test 313 other baz :is an IRC operator");
        other.send("WHO baz");
        assertThat(other.take()).first().asString().startsWith(":irc.test 352 other * baz 127.0.0.1 irc.test baz H* ");
        other.send("WHOIS other");
        assertThat(other.take()).noneMatch(l -> l.contains(" 313 "));
    }

    @Test
    void aWrongPasswordAnUnknownNameOrNoPasswordIsRefused() {
        User baz = new User("baz");
        baz.send("OPER operuser nottheoperpassword");
        assertThat(baz.take()).containsExactly(":irc.test 464 baz :Password incorrect");
        baz.send("OPER notanoperuser operpassword");
        assertThat(baz.take()).containsExactly(":irc.test 464 baz :Password incorrect");
        baz.send("OPER operuser");
        assertThat(baz.take()).containsExactly(":irc.test 461 baz OPER :Not enough parameters");
        assertThat(baz.client.isIrcOperator()).isFalse();
    }

    @Test
    void anOperatorMayDropPlusOButNobodyTakesItByMode() {
        User baz = new User("baz");
        baz.send("MODE baz +o");
        assertThat(baz.take()).isEmpty();
        assertThat(baz.client.isIrcOperator()).isFalse();
        baz.send("OPER operuser operpassword").take();
        baz.send("MODE baz -o");
        assertThat(baz.take()).containsExactly(":baz!baz@127.0.0.1 MODE baz :-o");
        assertThat(baz.client.isIrcOperator()).isFalse();
        baz.send("KILL baz :x");
        assertThat(baz.take()).singleElement().asString().startsWith(":irc.test 481 baz ");
    }

    @Test
    void onlyAnOperatorKillsAndTheVictimIsToldWhyAndByWhom() {
        User op = new User("ircop");
        User alice = new User("alice");
        User bob = new User("bob");
        alice.send("KILL bob :some arbitrary reason");
        assertThat(alice.take()).singleElement().asString().startsWith(":irc.test 481 alice ");
        assertThat(bob.mailbox.closed()).isFalse();
        op.send("OPER operuser operpassword").take();
        op.send("KILL nobody :x");
        assertThat(op.take()).containsExactly(":irc.test 401 ircop nobody :No such nick/channel");
        op.send("KILL irc.test :x");
        assertThat(op.take()).singleElement().asString().startsWith(":irc.test 483 ircop irc.test ");
        op.send("KILL bob :some arbitrary reason");
        assertThat(bob.mailbox.closed()).isTrue();
        assertThat(bob.mailbox.lastLine())
                .isEqualTo("ERROR :Closing link: 127.0.0.1 (Killed (ircop (some arbitrary reason)))");
        assertThat(bob.client.quitMessage()).isEqualTo("Killed (ircop (some arbitrary reason))");
        op.send("KILL alice");
        assertThat(alice.client.quitMessage()).isEqualTo("Killed (ircop (No reason given))");
    }

    @Test
    void wallopsReachesUsersWithPlusWOnly() {
        User op = new User("nick1");
        User deaf = new User("nick2");
        User listener = new User("nick3");
        op.send("WALLOPS :hi everyone");
        assertThat(op.take()).singleElement().asString().startsWith(":irc.test 481 nick1 ");
        listener.send("MODE nick3 +w");
        assertThat(listener.take()).containsExactly(":nick3!nick3@127.0.0.1 MODE nick3 :+w");
        listener.send("MODE nick3");
        assertThat(listener.take()).containsExactly(":irc.test 221 nick3 +w");
        deaf.send("MODE nick2 -w");
        assertThat(deaf.take()).isEmpty();
        op.send("OPER operuser operpassword").take();
        op.send("WALLOPS :hi everyone");
        assertThat(listener.take()).containsExactly(":nick1!nick1@127.0.0.1 WALLOPS :hi everyone");
        assertThat(deaf.take()).isEmpty();
        assertThat(op.take()).isEmpty();
    }
}
