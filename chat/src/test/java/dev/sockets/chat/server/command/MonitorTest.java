package dev.sockets.chat.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.chat.server.config.ChatConfig;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** MONITOR + - C L S and the 730/731 a watcher hears, against a registry and mailboxes. */
class MonitorTest {

    private final Harness h = new Harness();

    private Harness.User user(String nick) {
        return h.registered(nick, nick, "Real");
    }

    @Test
    void aWatcherHearsSignOnAndSignOffAndNotAfterUnwatching() {
        Harness.User foo = user("foo");
        foo.send("MONITOR + bar");
        assertThat(foo.take()).containsExactly(":irc.test 731 foo :bar");
        Harness.User bar = user("bar");
        assertThat(foo.take()).containsExactly(":irc.test 730 foo :bar!bar@127.0.0.1");
        bar.quit();
        assertThat(foo.take()).containsExactly(":irc.test 731 foo :bar");
        foo.send("MONITOR - bar");
        user("bar");
        assertThat(foo.take()).isEmpty();
    }

    @Test
    void anOnlineTargetIsAnsweredWith730AndStatusListsBoth() {
        user("bar");
        Harness.User foo = user("foo");
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
        Harness.User foo = user("foo");
        Harness.User bar = user("bar");
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
        Harness.User foo = user("foo");
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
        Harness.User foo = user("foo");
        foo.send("MONITOR + bar").take();
        foo.quit();
        user("bar");
        assertThat(foo.take()).as("nothing queued for a client that left").noneMatch(l -> l.contains(" 730 "));
    }

    @Test
    void extendedMonitorWatchersGetAwayAndSetnameAsIfTheySharedAChannel() {
        Harness.User foo = user("foo");
        foo.send("CAP REQ :extended-monitor away-notify setname").take();
        foo.send("MONITOR + bar").take();
        Harness.User bar = user("bar");
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
        Harness.User plain = user("plain");
        plain.send("CAP REQ :away-notify setname").send("MONITOR + bar").take();
        Harness.User noAway = user("noaway");
        noAway.send("CAP REQ :extended-monitor").send("MONITOR + bar").take();
        Harness.User bar = user("bar");
        plain.take();
        noAway.take();
        bar.send("AWAY :afk").send("SETNAME :other");
        assertThat(plain.take()).isEmpty();
        assertThat(noAway.take()).isEmpty();
    }
}
