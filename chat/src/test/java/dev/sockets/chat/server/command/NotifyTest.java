package dev.sockets.chat.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** away-notify, invite-notify, setname and bot mode (+B) through the handlers. */
class NotifyTest {

    private final Harness h = new Harness();

    private Harness.User with(String nick, String caps) {
        Harness.User u = h.registered(nick);
        u.send("CAP REQ :" + caps).take();
        return u;
    }

    @Test
    void awayNotifyTellsChannelPeersThatAskedAndOnlyThem() {
        Harness.User foo = with("foo", "away-notify");
        Harness.User plain = h.registered("plain");
        Harness.User bar = h.registered("bar");
        for (Harness.User u : List.of(foo, plain, bar)) {
            u.send("JOIN #c");
        }
        List.of(foo, plain, bar).forEach(Harness.User::take);
        assertThat(bar.ask("AWAY :gone fishing")).containsExactly(":irc.test 306 bar :You have been marked as being away");
        assertThat(foo.take()).containsExactly(":bar!bar@127.0.0.1 AWAY :gone fishing");
        assertThat(plain.take()).isEmpty();
        // The same message again changes nothing, so nobody is told.
        bar.send("AWAY :gone fishing").take();
        assertThat(foo.take()).isEmpty();
        assertThat(bar.ask("AWAY")).containsExactly(":irc.test 305 bar :You are no longer marked as being away");
        assertThat(foo.take()).containsExactly(":bar!bar@127.0.0.1 AWAY");
    }

    @Test
    void anAwayUserJoiningIsAnnouncedAwayAfterItsJoin() {
        Harness.User foo = with("foo", "away-notify");
        foo.send("JOIN #c").take();
        Harness.User bar = with("bar", "away-notify");
        bar.send("AWAY :brb").take();
        List<String> own = bar.ask("JOIN #c");
        assertThat(own).noneMatch(l -> l.contains(" AWAY "));
        assertThat(foo.take()).containsExactly(":bar!bar@127.0.0.1 JOIN #c", ":bar!bar@127.0.0.1 AWAY :brb");
    }

    @Test
    void inviteNotifyTellsMembersThatAsked() {
        List<Harness.User> us = h.inChannel("#c", "op", "member", "plain");
        us.get(1).send("CAP REQ invite-notify").take();
        Harness.User guest = h.registered("guest");
        assertThat(us.get(0).ask("INVITE guest #c")).containsExactly(":irc.test 341 op guest :#c");
        assertThat(guest.take()).containsExactly(":op!op@127.0.0.1 INVITE guest #c");
        assertThat(us.get(1).take()).containsExactly(":op!op@127.0.0.1 INVITE guest #c");
        assertThat(us.get(2).take()).isEmpty();
    }

    @Test
    void setnameChangesTheRealNameAndTellsThoseWhoAsked() {
        Harness.User foo = with("foo", "setname");
        Harness.User bar = with("bar", "setname");
        Harness.User plain = h.registered("plain");
        for (Harness.User u : List.of(foo, bar, plain)) {
            u.send("JOIN #c");
        }
        List.of(foo, bar, plain).forEach(Harness.User::take);
        assertThat(foo.ask("SETNAME :Foo Bar")).containsExactly(":foo!foo@127.0.0.1 SETNAME :Foo Bar");
        assertThat(bar.take()).containsExactly(":foo!foo@127.0.0.1 SETNAME :Foo Bar");
        assertThat(plain.take()).isEmpty();
        assertThat(plain.ask("WHOIS foo")).first().asString().endsWith(" * :Foo Bar");
        assertThat(foo.ask("SETNAME :" + "x".repeat(201))).singleElement().asString()
                .startsWith(":irc.test FAIL SETNAME INVALID_REALNAME ");
        assertThat(foo.ask("SETNAME")).singleElement().asString().contains(" 461 foo SETNAME ");
    }

    @Test
    void botModeShowsInWhoisWhoModeAndAsATag() {
        Harness.User bot = h.registered("robo");
        Harness.User user = with("user", "message-tags");
        Harness.User plain = h.registered("plain");
        assertThat(bot.ask("MODE robo +B")).containsExactly(":robo!robo@127.0.0.1 MODE robo :+B");
        assertThat(bot.ask("MODE robo")).containsExactly(":irc.test 221 robo +B");
        assertThat(user.ask("WHOIS robo")).anyMatch(l -> l.startsWith(":irc.test 335 user robo :is a bot"));
        bot.send("JOIN #c");
        user.send("JOIN #c").take();
        assertThat(user.ask("WHO #c")).anyMatch(l -> l.contains(" robo HB@ :0 "));
        bot.send("PRIVMSG user :beep");
        assertThat(user.take()).singleElement().asString().matches("@msgid=[^;]+;bot :robo!\\S+ PRIVMSG user :beep");
        bot.send("PRIVMSG plain :beep");
        assertThat(plain.take()).containsExactly(":robo!robo@127.0.0.1 PRIVMSG plain :beep");
        bot.take();
        assertThat(bot.ask("MODE robo -B")).containsExactly(":robo!robo@127.0.0.1 MODE robo :-B");
        assertThat(user.ask("WHOIS robo")).noneMatch(l -> l.contains(" 335 "));
    }
}
