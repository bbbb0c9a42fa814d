package dev.sockets.chat.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Channel MODE: the query, the flags +i +m +n +s +t, the key +k, the limit +l, +o and +v, several modes in
 * one line, and the errors. The lists +b +e +I are in {@link BanListsTest}.
 */
class ChannelModesTest {

    private final Harness h = new Harness();

    @Test
    void theQueryShowsFlagsKeyAndLimitWithTheKeyOnlyToMembers() {
        List<Harness.User> u = h.inChannel("#c", "alice");
        Harness.User outsider = h.registered("olga");
        Harness.User alice = u.get(0);
        assertThat(alice.ask("MODE #c")).first().asString().isEqualTo(":irc.test 324 alice #c +nt");
        alice.send("MODE #c +kl sesame 10").take();
        List<String> lines = alice.ask("MODE #c");
        assertThat(lines.get(0)).isEqualTo(":irc.test 324 alice #c +klnt sesame 10");
        assertThat(lines.get(1)).matches(":irc.test 329 alice #c \\d+");
        assertThat(outsider.ask("MODE #c")).first().asString().isEqualTo(":irc.test 324 olga #c +klnt * 10");
        alice.send("MODE #c -ntkl *").take();
        assertThat(alice.ask("MODE #c")).first().asString().isEqualTo(":irc.test 324 alice #c +");
    }

    @Test
    void severalModesInOneLineAreAnnouncedOnceWithOnlyWhatChanged() {
        List<Harness.User> u = h.inChannel("#c", "alice", "bob");
        Harness.User alice = u.get(0);
        Harness.User bob = u.get(1);
        alice.send("MODE #c +v bob").take();
        bob.take();
        alice.send("MODE #c +nkl-v key 10 bob");
        String line = ":alice!alice@127.0.0.1 MODE #c +kl-v key 10 bob";
        assertThat(alice.take()).containsExactly(line);
        assertThat(bob.take()).containsExactly(line);
        alice.send("MODE #c +kl-v key 10 bob");
        assertThat(alice.take()).as("nothing changed: nothing said").isEmpty();
        assertThat(bob.take()).isEmpty();
        alice.send("MODE #c +imst-n");
        assertThat(bob.take()).containsExactly(":alice!alice@127.0.0.1 MODE #c +ims-n");
    }

    @Test
    void aKeyKeepsOutWhoeverDoesNotGiveItAndJoinTakesOneKeyPerChannel() {
        Harness.User alice = h.registered("alice");
        alice.send("JOIN #a,#b").send("MODE #a +k one").send("MODE #b +k two").take();
        Harness.User bob = h.registered("bob");
        assertThat(bob.ask("JOIN #a")).containsExactly(":irc.test 475 bob #a :Cannot join channel (+k)");
        assertThat(bob.ask("JOIN #a bad")).containsExactly(":irc.test 475 bob #a :Cannot join channel (+k)");
        assertThat(bob.ask("JOIN #a,#b one,two")).as("no 331 on JOIN").containsExactly(
                ":bob!bob@127.0.0.1 JOIN #a", ":irc.test 353 bob = #a :@alice bob", ":irc.test 366 bob #a :End of /NAMES list.",
                ":bob!bob@127.0.0.1 JOIN #b", ":irc.test 353 bob = #b :@alice bob", ":irc.test 366 bob #b :End of /NAMES list.");
        alice.take();
        alice.send("MODE #a -k *");
        assertThat(alice.take()).containsExactly(":alice!alice@127.0.0.1 MODE #a -k *");
        assertThat(h.registry.channel("#a").joinKey()).isNull();
    }

    @Test
    void anInvalidKeyOrLimitIsRefusedWith696AndAMissingOneWith461() {
        Harness.User alice = h.inChannel("#c", "alice").get(0);
        assertThat(alice.ask("MODE #c +k :has space"))
                .containsExactly(":irc.test 696 alice #c k * :Invalid key");
        assertThat(alice.ask("MODE #c +k :")).containsExactly(":irc.test 696 alice #c k * :Invalid key");
        assertThat(alice.ask("MODE #c +k " + "x".repeat(24))).singleElement().asString().contains(" 696 ");
        assertThat(alice.ask("MODE #c +k")).containsExactly(":irc.test 461 alice MODE :Not enough parameters");
        for (String bad : List.of("0", "-1", "abc")) {
            assertThat(alice.ask("MODE #c +l " + bad)).singleElement().asString()
                    .startsWith(":irc.test 696 alice #c l " + bad + " :");
        }
        assertThat(alice.ask("MODE #c +l")).containsExactly(":irc.test 461 alice MODE :Not enough parameters");
        assertThat(alice.ask("MODE #c +o")).containsExactly(":irc.test 461 alice MODE :Not enough parameters");
        assertThat(h.registry.channel("#c").limit()).isZero();
        assertThat(h.registry.channel("#c").joinKey()).isNull();
    }

    @Test
    void aLimitKeepsOutTheOneTooManyUntilSomeoneLeaves() {
        List<Harness.User> u = h.inChannel("#c", "alice", "bob");
        Harness.User alice = u.get(0);
        assertThat(alice.ask("MODE #c +l 2")).containsExactly(":alice!alice@127.0.0.1 MODE #c +l 2");
        Harness.User carol = h.registered("carol");
        assertThat(carol.ask("JOIN #c")).containsExactly(":irc.test 471 carol #c :Cannot join channel (+l)");
        u.get(1).send("PART #c");
        assertThat(carol.ask("JOIN #c")).first().asString().isEqualTo(":carol!carol@127.0.0.1 JOIN #c");
        alice.take();
        assertThat(alice.ask("MODE #c -l")).containsExactly(":alice!alice@127.0.0.1 MODE #c -l");
    }

    @Test
    void inviteOnlyKeepsOutTheUninvited() {
        Harness.User alice = h.inChannel("#c", "alice").get(0);
        alice.send("MODE #c +i").take();
        Harness.User bob = h.registered("bob");
        assertThat(bob.ask("JOIN #c")).containsExactly(":irc.test 473 bob #c :Cannot join channel (+i)");
    }

    @Test
    void moderatedLetsOnlyVoicedMembersAndOperatorsSpeak() {
        List<Harness.User> u = h.inChannel("#c", "alice", "bob", "carol");
        Harness.User alice = u.get(0);
        Harness.User bob = u.get(1);
        Harness.User carol = u.get(2);
        alice.send("MODE #c +m");
        u.forEach(Harness.User::take);
        assertThat(bob.ask("PRIVMSG #c :hi")).containsExactly(":irc.test 404 bob #c :Cannot send to channel");
        assertThat(alice.take()).isEmpty();
        alice.send("MODE #c +v bob");
        assertThat(carol.take()).containsExactly(":alice!alice@127.0.0.1 MODE #c +v bob");
        bob.send("PRIVMSG #c :now I may");
        assertThat(carol.take()).containsExactly(":bob!bob@127.0.0.1 PRIVMSG #c :now I may");
        alice.send("PRIVMSG #c :op speaks");
        assertThat(carol.take()).containsExactly(":alice!alice@127.0.0.1 PRIVMSG #c :op speaks");
        assertThat(carol.ask("PRIVMSG #c :me?")).singleElement().asString().contains(" 404 carol #c ");
    }

    @Test
    void namesAndWhoShowTheHighestPrefixAndTheChannelKeepsThemAll() {
        List<Harness.User> u = h.inChannel("#c", "alice", "bob", "carol");
        Harness.User alice = u.get(0);
        alice.send("MODE #c +vv alice bob").take();
        assertThat(alice.ask("NAMES #c")).first().asString().isEqualTo(":irc.test 353 alice = #c :@alice +bob carol");
        assertThat(alice.ask("WHO #c")).anyMatch(l -> l.contains(" alice H@ :0 "))
                .anyMatch(l -> l.contains(" bob H+ :0 ")).anyMatch(l -> l.contains(" carol H :0 "));
        var ch = h.registry.channel("#c");
        assertThat(h.registry.exclusive(() -> ch.prefixes(u.get(0).client))).isEqualTo("@+");
        assertThat(h.registry.exclusive(() -> ch.namesWithPrefixes(true, true))).containsExactly("@+alice", "+bob", "carol");
        assertThat(alice.ask("WHOIS bob")).anyMatch(l -> l.equals(":irc.test 319 alice bob :+#c"));
    }

    @Test
    void secretChannelsAreHiddenFromOutsiders() {
        Harness.User alice = h.inChannel("#s", "alice").get(0);
        alice.send("MODE #s +s").take();
        assertThat(alice.ask("NAMES #s")).first().asString().isEqualTo(":irc.test 353 alice @ #s :@alice");
        assertThat(alice.ask("LIST")).anyMatch(l -> l.contains(" 322 alice #s "));
        Harness.User bob = h.registered("bob");
        assertThat(bob.ask("LIST")).noneMatch(l -> l.contains(" 322 "));
        assertThat(bob.ask("NAMES #s")).containsExactly(":irc.test 366 bob #s :End of /NAMES list.");
        assertThat(bob.ask("NAMES")).noneMatch(l -> l.contains(" 353 "));
        assertThat(bob.ask("WHOIS alice")).noneMatch(l -> l.contains(" 319 "));
        assertThat(bob.ask("WHO #s")).containsExactly(":irc.test 315 bob #s :End of /WHO list.");
    }

    @Test
    void errorsNotOperatorNoSuchNickNotOnChannelUnknownModeAndNoSuchChannel() {
        List<Harness.User> u = h.inChannel("#c", "alice", "bob");
        Harness.User alice = u.get(0);
        Harness.User bob = u.get(1);
        h.registered("carol");
        assertThat(bob.ask("MODE #c +nt-k+lv x 5 alice"))
                .as("one 482 for the whole line").containsExactly(":irc.test 482 bob #c :You're not channel operator");
        assertThat(alice.ask("MODE #c +o nobody")).containsExactly(":irc.test 401 alice nobody :No such nick/channel");
        assertThat(alice.ask("MODE #c +v carol")).containsExactly(":irc.test 441 alice carol #c :They aren't on that channel");
        assertThat(alice.ask("MODE #c +Z")).containsExactly(":irc.test 472 alice Z :is unknown mode char to me for #c");
        assertThat(alice.ask("MODE #nowhere +n")).containsExactly(":irc.test 403 alice #nowhere :No such channel");
        assertThat(alice.ask("MODE alice +t")).containsExactly(":irc.test 501 alice :Unknown MODE flag");
        assertThat(alice.ask("MODE bob +i")).containsExactly(":irc.test 502 alice :Can't change mode for other users");
    }

    @Test
    void isupportAdvertisesTheModes() {
        Harness.User u = h.new User().send("NICK zed").send("USER zed 0 * :Zed");
        List<String> lines = u.take();
        assertThat(lines).anyMatch(l -> l.startsWith(":irc.test 004 zed irc.test sockets-test iowB CIbeiklmnostv beIklov"));
        assertThat(String.join("\n", lines)).contains("PREFIX=(ov)@+", "CHANMODES=beI,k,l,Cimnst", "EXCEPTS=e",
                "INVEX=I", "MAXLIST=beI:100");
        assertThat(lines).filteredOn(l -> l.contains(" 005 "))
                .allMatch(l -> l.substring(0, l.indexOf(" :")).split(" ").length <= 3 + 12);
    }
}
