package dev.sockets.chat.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.network.Network;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.Registry;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** MONITOR + - C L S and the 730/731 a watcher hears, against a registry and mailboxes. */
class MonitorTest {

    private final Registry registry = new Registry();
    private final CommandTable table = CommandTable.standard(new CommandContext(
            ChatConfig.builder().serverName("irc.test").build(), registry, Network.SINGLE, Instant.now(), "sockets-test"));

    private final class User {
        final Client client = new Client("127.0.0.1", "irc.test", "irc.test", System.nanoTime());
        final Mailbox mailbox = new Mailbox(registry);

        User(String nick) {
            client.attach(mailbox);
            registry.connected(client);
            send("NICK " + nick).send("USER " + nick + " 0 * :Real");
            take();
        }

        User send(String line) {
            table.dispatch(client, Mailbox.line(line));
            return this;
        }

        List<String> take() {
            return mailbox.take();
        }

        void quit() {
            send("QUIT :bye");
            registry.remove(client, IrcLine.formatTrailing(client.prefix(), "QUIT", "Quit: bye"));
        }
    }

    @Test
    void aWatcherHearsSignOnAndSignOffAndNotAfterUnwatching() {
        User foo = new User("foo");
        foo.send("MONITOR + bar");
        assertThat(foo.take()).containsExactly(":irc.test 731 foo :bar");
        User bar = new User("bar");
        assertThat(foo.take()).containsExactly(":irc.test 730 foo :bar!bar@127.0.0.1");
        bar.quit();
        assertThat(foo.take()).containsExactly(":irc.test 731 foo :bar");
        foo.send("MONITOR - bar");
        new User("bar");
        assertThat(foo.take()).isEmpty();
    }

    @Test
    void anOnlineTargetIsAnsweredWith730AndStatusListsBoth() {
        new User("bar");
        User foo = new User("foo");
        foo.send("MONITOR + BAR,baz");
        assertThat(foo.take()).containsExactly(":irc.test 730 foo :bar!bar@127.0.0.1", ":irc.test 731 foo :baz");
        foo.send("MONITOR S");
        assertThat(foo.take()).containsExactly(":irc.test 730 foo :bar!bar@127.0.0.1", ":irc.test 731 foo :baz");
        foo.send("MONITOR L");
        assertThat(foo.take()).containsExactly(":irc.test 732 foo :BAR,baz", ":irc.test 733 foo :End of MONITOR list");
        foo.send("MONITOR C").send("MONITOR L");
        assertThat(foo.take()).containsExactly(":irc.test 733 foo :End of MONITOR list");
    }

    @Test
    void aNickChangeSignsOffTheOldAndOnTheNewButACaseChangeSaysNothing() {
        User foo = new User("foo");
        User bar = new User("bar");
        foo.send("MONITOR + qux").take();
        bar.send("NICK qux");
        assertThat(foo.take()).containsExactly(":irc.test 730 foo :qux!bar@127.0.0.1");
        bar.send("NICK QUX");
        assertThat(foo.take()).isEmpty();
        bar.send("NICK bazbat");
        assertThat(foo.take()).containsExactly(":irc.test 731 foo :QUX");
    }

    @Test
    void masksAreRefusedAndTheListIsBounded() {
        User foo = new User("foo");
        foo.send("MONITOR + *!username@127.0.0.1");
        assertThat(foo.take()).containsExactly(":irc.test 432 foo *!username@127.0.0.1 :Erroneous nickname");
        String hundred = IntStream.range(0, 100).mapToObj(i -> "n" + i).collect(Collectors.joining(","));
        foo.send("MONITOR + " + hundred).take();
        foo.send("MONITOR + extra1,extra2");
        assertThat(foo.take()).containsExactly(":irc.test 734 foo 100 extra1,extra2 :Monitor list is full.");
        assertThat(Registration.isupport(ChatConfig.builder().build())).contains("MONITOR=100");
    }

    @Test
    void aQuittingWatcherIsForgotten() {
        User foo = new User("foo");
        foo.send("MONITOR + bar").take();
        foo.quit();
        new User("bar");
        assertThat(foo.take()).as("nothing queued for a client that left").noneMatch(l -> l.contains(" 730 "));
    }

    @Test
    void extendedMonitorWatchersGetAwayAndSetnameAsIfTheySharedAChannel() {
        User foo = new User("foo");
        foo.send("CAP REQ :extended-monitor away-notify setname").take();
        foo.send("MONITOR + bar").take();
        User bar = new User("bar");
        assertThat(foo.take()).containsExactly(":irc.test 730 foo :bar!bar@127.0.0.1");
        bar.send("AWAY :afk");
        assertThat(foo.take()).containsExactly(":bar!bar@127.0.0.1 AWAY :afk");
        bar.send("AWAY");
        assertThat(foo.take()).containsExactly(":bar!bar@127.0.0.1 AWAY");
        bar.send("SETNAME :new name");
        assertThat(foo.take()).containsExactly(":bar!bar@127.0.0.1 SETNAME :new name");
        foo.send("JOIN #c");
        bar.send("JOIN #c");
        foo.take();
        bar.send("AWAY :once");
        assertThat(foo.take()).as("a watcher in a shared channel is told once").containsExactly(":bar!bar@127.0.0.1 AWAY :once");
        foo.send("MONITOR - bar").send("PART #c").take();
        bar.send("AWAY");
        assertThat(foo.take()).as("no longer watched").isEmpty();
    }

    @Test
    void withoutTheCapOrTheNotificationCapAWatcherGetsNothingMore() {
        User plain = new User("plain");
        plain.send("CAP REQ :away-notify setname").send("MONITOR + bar").take();
        User noAway = new User("noaway");
        noAway.send("CAP REQ :extended-monitor").send("MONITOR + bar").take();
        User bar = new User("bar");
        plain.take();
        noAway.take();
        bar.send("AWAY :afk").send("SETNAME :other");
        assertThat(plain.take()).isEmpty();
        assertThat(noAway.take()).isEmpty();
    }
}
