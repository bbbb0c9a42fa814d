package dev.sockets.chat.server;

import dev.sockets.chat.server.config.ChatConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every command and numeric, over real loopback sockets, one shared server. */
@Timeout(20)
class CommandsTest {

    private static ChatServer chat;

    @BeforeAll
    static void start() throws Exception {
        chat = TestIrc.start(ChatConfig.builder().maxChannelsPerClient(3).topicLength(20).build());
    }

    @AfterAll
    static void stop() {
        chat.close();
    }

    @Test
    void joinEchoTopicAndNames() throws Exception {
        try (TestIrc a = TestIrc.user(chat, "jA"); TestIrc b = TestIrc.user(chat, "jB")) {
            assertThat(a.ask("JOIN #Join1")).containsExactly(
                    ":jA!ja@127.0.0.1 JOIN #Join1",
                    ":irc.local 353 jA = #Join1 :@jA",
                    ":irc.local 366 jA #Join1 :End of /NAMES list.");
            assertThat(b.ask("JOIN #JOIN1")).containsExactly(
                    ":jB!jb@127.0.0.1 JOIN #Join1",
                    ":irc.local 353 jB = #Join1 :@jA jB",
                    ":irc.local 366 jB #Join1 :End of /NAMES list.");
            assertThat(a.sync()).containsExactly(":jB!jb@127.0.0.1 JOIN #Join1");
            assertThat(b.ask("JOIN #join1")).isEmpty();
        }
    }

    @Test
    void whoisOfOnlyCommasIsAnErrorNumericAndTheClientStays() throws Exception {
        try (TestIrc a = TestIrc.user(chat, "commas")) {
            assertThat(a.ask("WHOIS ,")).containsExactly(":irc.local 431 commas :No nickname given");
            assertThat(a.ask("WHOIS srv ,,")).containsExactly(":irc.local 431 commas :No nickname given");
            assertThat(a.ask("JOIN #stillhere")).contains(":commas!commas@127.0.0.1 JOIN #stillhere");
        }
    }

    @Test
    void joinSeveralAndJoinZero() throws Exception {
        try (TestIrc a = TestIrc.user(chat, "multi"); TestIrc w = TestIrc.user(chat, "watch")) {
            w.ask("JOIN #m1");
            List<String> lines = a.ask("JOIN #m1,#m2,bad");
            assertThat(lines).filteredOn(l -> l.contains(" JOIN ")).containsExactly(
                    ":multi!multi@127.0.0.1 JOIN #m1", ":multi!multi@127.0.0.1 JOIN #m2");
            assertThat(lines).contains(":irc.local 403 multi bad :No such channel");
            lines = a.ask("JOIN #m3,#m4");
            assertThat(lines).filteredOn(l -> l.contains(" JOIN ")).containsExactly(":multi!multi@127.0.0.1 JOIN #m3");
            assertThat(lines).contains(":irc.local 405 multi #m4 :You have joined too many channels");
            assertThat(chat.registry().user("multi").channels()).hasSize(3);
            assertThat(a.ask("JOIN 0")).containsExactlyInAnyOrder(
                    ":multi!multi@127.0.0.1 PART #m1", ":multi!multi@127.0.0.1 PART #m2", ":multi!multi@127.0.0.1 PART #m3");
            assertThat(w.sync()).containsExactly(":multi!multi@127.0.0.1 JOIN #m1", ":multi!multi@127.0.0.1 PART #m1");
            assertThat(chat.registry().channel("#m2")).isNull();
        }
    }

    @Test
    void partWithReasonAndErrors() throws Exception {
        try (TestIrc a = TestIrc.user(chat, "pA"); TestIrc b = TestIrc.user(chat, "pB")) {
            a.ask("JOIN #part");
            b.ask("JOIN #part");
            a.sync();
            assertThat(b.ask("PART #part :gone fishing")).containsExactly(":pB!pb@127.0.0.1 PART #part :gone fishing");
            assertThat(a.sync()).containsExactly(":pB!pb@127.0.0.1 PART #part :gone fishing");
            assertThat(b.ask("PART #part")).containsExactly(":irc.local 442 pB #part :You're not on that channel");
            assertThat(b.ask("PART #nowhere")).containsExactly(":irc.local 403 pB #nowhere :No such channel");
            assertThat(b.ask("PART")).containsExactly(":irc.local 461 pB PART :Not enough parameters");
        }
    }

    @Test
    void privmsgAndNoticeToChannelAndNick() throws Exception {
        try (TestIrc a = TestIrc.user(chat, "mA"); TestIrc b = TestIrc.user(chat, "mB"); TestIrc out = TestIrc.user(chat, "mOut")) {
            a.ask("JOIN #msg");
            b.ask("JOIN #msg");
            a.sync();
            assertThat(a.ask("PRIVMSG #msg :hello all")).isEmpty(); // not echoed
            assertThat(b.sync()).containsExactly(":mA!ma@127.0.0.1 PRIVMSG #msg :hello all");
            assertThat(a.ask("NOTICE #MSG :note")).isEmpty();
            assertThat(b.sync()).containsExactly(":mA!ma@127.0.0.1 NOTICE #msg :note");
            assertThat(b.ask("PRIVMSG ma :private")).isEmpty();
            assertThat(a.sync()).containsExactly(":mB!mb@127.0.0.1 PRIVMSG mA :private");
            assertThat(b.ask("PRIVMSG ma,#msg :both")).isEmpty();
            assertThat(a.sync()).containsExactly(":mB!mb@127.0.0.1 PRIVMSG mA :both", ":mB!mb@127.0.0.1 PRIVMSG #msg :both");
            // errors
            assertThat(out.ask("PRIVMSG #msg :from outside")).containsExactly(":irc.local 404 mOut #msg :Cannot send to channel");
            assertThat(out.ask("PRIVMSG nobody :x")).containsExactly(":irc.local 401 mOut nobody :No such nick/channel");
            assertThat(out.ask("PRIVMSG #nochan :x")).containsExactly(":irc.local 403 mOut #nochan :No such channel");
            assertThat(out.ask("PRIVMSG")).containsExactly(":irc.local 411 mOut :No recipient given (PRIVMSG)");
            assertThat(out.ask("PRIVMSG mA")).containsExactly(":irc.local 412 mOut :No text to send");
            assertThat(out.ask("PRIVMSG mA :")).containsExactly(":irc.local 412 mOut :No text to send");
            assertThat(out.ask("NOTICE nobody :x")).isEmpty();
            assertThat(out.ask("NOTICE #msg :x")).isEmpty();
            assertThat(a.sync()).isEmpty();
        }
    }

    @Test
    void invalidUtf8PassesThroughUnchangedAndNulIsDropped() throws Exception {
        try (TestIrc a = TestIrc.user(chat, "bytesA"); TestIrc b = TestIrc.user(chat, "bytesB")) {
            byte[] payload = {(byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3, (byte) 0x28, 'x'};
            byte[] head = "PRIVMSG bytesB :".getBytes(StandardCharsets.US_ASCII);
            byte[] line = new byte[head.length + payload.length + 2];
            System.arraycopy(head, 0, line, 0, head.length);
            System.arraycopy(payload, 0, line, head.length, payload.length);
            line[line.length - 2] = '\r';
            line[line.length - 1] = '\n';
            a.line.sendRaw(line);
            a.line.sendRaw(new byte[] {(byte) 0xff, (byte) 0xfe, 0, '\r', '\n'}); // garbage command
            assertThat(a.sync()).hasSize(1).first().asString().contains(" 421 ");
            byte[] expectedHead = ":bytesA!bytesa@127.0.0.1 PRIVMSG bytesB :".getBytes(StandardCharsets.US_ASCII);
            // RFC 1459 forbids NUL in a message: it is dropped, every other byte kept.
            byte[] relayed = {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, (byte) 0x28, 'x'};
            byte[] got = b.line.readBytes(expectedHead.length + relayed.length + 2);
            byte[] expected = new byte[got.length];
            System.arraycopy(expectedHead, 0, expected, 0, expectedHead.length);
            System.arraycopy(relayed, 0, expected, expectedHead.length, relayed.length);
            expected[expected.length - 2] = '\r';
            expected[expected.length - 1] = '\n';
            assertThat(got).isEqualTo(expected);
        }
    }

    @Test
    void lineEndingsAndLongLines() throws Exception {
        try (TestIrc a = TestIrc.user(chat, "ends")) {
            a.line.sendRaw("PING :lf\nPING :cr\rPING :crlf\r\n\r\n\n   \r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(a.line.readLine()).isEqualTo(":irc.local PONG irc.local :lf");
            assertThat(a.line.readLine()).isEqualTo(":irc.local PONG irc.local :cr");
            assertThat(a.line.readLine()).isEqualTo(":irc.local PONG irc.local :crlf");
            // 510 bytes of content is the longest line allowed
            String ok = "PING :" + "k".repeat(504);
            // ... and the reply, longer with the server prefix, is cut to 512 bytes rather than split
            assertThat(a.ask(ok)).singleElement().asString().startsWith(":irc.local PONG irc.local :kkk").hasSize(510);
            String tooLong = "PRIVMSG ends :" + "x".repeat(600);
            assertThat(a.ask(tooLong)).containsExactly(":irc.local 417 ends :Input line was too long");
            a.line.sendRaw(("PING :" + "y".repeat(20_000)).getBytes(StandardCharsets.US_ASCII));
            a.line.sendRaw("\r\nPING :after\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(a.line.readLine()).isEqualTo(":irc.local 417 ends :Input line was too long");
            assertThat(a.line.readLine()).isEqualTo(":irc.local PONG irc.local :after");
        }
    }

    @Test
    void unknownCommandAndLeadingPrefix() throws Exception {
        try (TestIrc a = TestIrc.user(chat, "unk")) {
            assertThat(a.ask("FROBNICATE x")).containsExactly(":irc.local 421 unk FROBNICATE :Unknown command");
            assertThat(a.ask(":someone!x@y PING :pfx")).containsExactly(":irc.local PONG irc.local :pfx");
            assertThat(a.ask("PING")).containsExactly(":irc.local 409 unk :No origin specified");
            assertThat(a.ask("PONG :whatever")).isEmpty();
        }
    }

    @Test
    void nickChangeSeenByChannelPeersOnce() throws Exception {
        try (TestIrc a = TestIrc.user(chat, "nA"); TestIrc b = TestIrc.user(chat, "nB"); TestIrc c = TestIrc.user(chat, "nC")) {
            a.ask("JOIN #n1,#n2");
            b.ask("JOIN #n1,#n2");
            a.sync();
            assertThat(a.ask("NICK nA2")).containsExactly(":nA!na@127.0.0.1 NICK :nA2");
            assertThat(b.sync()).containsExactly(":nA!na@127.0.0.1 NICK :nA2");
            assertThat(c.sync()).isEmpty();
            assertThat(b.ask("PRIVMSG #n1 :hi")).isEmpty();
            assertThat(a.sync()).containsExactly(":nB!nb@127.0.0.1 PRIVMSG #n1 :hi");
            assertThat(chat.registry().user("nA")).isNull();
        }
    }

    @Test
    void topicReadSetAndProtected() throws Exception {
        try (TestIrc op = TestIrc.user(chat, "tOp"); TestIrc u = TestIrc.user(chat, "tU")) {
            op.ask("JOIN #topic");
            u.ask("JOIN #topic");
            op.sync();
            assertThat(u.ask("TOPIC #topic")).containsExactly(":irc.local 331 tU #topic :No topic is set");
            assertThat(u.ask("TOPIC #topic :mine")).containsExactly(":irc.local 482 tU #topic :You're not channel operator");
            assertThat(op.ask("TOPIC #topic :a very long topic that is cut")).containsExactly(
                    ":tOp!top@127.0.0.1 TOPIC #topic :a very long topic th");
            assertThat(u.sync()).containsExactly(":tOp!top@127.0.0.1 TOPIC #topic :a very long topic th");
            List<String> read = u.ask("TOPIC #topic");
            assertThat(read.get(0)).isEqualTo(":irc.local 332 tU #topic :a very long topic th");
            assertThat(read.get(1)).startsWith(":irc.local 333 tU #topic tOp ");
            assertThat(op.ask("MODE #topic -t")).containsExactly(":tOp!top@127.0.0.1 MODE #topic -t");
            u.sync();
            assertThat(u.ask("TOPIC #topic :ok now")).containsExactly(":tU!tu@127.0.0.1 TOPIC #topic :ok now");
            assertThat(u.ask("TOPIC #nochannel")).containsExactly(":irc.local 403 tU #nochannel :No such channel");
            try (TestIrc late = TestIrc.user(chat, "tLate")) {
                assertThat(late.ask("TOPIC #topic :x")).containsExactly(":irc.local 442 tLate #topic :You're not on that channel");
                assertThat(late.ask("JOIN #topic")).contains(":irc.local 332 tLate #topic :ok now");
            }
        }
    }

    @Test
    void namesAndList() throws Exception {
        try (TestIrc a = TestIrc.user(chat, "lA"); TestIrc b = TestIrc.user(chat, "lB")) {
            a.ask("JOIN #list");
            b.ask("JOIN #list");
            a.ask("TOPIC #list :about lists");
            b.sync();
            assertThat(b.ask("NAMES #list")).containsExactly(":irc.local 353 lB = #list :@lA lB",
                    ":irc.local 366 lB #list :End of /NAMES list.");
            assertThat(b.ask("NAMES #none")).containsExactly(":irc.local 366 lB #none :End of /NAMES list.");
            assertThat(b.ask("NAMES")).contains(":irc.local 353 lB = #list :@lA lB").last()
                    .isEqualTo(":irc.local 366 lB * :End of /NAMES list.");
            assertThat(b.ask("LIST #list")).containsExactly(":irc.local 321 lB Channel :Users  Name",
                    ":irc.local 322 lB #list 2 :about lists", ":irc.local 323 lB :End of /LIST");
            assertThat(b.ask("LIST")).contains(":irc.local 322 lB #list 2 :about lists");
        }
    }

    @Test
    void whoAndWhois() throws Exception {
        try (TestIrc a = TestIrc.user(chat, "wA"); TestIrc b = TestIrc.user(chat, "wB")) {
            a.ask("JOIN #who");
            b.ask("JOIN #who");
            b.ask("AWAY :lunch");
            a.sync();
            assertThat(a.ask("WHO #who")).containsExactly(
                    ":irc.local 352 wA #who wa 127.0.0.1 irc.local wA H@ :0 Real wA",
                    ":irc.local 352 wA #who wb 127.0.0.1 irc.local wB G :0 Real wB",
                    ":irc.local 315 wA #who :End of /WHO list.");
            assertThat(a.ask("WHO wb")).containsExactly(
                    ":irc.local 352 wA * wb 127.0.0.1 irc.local wB G :0 Real wB",
                    ":irc.local 315 wA wb :End of /WHO list.");
            assertThat(a.ask("WHO w?")).hasSize(3);
            assertThat(a.ask("WHOIS wb")).startsWith(
                    ":irc.local 311 wA wB wb 127.0.0.1 * :Real wB",
                    ":irc.local 319 wA wB :#who",
                    ":irc.local 312 wA wB irc.local :sockets chat server",
                    ":irc.local 301 wA wB :lunch");
            assertThat(a.ask("WHOIS wb")).filteredOn(l -> l.contains(" 317 ")).singleElement().asString()
                    .matches(":irc\\.local 317 wA wB \\d+ \\d+ :seconds idle, signon time");
            assertThat(a.ask("WHOIS nobody")).containsExactly(":irc.local 401 wA nobody :No such nick/channel",
                    ":irc.local 318 wA nobody :End of /WHOIS list.");
            assertThat(a.ask("WHOIS")).containsExactly(":irc.local 461 wA WHOIS :Not enough parameters");
        }
    }

    @Test
    void awayRepliesToSenders() throws Exception {
        try (TestIrc a = TestIrc.user(chat, "awA"); TestIrc b = TestIrc.user(chat, "awB")) {
            assertThat(b.ask("AWAY :back soon")).containsExactly(":irc.local 306 awB :You have been marked as being away");
            assertThat(a.ask("PRIVMSG awB :there?")).containsExactly(":irc.local 301 awA awB :back soon");
            assertThat(a.ask("NOTICE awB :there?")).isEmpty();
            assertThat(b.sync()).containsExactly(":awA!awa@127.0.0.1 PRIVMSG awB :there?", ":awA!awa@127.0.0.1 NOTICE awB :there?");
            assertThat(b.ask("AWAY")).containsExactly(":irc.local 305 awB :You are no longer marked as being away");
            assertThat(a.ask("PRIVMSG awB :now?")).isEmpty();
        }
    }

    @Test
    void modes() throws Exception {
        try (TestIrc op = TestIrc.user(chat, "moOp"); TestIrc u = TestIrc.user(chat, "moU")) {
            op.ask("JOIN #mode");
            u.ask("JOIN #mode");
            op.sync();
            List<String> q = u.ask("MODE #mode");
            assertThat(q.get(0)).isEqualTo(":irc.local 324 moU #mode +nt");
            assertThat(q.get(1)).matches(":irc\\.local 329 moU #mode \\d+");
            assertThat(u.ask("MODE #mode b")).containsExactly(":irc.local 368 moU #mode :End of channel ban list");
            assertThat(u.ask("MODE #mode +b")).containsExactly(":irc.local 368 moU #mode :End of channel ban list");
            assertThat(u.ask("MODE #mode -n")).containsExactly(":irc.local 482 moU #mode :You're not channel operator");
            assertThat(op.ask("MODE #mode +o moU")).containsExactly(":moOp!moop@127.0.0.1 MODE #mode +o moU");
            assertThat(u.sync()).containsExactly(":moOp!moop@127.0.0.1 MODE #mode +o moU");
            assertThat(u.ask("MODE #mode -nt")).containsExactly(":moU!mou@127.0.0.1 MODE #mode -nt");
            op.sync();
            assertThat(u.ask("MODE #mode").get(0)).isEqualTo(":irc.local 324 moU #mode +");
            assertThat(u.ask("MODE #mode +x")).containsExactly(":irc.local 472 moU x :is unknown mode char to me for #mode");
            assertThat(u.ask("MODE #mode +o nobody")).containsExactly(":irc.local 401 moU nobody :No such nick/channel");
            assertThat(u.ask("MODE #nope")).containsExactly(":irc.local 403 moU #nope :No such channel");
            // -n lets outsiders talk
            try (TestIrc outsider = TestIrc.user(chat, "moOut")) {
                assertThat(outsider.ask("PRIVMSG #mode :from outside")).isEmpty();
                assertThat(op.sync()).containsExactly(":moOut!moout@127.0.0.1 PRIVMSG #mode :from outside");
                assertThat(u.sync()).containsExactly(":moOut!moout@127.0.0.1 PRIVMSG #mode :from outside");
            }
            // user modes
            assertThat(u.ask("MODE moU")).containsExactly(":irc.local 221 moU +");
            assertThat(u.ask("MODE moU +i")).containsExactly(":moU!mou@127.0.0.1 MODE moU :+i");
            assertThat(u.ask("MODE moU")).containsExactly(":irc.local 221 moU +i");
            assertThat(u.ask("MODE moU +z")).containsExactly(":irc.local 501 moU :Unknown MODE flag");
            assertThat(u.ask("MODE moOp +i")).containsExactly(":irc.local 502 moU :Can't change mode for other users");
            assertThat(u.ask("MODE")).containsExactly(":irc.local 461 moU MODE :Not enough parameters");
        }
    }

    @Test
    void kickByOperatorsOnly() throws Exception {
        try (TestIrc op = TestIrc.user(chat, "kOp"); TestIrc u = TestIrc.user(chat, "kU"); TestIrc w = TestIrc.user(chat, "kW")) {
            op.ask("JOIN #kick");
            u.ask("JOIN #kick");
            w.ask("JOIN #kick");
            op.sync();
            u.sync();
            assertThat(u.ask("KICK #kick kW")).containsExactly(":irc.local 482 kU #kick :You're not channel operator");
            assertThat(op.ask("KICK #kick nobody")).containsExactly(":irc.local 401 kOp nobody :No such nick/channel");
            assertThat(op.ask("KICK #kick kU :behave")).containsExactly(":kOp!kop@127.0.0.1 KICK #kick kU :behave");
            assertThat(u.sync()).containsExactly(":kOp!kop@127.0.0.1 KICK #kick kU :behave");
            assertThat(w.sync()).containsExactly(":kOp!kop@127.0.0.1 KICK #kick kU :behave");
            assertThat(op.ask("KICK #kick kU")).containsExactly(":irc.local 441 kOp kU #kick :They aren't on that channel");
            assertThat(u.ask("PRIVMSG #kick :still here?")).containsExactly(":irc.local 404 kU #kick :Cannot send to channel");
            assertThat(op.ask("KICK #kick")).containsExactly(":irc.local 461 kOp KICK :Not enough parameters");
            assertThat(op.ask("KICK #nokick kW")).containsExactly(":irc.local 403 kOp #nokick :No such channel");
        }
    }

    @Test
    void isonUserhostVersionTimeLusersMotd() throws Exception {
        try (TestIrc a = TestIrc.user(chat, "qA"); TestIrc b = TestIrc.user(chat, "qB")) {
            b.ask("AWAY :afk");
            assertThat(a.ask("ISON qa QB nobody")).containsExactly(":irc.local 303 qA :qA qB");
            assertThat(a.ask("ISON :qb nobody")).containsExactly(":irc.local 303 qA :qB");
            assertThat(a.ask("USERHOST qA qB nobody")).containsExactly(
                    ":irc.local 302 qA :qA=+qa@127.0.0.1 qB=-qb@127.0.0.1");
            assertThat(a.ask("VERSION")).first().asString().matches(":irc\\.local 351 qA sockets-\\S+\\. irc\\.local :.*");
            assertThat(a.ask("TIME")).singleElement().asString().startsWith(":irc.local 391 qA irc.local :");
            assertThat(a.ask("LUSERS")).extracting(l -> l.split(" ")[1]).containsExactly("251", "254", "255", "265", "266");
            assertThat(a.ask("MOTD")).containsExactly(":irc.local 422 qA :MOTD File is missing");
            assertThat(a.ask("ISON")).containsExactly(":irc.local 461 qA ISON :Not enough parameters");
        }
    }

    @Test
    void quitIsBroadcastWithReason() throws Exception {
        try (TestIrc a = TestIrc.user(chat, "quA"); TestIrc b = TestIrc.user(chat, "quB")) {
            a.ask("JOIN #quit");
            b.ask("JOIN #quit");
            a.sync();
            b.send("QUIT :see you");
            assertThat(b.line.readLine()).isEqualTo("ERROR :Closing link: 127.0.0.1 (Quit: see you)");
            b.line.awaitClosed();
            assertThat(a.line.readLine()).isEqualTo(":quB!qub@127.0.0.1 QUIT :Quit: see you");
        }
    }
}
