package dev.sockets.chat.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** INVITE: the replies, who may invite, and what an invite lets one past, once. */
class InviteTest {

    private final Harness h = new Harness();

    @Test
    void anInviteLetsTheInviteeIntoAnInviteOnlyChannelOnce() {
        List<Harness.User> u = h.inChannel("#c", "foo", "baz");
        Harness.User foo = u.get(0);
        foo.send("MODE #c +i");
        u.forEach(Harness.User::take);
        assertThat(foo.ask("INVITE bar #c")).containsExactly(":irc.test 401 foo bar :No such nick/channel");
        Harness.User bar = h.registered("bar");
        assertThat(bar.ask("JOIN #c")).singleElement().asString().contains(" 473 bar #c ");
        assertThat(foo.ask("INVITE bar #c")).containsExactly(":irc.test 341 foo bar :#c");
        assertThat(bar.take()).containsExactly(":foo!foo@127.0.0.1 INVITE bar #c");
        assertThat(u.get(1).take()).as("other members are not told").isEmpty();
        assertThat(bar.ask("INVITE")).containsExactly(":irc.test 336 bar :#c", ":irc.test 337 bar :End of /INVITE list");
        assertThat(bar.ask("JOIN #c")).first().asString().isEqualTo(":bar!bar@127.0.0.1 JOIN #c");
        assertThat(bar.ask("INVITE")).containsExactly(":irc.test 337 bar :End of /INVITE list");
        bar.send("PART #c").take();
        assertThat(bar.ask("JOIN #c")).as("used up by the join").singleElement().asString().contains(" 473 ");
    }

    @Test
    void anInviteAlsoPassesTheLimitKeyAndBans() {
        Harness.User foo = h.inChannel("#c", "foo").get(0);
        foo.send("MODE #c +lkb 1 key bar!*@*").take();
        Harness.User bar = h.registered("bar");
        assertThat(bar.ask("JOIN #c")).singleElement().asString().contains(" 474 ");
        foo.send("INVITE bar #c").take();
        assertThat(bar.take()).hasSize(1);
        assertThat(bar.ask("JOIN #c")).first().asString().endsWith("JOIN #c");
    }

    @Test
    void onlyMembersInviteAndOnlyOperatorsToAnInviteOnlyChannel() {
        List<Harness.User> u = h.inChannel("#c", "foo", "baz");
        Harness.User foo = u.get(0);
        Harness.User baz = u.get(1);
        Harness.User bar = h.registered("bar");
        Harness.User out = h.registered("out");
        assertThat(out.ask("INVITE bar #c")).containsExactly(":irc.test 442 out #c :You're not on that channel");
        assertThat(bar.take()).isEmpty();
        assertThat(baz.ask("INVITE bar #c")).as("not +i: any member").containsExactly(":irc.test 341 baz bar :#c");
        foo.send("MODE #c +i").take();
        baz.take();
        assertThat(baz.ask("INVITE out #c")).containsExactly(":irc.test 482 baz #c :You're not channel operator");
        assertThat(foo.ask("INVITE baz #c")).containsExactly(":irc.test 443 foo baz #c :is already on channel");
        assertThat(foo.ask("INVITE bar #nowhere")).containsExactly(":irc.test 403 foo #nowhere :No such channel");
        assertThat(foo.ask("INVITE bar")).containsExactly(":irc.test 461 foo INVITE :Not enough parameters");
    }

    @Test
    void theInviterHearsThatTheInviteeIsAway() {
        Harness.User foo = h.inChannel("#c", "foo").get(0);
        h.registered("bar").send("AWAY :lunch");
        assertThat(foo.ask("INVITE bar #c")).containsExactly(":irc.test 341 foo bar :#c", ":irc.test 301 foo bar :lunch");
    }

    @Test
    void anInviteEndsWithItsChannel() {
        Harness.User foo = h.inChannel("#c", "foo").get(0);
        Harness.User bar = h.registered("bar");
        foo.send("INVITE bar #c").send("PART #c");
        bar.take();
        assertThat(bar.ask("INVITE")).containsExactly(":irc.test 337 bar :End of /INVITE list");
        foo.send("JOIN #c").send("MODE #c +i");
        assertThat(bar.ask("JOIN #c")).as("a new #c, not the one invited to").singleElement().asString().contains(" 473 ");
    }
}
