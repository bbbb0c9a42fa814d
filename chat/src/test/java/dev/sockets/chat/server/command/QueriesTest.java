package dev.sockets.chat.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.config.OperatorPassword;
import dev.sockets.chat.server.config.Operators;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * WHOWAS, LINKS, INFO, ADMIN, TIME, VERSION, USERHOST, ISON, WHOIS 317, LUSERS 252/253/265/266, WHO of a +i
 * user by nick, WHOX, USER's empty real name and the 005 tokens, against a registry and mailboxes.
 */
class QueriesTest {

    private final Harness h = new Harness(ChatConfig.builder().serverName("irc.test").serverInfo("test server")
            .operators(Operators.parse(List.of("operuser " + OperatorPassword.hash("operpassword".toCharArray(), 10_000)),
                    "test")).build());

    private Harness.User user(String nick) {
        return h.registered(nick, nick, "Realname");
    }

    private Harness.User user(String nick, String ident) {
        return h.registered(nick, ident, "Realname");
    }

    @Test
    void whowasListsFormerHoldersNewestFirstUpToTheCount() {
        Harness.User asker = user("nick1");
        user("nick2", "ident2").quit();
        user("nick2", "ident3").quit();
        asker.send("WHOWAS nick2");
        List<String> all = asker.take();
        assertThat(all).hasSize(5);
        assertThat(all.get(0)).isEqualTo(":irc.test 314 nick1 nick2 ident3 127.0.0.1 * :Realname");
        assertThat(all.get(1)).startsWith(":irc.test 312 nick1 nick2 irc.test :");
        assertThat(all.get(2)).isEqualTo(":irc.test 314 nick1 nick2 ident2 127.0.0.1 * :Realname");
        assertThat(all.get(4)).isEqualTo(":irc.test 369 nick1 nick2 :End of WHOWAS");
        asker.send("WHOWAS NICK2 1");
        assertThat(asker.take()).hasSize(3).first().asString().contains(" ident3 ");
        for (String count : List.of("0", "-1")) {
            asker.send("WHOWAS nick2 " + count);
            assertThat(asker.take()).as("count " + count + " means all").hasSize(5);
        }
        asker.send("WHOWAS nobody");
        assertThat(asker.take()).containsExactly(":irc.test 406 nick1 nobody :There was no such nickname",
                ":irc.test 369 nick1 nobody :End of WHOWAS");
        asker.send("WHOWAS");
        assertThat(asker.take()).containsExactly(":irc.test 431 nick1 :No nickname given");
    }

    @Test
    void whowasRemembersANickGivenUp() {
        Harness.User asker = user("asker");
        Harness.User renamed = user("before");
        renamed.send("NICK after");
        asker.send("WHOWAS before");
        assertThat(asker.take()).first().asString().isEqualTo(":irc.test 314 asker before before 127.0.0.1 * :Realname");
    }

    @Test
    void linksInfoAdminTimeAndVersionAnswerForThisServerAndRefuseAnother() {
        Harness.User u = user("nick");
        u.send("LINKS");
        assertThat(u.take()).containsExactly(":irc.test 364 nick irc.test irc.test :0 test server",
                ":irc.test 365 nick * :End of /LINKS list.");
        u.send("INFO");
        List<String> info = u.take();
        assertThat(info).last().asString().isEqualTo(":irc.test 374 nick :End of /INFO list.");
        assertThat(info.subList(0, info.size() - 1)).isNotEmpty().allMatch(l -> l.startsWith(":irc.test 371 nick :"));
        u.send("INFO invalid.server.example");
        assertThat(u.take()).containsExactly(":irc.test 402 nick invalid.server.example :No such server");
        u.send("ADMIN");
        assertThat(u.take()).extracting(l -> l.split(" ")[1]).containsExactly("256", "257", "258", "259");
        u.send("TIME *.test");
        assertThat(u.take()).singleElement().asString().startsWith(":irc.test 391 nick irc.test :");
        u.send("TIME nowhere");
        assertThat(u.take()).singleElement().asString().startsWith(":irc.test 402 nick nowhere ");
        u.send("VERSION");
        List<String> version = u.take();
        assertThat(version.get(0)).isEqualTo(":irc.test 351 nick sockets-test. irc.test :sockets chat server");
        assertThat(version.subList(1, version.size())).isNotEmpty().allMatch(l -> l.startsWith(":irc.test 005 nick "));
    }

    @Test
    void userhostMarksOperatorsAndAwayUsersAndIsonListsThosePresent() {
        Harness.User u = user("nick");
        Harness.User op = user("op");
        op.send("OPER operuser operpassword").send("AWAY :gone");
        op.take();
        u.send("USERHOST op nick nobody");
        assertThat(u.take()).containsExactly(":irc.test 302 nick :op*=-op@127.0.0.1 nick=+nick@127.0.0.1");
        u.send("ISON nobody OP");
        assertThat(u.take()).containsExactly(":irc.test 303 nick :op");
    }

    @Test
    void whoisShowsIdleTimeAndSignon() {
        Harness.User u = user("nick");
        user("other");
        long before = System.currentTimeMillis() / 1000;
        u.send("WHOIS other");
        String idle = u.take().stream().filter(l -> l.contains(" 317 ")).findFirst().orElseThrow();
        String[] f = idle.split(" ");
        assertThat(f[3]).isEqualTo("other");
        assertThat(Long.parseLong(f[4])).isBetween(0L, 5L);
        assertThat(Long.parseLong(f[5])).isBetween(before - 5, before + 1);
        assertThat(idle).endsWith(":seconds idle, signon time");
    }

    @Test
    void lusersCountsOperatorsUnknownConnectionsAndPeaks() {
        Harness.User bar = user("bar");
        Harness.User qux = user("qux");
        qux.send("OPER operuser operpassword").take();
        h.new User(); // connected, not registered
        bar.send("LUSERS");
        assertThat(bar.take()).containsExactly(
                ":irc.test 251 bar :There are 2 users and 0 invisible on 1 servers",
                ":irc.test 252 bar 1 :operator(s) online",
                ":irc.test 253 bar 1 :unknown connection(s)",
                ":irc.test 254 bar 0 :channels formed",
                ":irc.test 255 bar :I have 2 clients and 0 servers",
                ":irc.test 265 bar 2 2 :Current local users 2, max 2",
                ":irc.test 266 bar 2 2 :Current global users 2, max 2");
        qux.quit();
        bar.send("LUSERS");
        assertThat(bar.take()).contains(":irc.test 265 bar 1 2 :Current local users 1, max 2",
                ":irc.test 266 bar 1 2 :Current global users 1, max 2");
    }

    @Test
    void anInvisibleUserIsHiddenFromMasksButNotFromItsNick() {
        Harness.User evan = user("evan");
        evan.send("MODE evan +i").take();
        Harness.User asker = user("shivaram");
        asker.send("WHO eva*");
        assertThat(asker.take()).singleElement().asString().startsWith(":irc.test 315 ");
        asker.send("WHO evan");
        assertThat(asker.take()).extracting(l -> l.split(" ")[1]).containsExactly("352", "315");
    }

    @Test
    void whoxAnswersTheFieldsAskedInTheFixedOrderWithTheToken() {
        Harness.User cool = user("coolNick", "myusernam");
        cool.send("JOIN #chan").take();
        Harness.User asker = user("otherNick");
        asker.send("WHO coolNick %tn,321");
        assertThat(asker.take()).containsExactly(":irc.test 354 otherNick 321 coolNick",
                ":irc.test 315 otherNick coolNick :End of /WHO list.");
        asker.send("WHO coolNick %" + new StringBuilder("tcuihsnfdlaor").reverse() + ",123");
        List<String> full = asker.take();
        assertThat(full.get(0)).matches(
                ":irc\\.test 354 otherNick 123 \\* myusernam 255\\.255\\.255\\.255 127\\.0\\.0\\.1 irc\\.test coolNick H 0 [0-9]+ 0 n/a :Realname");
        asker.send("WHO coolNick %na");
        assertThat(asker.take()).first().asString().isEqualTo(":irc.test 354 otherNick coolNick 0");
    }

    @Test
    void anEmptyRealNameIsRefused() {
        Harness.User u = h.new User();
        u.send("NICK nick").send("USER user 0 * :");
        assertThat(u.take()).containsExactly(":irc.test 461 nick USER :Not enough parameters");
        assertThat(u.client.isRegistered()).isFalse();
    }

    @Test
    void isupportAdvertisesTheLimitsTheServerApplies() {
        List<String> tokens = Registration.isupport(ChatConfig.builder().build());
        assertThat(tokens).contains("AWAYLEN=390", "KICKLEN=390", "KEYLEN=23", "USERLEN=10", "HOSTLEN=64",
                "MODES=12", "WHOX", "NICKLEN=30", "CHANNELLEN=50", "TOPICLEN=390", "MAXLIST=beI:100");
        assertThat(tokens).contains("STATUSMSG=@+", "ELIST=MNU", "EXTBAN=,m").doesNotContain("UTF8ONLY");
        assertThat(Registration.isupport(ChatConfig.builder().utf8Only(true).build())).contains("UTF8ONLY");
    }

    @Test
    void awayAndKickReasonsAreCutToTheirAdvertisedLengths() {
        Harness.User a = user("a");
        Harness.User b = user("b");
        a.send("AWAY :" + "x".repeat(500)).take();
        assertThat(a.client.away()).hasSize(390);
        a.send("JOIN #c");
        b.send("JOIN #c");
        a.take();
        b.take();
        a.send("KICK #c b :" + "y".repeat(500));
        assertThat(b.take()).singleElement().asString().endsWith(" :" + "y".repeat(390));
    }
}
