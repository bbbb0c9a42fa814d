package dev.sockets.chat.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What irctest's statusmsg, names, list (ELIST), no_ctcp and mute_extban tests check: STATUSMSG targets,
 * NAMES of several channels, LIST by mask, negated mask and member count, +C and the {@code m:} mute.
 */
class ChannelExtrasTest {

    private final Harness h = new Harness();

    @Test
    void isupportAnnouncesWhatIsImplemented() {
        List<String> welcome = h.new User().send("NICK isup").ask("USER isup 0 * :Real");
        String all = String.join("\n", welcome);
        assertThat(all).contains("STATUSMSG=@+", "ELIST=MNU", "EXTBAN=,m", "CHANMODES=beI,k,l,Cimnst", ",NAMES:50")
                .doesNotContain("UTF8ONLY");
    }

    @Test
    void statusMessageReachesOnlyOperatorsOrVoicedAndKeepsItsTarget() {
        List<Harness.User> u = h.inChannel("#chan", "chanop", "joe", "schmoe", "voiced");
        Harness.User chanop = u.get(0);
        Harness.User joe = u.get(1);
        Harness.User schmoe = u.get(2);
        Harness.User voiced = u.get(3);
        chanop.send("MODE #chan +o schmoe").send("MODE #chan +v voiced");
        u.forEach(Harness.User::take);

        assertThat(schmoe.ask("PRIVMSG @#chan :this message is for operators")).isEmpty();
        assertThat(chanop.take()).containsExactly(":schmoe!schmoe@127.0.0.1 PRIVMSG @#chan :this message is for operators");
        assertThat(joe.take()).isEmpty();
        assertThat(voiced.take()).isEmpty();

        assertThat(joe.ask("NOTICE +#chan :voiced and ops")).as("a regular member may send one too").isEmpty();
        assertThat(chanop.take()).containsExactly(":joe!joe@127.0.0.1 NOTICE +#chan :voiced and ops");
        assertThat(schmoe.take()).containsExactly(":joe!joe@127.0.0.1 NOTICE +#chan :voiced and ops");
        assertThat(voiced.take()).containsExactly(":joe!joe@127.0.0.1 NOTICE +#chan :voiced and ops");
        assertThat(joe.take()).isEmpty();
    }

    @Test
    void statusMessageFollowsTheChannelsRulesForSpeaking() {
        List<Harness.User> u = h.inChannel("#chan", "chanop", "joe");
        Harness.User outsider = h.registered("outsider");
        assertThat(outsider.ask("PRIVMSG @#chan :hi")).containsExactly(":irc.test 404 outsider #chan :Cannot send to channel");
        assertThat(outsider.ask("PRIVMSG @#nope :hi")).containsExactly(":irc.test 403 outsider @#nope :No such channel");
        assertThat(u.get(0).take()).isEmpty();
    }

    @Test
    void namesOfSeveralChannelsEndsOnceWithTheListAsked() {
        Harness.User nick1 = h.registered("nick1");
        nick1.send("JOIN #chan1").send("JOIN #chan2").take();
        assertThat(nick1.ask("NAMES #chan1,#chan2,#none")).containsExactly(
                ":irc.test 353 nick1 = #chan1 :@nick1",
                ":irc.test 353 nick1 = #chan2 :@nick1",
                ":irc.test 366 nick1 #chan1,#chan2,#none :End of /NAMES list.");
        assertThat(nick1.ask("NAMES #CHAN1")).containsExactly(":irc.test 353 nick1 = #chan1 :@nick1",
                ":irc.test 366 nick1 #chan1 :End of /NAMES list.");
    }

    @Test
    void listByMaskNegatedMaskAndMemberCount() {
        Harness.User foo = h.registered("foo");
        foo.send("JOIN #chan1").send("JOIN #chan2");
        h.registered("bar").send("JOIN #chan2");
        Harness.User asker = h.registered("asker");
        assertThat(listed(asker, "LIST")).containsExactlyInAnyOrder("#chan1", "#chan2");
        assertThat(listed(asker, "LIST *an1")).containsExactly("#chan1");
        assertThat(listed(asker, "LIST #c*n2")).containsExactly("#chan2");
        assertThat(listed(asker, "LIST *an3")).isEmpty();
        assertThat(listed(asker, "LIST #ch*")).containsExactlyInAnyOrder("#chan1", "#chan2");
        assertThat(listed(asker, "LIST !*an1")).containsExactly("#chan2");
        assertThat(listed(asker, "LIST !#ch*")).isEmpty();
        assertThat(listed(asker, "LIST >0")).containsExactlyInAnyOrder("#chan1", "#chan2");
        assertThat(listed(asker, "LIST >1")).containsExactly("#chan2");
        assertThat(listed(asker, "LIST <2")).containsExactly("#chan1");
        assertThat(listed(asker, "LIST <1")).isEmpty();
        assertThat(listed(asker, "LIST #ch*,<2")).as("conditions together").containsExactly("#chan1");
        assertThat(listed(asker, "LIST #chan1,#CHAN2")).containsExactlyInAnyOrder("#chan1", "#chan2");
        assertThat(listed(asker, "LIST C>2")).as("creation time is not offered: matches no channel").isEmpty();
    }

    private static Set<String> listed(Harness.User u, String command) {
        List<String> got = u.ask(command);
        assertThat(got.get(0)).contains(" 321 ");
        assertThat(got.get(got.size() - 1)).contains(" 323 ");
        return got.stream().filter(l -> l.contains(" 322 ")).map(l -> l.split(" ")[3]).collect(Collectors.toSet());
    }

    @Test
    void noCtcpModeLetsActionsThroughAndRefusesOtherCtcp() {
        List<Harness.User> u = h.inChannel("#chan", "chanop", "user");
        Harness.User chanop = u.get(0);
        Harness.User user = u.get(1);
        assertThat(user.ask("PRIVMSG #chan :\u0001PING 1\u0001")).isEmpty();
        assertThat(chanop.take()).hasSize(1);
        assertThat(chanop.ask("MODE #chan +C")).containsExactly(":chanop!chanop@127.0.0.1 MODE #chan +C");
        user.take();
        assertThat(user.ask("PRIVMSG #chan :\u0001ACTION is testing\u0001")).isEmpty();
        assertThat(user.ask("PRIVMSG #chan :\u0001PING 12345\u0001"))
                .containsExactly(":irc.test 404 user #chan :Cannot send to channel");
        assertThat(user.ask("NOTICE #chan :\u0001VERSION x\u0001")).as("NOTICE: dropped without a reply").isEmpty();
        assertThat(user.ask("PRIVMSG #chan :plain")).isEmpty();
        assertThat(chanop.take()).containsExactly(":user!user@127.0.0.1 PRIVMSG #chan :\u0001ACTION is testing\u0001",
                ":user!user@127.0.0.1 PRIVMSG #chan :plain");
        assertThat(chanop.ask("MODE #chan")).first().asString().startsWith(":irc.test 324 chanop #chan +Cnt");
    }

    @Test
    void muteLetsAUserJoinButNotSpeakUntilVoicedExemptedOrUnmuted() {
        Harness.User chanop = h.registered("chanop");
        chanop.send("JOIN #chan").take();
        assertThat(chanop.ask("MODE #chan +b m:bar")).containsExactly(":chanop!chanop@127.0.0.1 MODE #chan +b m:bar!*@*");
        Harness.User bar = h.registered("bar");
        assertThat(bar.ask("JOIN #chan")).first().asString().isEqualTo(":bar!bar@127.0.0.1 JOIN #chan");
        assertThat(bar.ask("MODE #chan +b")).first().asString().startsWith(":irc.test 367 bar #chan m:bar!*@* chanop!");
        chanop.take();
        assertThat(bar.ask("PRIVMSG #chan :hi")).containsExactly(":irc.test 404 bar #chan :Cannot send to channel");
        assertThat(chanop.take()).isEmpty();

        chanop.send("MODE #chan +e m:*!*bar@*").take();
        bar.take();
        assertThat(bar.ask("PRIVMSG #chan :excepted")).isEmpty();
        assertThat(chanop.take()).containsExactly(":bar!bar@127.0.0.1 PRIVMSG #chan :excepted");
        chanop.send("MODE #chan -e m:*!*bar@*");
        assertThat(bar.ask("PRIVMSG #chan :hi")).last().asString().contains(" 404 ");

        chanop.send("MODE #chan +v bar");
        bar.take();
        assertThat(bar.ask("PRIVMSG #chan :voiced")).isEmpty();
        chanop.send("MODE #chan -v bar").send("MODE #chan -b m:bar!*@*");
        bar.take();
        chanop.take();
        assertThat(bar.ask("PRIVMSG #chan :unmuted")).isEmpty();
        assertThat(chanop.take()).containsExactly(":bar!bar@127.0.0.1 PRIVMSG #chan :unmuted");
    }

    @Test
    void aPlainExceptionDoesNotLiftAMuteNorAMuteExceptionABan() {
        Harness.User chanop = h.registered("chanop");
        chanop.send("JOIN #chan").send("MODE #chan +b bar").send("MODE #chan +e m:bar");
        Harness.User bar = h.registered("bar");
        assertThat(bar.ask("JOIN #chan")).containsExactly(":irc.test 474 bar #chan :Cannot join channel (+b)");
        chanop.send("MODE #chan -b bar!*@*").send("MODE #chan -e m:bar!*@*").send("MODE #chan +b m:bar").send("MODE #chan +e bar");
        bar.send("JOIN #chan").take();
        assertThat(bar.ask("PRIVMSG #chan :hi")).containsExactly(":irc.test 404 bar #chan :Cannot send to channel");
    }
}
