package dev.sockets.chat.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.network.Network;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.Registry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The command handlers run against a registry and mailboxes: no socket, no bound server, no thread. What
 * each client is sent, in order, is what a real one would read.
 */
class HandlersTest {

    private final Registry registry = new Registry();
    private final CommandTable table = CommandTable.standard(new CommandContext(
            ChatConfig.builder().serverName("irc.test").build(), registry, Network.SINGLE, Instant.now(), "sockets-test"));

    /** A connected client and what it receives. */
    private final class User {
        final Client client = new Client("127.0.0.1", "irc.test", "irc.test", System.nanoTime());
        final Mailbox mailbox = new Mailbox(registry);

        User() {
            client.attach(mailbox);
            registry.connected(client);
        }

        User send(String line) {
            table.dispatch(client, Mailbox.line(line));
            return this;
        }

        List<String> take() {
            return mailbox.take();
        }
    }

    private User registered(String nick) {
        User u = new User().send("NICK " + nick).send("USER " + nick + " 0 * :Real " + nick);
        assertThat(u.client.isRegistered()).isTrue();
        u.take();
        return u;
    }

    @Test
    void registrationIsWelcomedWithTheNumericsClientsWaitFor() {
        User u = new User().send("NICK alice").send("USER al 0 * :Alice A");
        List<String> lines = u.take();
        assertThat(lines.get(0)).startsWith(":irc.test 001 alice :Welcome").contains("alice!al@127.0.0.1");
        assertThat(lines).anyMatch(l -> l.startsWith(":irc.test 002 alice "))
                .anyMatch(l -> l.startsWith(":irc.test 004 alice irc.test sockets-test "))
                .anyMatch(l -> l.startsWith(":irc.test 005 alice ") && l.contains("CASEMAPPING=rfc1459"))
                .anyMatch(l -> l.startsWith(":irc.test 251 alice "))
                .anyMatch(l -> l.startsWith(":irc.test 422 alice ") || l.startsWith(":irc.test 376 alice "));
        assertThat(registry.user("ALICE")).as("nicks compare in rfc1459 case").isSameAs(u.client);
    }

    @Test
    void beforeRegistrationOnlySetupCommandsRun() {
        User u = new User();
        u.send("JOIN #c");
        assertThat(u.take()).containsExactly(":irc.test 451 * :You have not registered");
        u.send("FROB x");
        assertThat(u.take()).containsExactly(":irc.test 451 * :You have not registered");
    }

    @Test
    void unknownCommandsAndMissingParametersAreAnswered() {
        User u = registered("alice");
        u.send("FROB");
        assertThat(u.take()).containsExactly(":irc.test 421 alice FROB :Unknown command");
        u.send("KICK #c");
        assertThat(u.take()).containsExactly(":irc.test 461 alice KICK :Not enough parameters");
    }

    @Test
    void aTakenNickIsRefused() {
        registered("alice");
        User u = new User().send("NICK Alice");
        assertThat(u.take()).singleElement().asString().startsWith(":irc.test 433 * Alice ");
        assertThat(u.client.nick()).isNull();
    }

    @Test
    void joinTellsTheMembersAndGivesTheJoinerNamesWithTheFirstAsOperator() {
        User alice = registered("alice");
        User bob = registered("bob");
        alice.send("JOIN #c");
        assertThat(alice.take()).first().asString().isEqualTo(":alice!alice@127.0.0.1 JOIN #c");
        bob.send("JOIN #c");
        assertThat(alice.take()).containsExactly(":bob!bob@127.0.0.1 JOIN #c");
        List<String> lines = bob.take();
        assertThat(lines.get(0)).isEqualTo(":bob!bob@127.0.0.1 JOIN #c");
        assertThat(lines).anyMatch(l -> l.startsWith(":irc.test 353 bob = #c :") && l.contains("@alice") && l.contains("bob"))
                .anyMatch(l -> l.startsWith(":irc.test 366 bob #c "));
    }

    @Test
    void aChannelMessageReachesTheOtherMembersOnly() {
        User alice = registered("alice");
        User bob = registered("bob");
        User carol = registered("carol");
        alice.send("JOIN #c");
        bob.send("JOIN #c");
        alice.take();
        bob.take();
        alice.send("PRIVMSG #c :hello");
        assertThat(bob.take()).containsExactly(":alice!alice@127.0.0.1 PRIVMSG #c :hello");
        assertThat(alice.take()).isEmpty();
        assertThat(carol.take()).isEmpty();
        carol.send("PRIVMSG #c :from outside");
        assertThat(carol.take()).singleElement().asString().startsWith(":irc.test 404 carol #c ");
        assertThat(bob.take()).as("+n keeps outsiders out").isEmpty();
    }

    @Test
    void privateMessagesAndUnknownTargets() {
        User alice = registered("alice");
        User bob = registered("bob");
        alice.send("PRIVMSG BOB :hi");
        assertThat(bob.take()).containsExactly(":alice!alice@127.0.0.1 PRIVMSG bob :hi");
        alice.send("PRIVMSG nobody :hi");
        assertThat(alice.take()).singleElement().asString().startsWith(":irc.test 401 alice nobody ");
        alice.send("NOTICE nobody :hi");
        assertThat(alice.take()).as("NOTICE is never answered").isEmpty();
    }

    @Test
    void whoeverSeesThePartNoLongerFindsThePartedUser() {
        User alice = registered("alice");
        User bob = registered("bob");
        alice.send("JOIN #c");
        bob.send("JOIN #c");
        alice.take();
        bob.take();
        bob.send("PART #c :bye");
        assertThat(bob.take()).containsExactly(":bob!bob@127.0.0.1 PART #c :bye");
        assertThat(alice.take()).containsExactly(":bob!bob@127.0.0.1 PART #c :bye");
        alice.send("PRIVMSG #c :still there?").send("NAMES #c");
        assertThat(bob.take()).isEmpty();
        assertThat(alice.take()).anyMatch(l -> l.startsWith(":irc.test 353 alice = #c :") && !l.contains("bob"));
        bob.send("PART #c");
        assertThat(bob.take()).singleElement().asString().startsWith(":irc.test 442 bob #c ");
    }

    @Test
    void onlyAnOperatorKicksAndTheKickedUserIsGoneWhenTold() {
        User alice = registered("alice");
        User bob = registered("bob");
        alice.send("JOIN #c");
        bob.send("JOIN #c");
        alice.take();
        bob.take();
        bob.send("KICK #c alice :no");
        assertThat(bob.take()).singleElement().asString().startsWith(":irc.test 482 bob #c ");
        alice.send("KICK #c bob :out");
        assertThat(bob.take()).containsExactly(":alice!alice@127.0.0.1 KICK #c bob :out");
        assertThat(alice.take()).containsExactly(":alice!alice@127.0.0.1 KICK #c bob :out");
        assertThat(registry.channel("#c").hasMember(bob.client)).isFalse();
    }

    @Test
    void aModeChangeIsAnnouncedOnceAndARepeatedOneNotAtAll() {
        User alice = registered("alice");
        User bob = registered("bob");
        alice.send("JOIN #c");
        bob.send("JOIN #c");
        alice.take();
        bob.take();
        alice.send("MODE #c -t");
        assertThat(bob.take()).containsExactly(":alice!alice@127.0.0.1 MODE #c -t");
        assertThat(alice.take()).containsExactly(":alice!alice@127.0.0.1 MODE #c -t");
        alice.send("MODE #c -t");
        assertThat(bob.take()).as("a change that changes nothing says nothing").isEmpty();
        assertThat(alice.take()).isEmpty();
        bob.send("TOPIC #c :new topic");
        assertThat(alice.take()).containsExactly(":bob!bob@127.0.0.1 TOPIC #c :new topic");
        assertThat(registry.channel("#c").topic()).isEqualTo("new topic");
    }

    @Test
    void whoisAndIsonFindUsersByCaseInsensitiveNick() {
        User alice = registered("alice");
        registered("bob");
        alice.send("WHOIS BOB");
        List<String> lines = alice.take();
        assertThat(lines.get(0)).isEqualTo(":irc.test 311 alice bob bob 127.0.0.1 * :Real bob");
        assertThat(lines).last().asString().startsWith(":irc.test 318 alice ");
        alice.send("ISON Bob carol");
        assertThat(alice.take()).singleElement().asString().isEqualTo(":irc.test 303 alice :bob");
    }

    @Test
    void quitEndsTheConnectionWithAnErrorLine() {
        User alice = registered("alice");
        alice.send("QUIT :gone");
        assertThat(alice.mailbox.closed()).isTrue();
        assertThat(alice.mailbox.lastLine()).startsWith("ERROR :");
        assertThat(alice.client.quitMessage()).contains("gone");
    }
}
