package dev.sockets.chat.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The mask lists: bans +b, ban exceptions +e, invite exceptions +I, their queries and their limit. */
class BanListsTest {

    private final Harness h = new Harness();

    @Test
    void aBanKeepsAMatchingUserOutUntilLiftedAndMatchesInAnyCase() {
        Harness.User alice = h.inChannel("#c", "alice").get(0);
        assertThat(alice.ask("MODE #c +b BAR!*@*")).containsExactly(":alice!alice@127.0.0.1 MODE #c +b BAR!*@*");
        Harness.User bar = h.registered("bar");
        assertThat(bar.ask("JOIN #c")).containsExactly(":irc.test 474 bar #c :Cannot join channel (+b)");
        assertThat(alice.ask("MODE #c -b bar!*@*")).as("removal matches in rfc1459 case")
                .containsExactly(":alice!alice@127.0.0.1 MODE #c -b BAR!*@*");
        assertThat(bar.ask("JOIN #c")).first().asString().isEqualTo(":bar!bar@127.0.0.1 JOIN #c");
    }

    @Test
    void masksAreCompletedAndWildcardsMatch() {
        Harness.User alice = h.inChannel("#c", "alice").get(0);
        assertThat(alice.ask("MODE #c +b b?r")).containsExactly(":alice!alice@127.0.0.1 MODE #c +b b?r!*@*");
        assertThat(alice.ask("MODE #c +b evil@*")).containsExactly(":alice!alice@127.0.0.1 MODE #c +b *!evil@*");
        assertThat(alice.ask("MODE #c +b nick!user")).containsExactly(":alice!alice@127.0.0.1 MODE #c +b nick!user@*");
        assertThat(h.registered("bur").ask("JOIN #c")).singleElement().asString().contains(" 474 ");
        assertThat(h.registered("bxxr").ask("JOIN #c")).first().asString().endsWith("JOIN #c");
    }

    @Test
    void anExceptionLiftsABan() {
        Harness.User alice = h.inChannel("#c", "alice").get(0);
        alice.send("MODE #c +b ba*!*@*").take();
        Harness.User bar = h.registered("bar");
        assertThat(bar.ask("JOIN #c")).singleElement().asString().contains(" 474 ");
        assertThat(alice.ask("MODE #c +e *ar!*@*")).containsExactly(":alice!alice@127.0.0.1 MODE #c +e *ar!*@*");
        assertThat(bar.ask("JOIN #c")).first().asString().endsWith("JOIN #c");
    }

    @Test
    void aBannedMemberCannotSpeakUnlessVoicedOrExcepted() {
        List<Harness.User> u = h.inChannel("#c", "alice", "bob", "carol");
        Harness.User alice = u.get(0);
        Harness.User bob = u.get(1);
        Harness.User carol = u.get(2);
        alice.send("MODE #c +b bob!*@*");
        u.forEach(Harness.User::take);
        assertThat(bob.ask("PRIVMSG #c :hi")).containsExactly(":irc.test 404 bob #c :Cannot send to channel");
        assertThat(carol.take()).isEmpty();
        alice.send("MODE #c +e bob!*@127.0.0.1");
        carol.take();
        bob.take();
        bob.send("PRIVMSG #c :excepted");
        assertThat(carol.take()).containsExactly(":bob!bob@127.0.0.1 PRIVMSG #c :excepted");
        alice.send("MODE #c -e+v bob!*@127.0.0.1 bob");
        assertThat(carol.take()).containsExactly(":alice!alice@127.0.0.1 MODE #c -e+v bob!*@127.0.0.1 bob");
        bob.send("PRIVMSG #c :voiced");
        assertThat(carol.take()).containsExactly(":bob!bob@127.0.0.1 PRIVMSG #c :voiced");
    }

    @Test
    void theListsAreShownWithWhoSetThemAndWhen() {
        Harness.User alice = h.inChannel("#c", "alice").get(0);
        alice.send("MODE #c +beI a!*@* b!*@* c!*@*").take();
        assertThat(alice.ask("MODE #c +b")).satisfiesExactly(
                l -> assertThat(l).matches(":irc.test 367 alice #c a!\\*@\\* alice!alice@127.0.0.1 \\d+"),
                l -> assertThat(l).isEqualTo(":irc.test 368 alice #c :End of channel ban list"));
        assertThat(alice.ask("MODE #c e")).satisfiesExactly(
                l -> assertThat(l).startsWith(":irc.test 348 alice #c b!*@* alice!alice@127.0.0.1 "),
                l -> assertThat(l).startsWith(":irc.test 349 alice #c :"));
        assertThat(alice.ask("MODE #c I")).satisfiesExactly(
                l -> assertThat(l).startsWith(":irc.test 346 alice #c c!*@* alice!alice@127.0.0.1 "),
                l -> assertThat(l).startsWith(":irc.test 347 alice #c :"));
        Harness.User bob = h.registered("bob");
        assertThat(bob.ask("MODE #c b")).as("anyone may look").hasSize(2);
        assertThat(bob.ask("MODE #c +b x!*@*")).singleElement().asString().contains(" 482 bob #c ");
    }

    @Test
    void aDuplicateAddOrTheRemovalOfAnAbsentMaskChangesAndAnnouncesNothing() {
        List<Harness.User> u = h.inChannel("#c", "alice", "bob");
        Harness.User alice = u.get(0);
        alice.send("MODE #c +b x!*@*");
        u.forEach(Harness.User::take);
        alice.send("MODE #c +b X!*@*").send("MODE #c -b y!*@*").send("MODE #c -e x!*@*");
        assertThat(alice.take()).isEmpty();
        assertThat(u.get(1).take()).isEmpty();
        assertThat(h.registry.channel("#c").maskList('b')).hasSize(1);
    }

    @Test
    void aFullListIsRefusedWith478() {
        Harness.User alice = h.inChannel("#c", "alice").get(0);
        for (int i = 0; i < ChannelAccess.MAX_LIST; i++) {
            alice.send("MODE #c +b m" + i + "!*@*");
        }
        alice.take();
        assertThat(alice.ask("MODE #c +b one!*@*")).containsExactly(":irc.test 478 alice #c b :Channel list is full");
        assertThat(alice.ask("MODE #c +e one!*@*")).as("each list has its own room").hasSize(1)
                .first().asString().contains(" MODE #c +e ");
    }

    @Test
    void anInviteExceptionLetsAMatchingUserIntoAnInviteOnlyChannel() {
        Harness.User alice = h.inChannel("#c", "alice").get(0);
        alice.send("MODE #c +i").take();
        Harness.User bar = h.registered("Bar");
        Harness.User baz = h.registered("baz");
        assertThat(bar.ask("JOIN #c")).singleElement().asString().contains(" 473 ");
        assertThat(alice.ask("MODE #c +I bar!*@*")).containsExactly(":alice!alice@127.0.0.1 MODE #c +I bar!*@*");
        assertThat(bar.ask("JOIN #c")).first().asString().endsWith("JOIN #c");
        assertThat(baz.ask("JOIN #c")).singleElement().asString().contains(" 473 ");
        bar.send("PART #c");
        alice.send("MODE #c -I bar!*@*");
        assertThat(bar.take()).isNotEmpty();
        assertThat(bar.ask("JOIN #c")).singleElement().asString().contains(" 473 ");
    }

    @Test
    void aMaskWithASpaceOrTooLongIsRefused() {
        Harness.User alice = h.inChannel("#c", "alice").get(0);
        assertThat(alice.ask("MODE #c +b :a b")).containsExactly(":irc.test 696 alice #c b * :Invalid mask");
        assertThat(alice.ask("MODE #c +e " + "x".repeat(ChannelAccess.MASK_LENGTH + 1)))
                .containsExactly(":irc.test 696 alice #c e * :Invalid mask");
        assertThat(h.registry.channel("#c").maskList('b')).isEmpty();
    }
}
