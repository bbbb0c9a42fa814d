package dev.sockets.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.common.testing.LineClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What one user sends can neither take more than its share nor be lost without a word (issue #23): long
 * replies go out at the reader's pace, targets beyond the limit are answered, lines that would not fit
 * once relayed are refused, NUL bytes never reach others, and a nick asked for by a connection that never
 * registers stays free for one that does.
 */
@Timeout(60)
class HostileInputTest {

    private static final String TOPIC = "t".repeat(300);

    /** A server whose send queue is far smaller than the replies below, and no flood delay to set them up. */
    private static ChatServer small() throws java.io.IOException {
        return TestIrc.start(ChatConfig.builder().sendQueueBytes(4096).floodRate(0).maxChannelsPerClient(1000)
                .build());
    }

    /** {@code #c0}... with a long topic each, reading as it goes (its own send queue is small too). */
    private static void createChannels(TestIrc owner, int n) throws java.io.IOException {
        for (int i = 0; i < n; i++) {
            owner.send("JOIN #c" + i).send("TOPIC #c" + i + " :" + TOPIC);
            if (i % 4 == 3) {
                owner.sync();
            }
        }
        owner.sync();
    }

    @Test
    void listAndNamesLongerThanTheSendQueueArriveWholeAndTheRequesterStays() throws Exception {
        try (ChatServer chat = small();
                TestIrc owner = TestIrc.user(chat, "owner");
                TestIrc asker = TestIrc.user(chat, "asker")) {
            int channels = 300;
            createChannels(owner, channels);
            // About 100 kB of 322 lines against a 4 kB send queue.
            List<String> list = asker.ask("LIST");
            assertThat(list.stream().filter(l -> l.contains(" 322 asker #c") && l.endsWith(TOPIC))).hasSize(channels);
            assertThat(list.get(list.size() - 1)).contains(" 323 asker ");
            assertThat(list).noneMatch(l -> l.startsWith("ERROR"));

            List<String> names = asker.ask("NAMES");
            assertThat(names.stream().filter(l -> l.contains(" 353 asker = #c") && l.endsWith(":@owner")))
                    .hasSize(channels);
            assertThat(names.get(names.size() - 1)).contains(" 366 asker * ");
            // Still connected and served in order.
            assertThat(asker.ask("LIST #c7")).anyMatch(l -> l.contains(" 322 asker #c7 1 :" + TOPIC));
        }
    }

    @Test
    void whoOfMoreUsersThanTheSendQueueHoldsArrivesWhole() throws Exception {
        List<TestIrc> members = new ArrayList<>();
        try (ChatServer chat = small(); TestIrc asker = TestIrc.user(chat, "asker")) {
            try {
                asker.ask("JOIN #big");
                for (int i = 0; i < 80; i++) {
                    TestIrc m = TestIrc.user(chat, "member" + i + "x".repeat(20));
                    m.ask("JOIN #big");
                    members.add(m);
                }
                // 81 lines of about 100 bytes against a 4 kB send queue.
                List<String> who = asker.ask("WHO #big");
                assertThat(who.stream().filter(l -> l.contains(" 352 asker #big "))).hasSize(81);
                assertThat(who.get(who.size() - 1)).contains(" 315 asker #big ");
                List<String> all = asker.ask("WHO *");
                assertThat(all.stream().filter(l -> l.contains(" 352 asker * "))).hasSize(81);
                assertThat(all.get(all.size() - 1)).contains(" 315 asker * ");
            } finally {
                for (TestIrc m : members) {
                    m.close();
                }
            }
        }
    }

    @Test
    void aListBeingReadSlowlyDoesNotDelayOthers() throws Exception {
        try (ChatServer chat = small();
                TestIrc owner = TestIrc.user(chat, "owner");
                TestIrc slow = TestIrc.user(chat, "slow")) {
            createChannels(owner, 300);
            slow.send("LIST"); // and reads nothing for now
            // The owner is answered at once while the slow reader's LIST waits for it to read.
            for (int i = 0; i < 20; i++) {
                String expected = " 332 owner #c" + i + " ";
                assertThat(owner.ask("TOPIC #c" + i)).anyMatch(l -> l.contains(expected));
            }
            List<String> list = slow.sync();
            assertThat(list.stream().filter(l -> l.contains(" 322 slow #c"))).hasSize(300);
        }
    }

    @Test
    void targetsBeyondTheLimitAreAnsweredWith407AndTheOthersDelivered() throws Exception {
        try (ChatServer chat = TestIrc.start(ChatConfig.builder().floodRate(0).maxChannelsPerClient(3).build());
                TestIrc sender = TestIrc.user(chat, "sender")) {
            List<TestIrc> to = new ArrayList<>();
            try {
                for (String n : List.of("a", "b", "c", "d", "e", "f")) {
                    to.add(TestIrc.user(chat, n));
                }
                assertThat(sender.ask("PRIVMSG a,b,c,d,e,f :hello")).containsExactly(
                        ":irc.local 407 sender e :Too many targets: PRIVMSG takes at most 4; not sent to this one",
                        ":irc.local 407 sender f :Too many targets: PRIVMSG takes at most 4; not sent to this one");
                for (int i = 0; i < 4; i++) {
                    assertThat(to.get(i).sync()).containsExactly(":sender!sender@127.0.0.1 PRIVMSG "
                            + to.get(i).nick + " :hello");
                }
                assertThat(to.get(4).sync()).isEmpty();
                assertThat(to.get(5).sync()).isEmpty();
                // NOTICE: no error about a target itself, but the ones not sent are said so.
                assertThat(sender.ask("NOTICE a,nobody,c,d,e :hi")).containsExactly(
                        ":irc.local 407 sender e :Too many targets: NOTICE takes at most 4; not sent to this one");
                assertThat(to.get(0).sync()).containsExactly(":sender!sender@127.0.0.1 NOTICE a :hi");
                // JOIN and PART lists: up to the channel limit (3 here).
                assertThat(sender.ask("JOIN #1,#2,#3,#4")).filteredOn(l -> l.contains(" 407 "))
                        .containsExactly(":irc.local 407 sender #4 :Too many targets: JOIN takes at most 3; "
                                + "not sent to this one");
                assertThat(sender.ask("PART #1,#2,#3,#4")).filteredOn(l -> l.contains(" 407 ") || l.contains(" PART "))
                        .containsExactly(":sender!sender@127.0.0.1 PART #1", ":sender!sender@127.0.0.1 PART #2",
                                ":sender!sender@127.0.0.1 PART #3", ":irc.local 407 sender #4 :Too many targets: "
                                        + "PART takes at most 3; not sent to this one");
                // KICK: several users from one channel, or channel and user lists in pairs.
                sender.ask("JOIN #k");
                for (TestIrc u : to) {
                    u.ask("JOIN #k");
                }
                List<String> kicked = sender.ask("KICK #k a,b,c,d,e :out");
                assertThat(kicked).filteredOn(l -> l.contains(" KICK #k ")).containsExactly(
                        ":sender!sender@127.0.0.1 KICK #k a :out", ":sender!sender@127.0.0.1 KICK #k b :out",
                        ":sender!sender@127.0.0.1 KICK #k c :out", ":sender!sender@127.0.0.1 KICK #k d :out");
                assertThat(kicked).contains(
                        ":irc.local 407 sender e :Too many targets: KICK takes at most 4; not sent to this one");
                assertThat(sender.ask("KICK #k,#k e,f :bye")).containsExactly(
                        ":sender!sender@127.0.0.1 KICK #k e :bye", ":sender!sender@127.0.0.1 KICK #k f :bye");
            } finally {
                for (TestIrc u : to) {
                    u.close();
                }
            }
        }
    }

    @Test
    void targmaxAndMaxtargetsAndSafelistAreAdvertised() throws Exception {
        try (ChatServer chat = TestIrc.start(ChatConfig.builder().maxTargets(7).build());
                TestIrc u = TestIrc.connect(chat)) {
            u.send("NICK u").send("USER u 0 * :U");
            List<String> isupport = new ArrayList<>();
            String l;
            while (!(l = u.line.readLine()).contains(" 376 ") && !l.contains(" 422 ")) {
                if (l.contains(" 005 ")) {
                    isupport.add(l);
                }
            }
            assertThat(String.join(" ", isupport)).contains(" TARGMAX=PRIVMSG:7,NOTICE:7,TAGMSG:7,KICK:7,JOIN:50,PART:50,NAMES:50 ")
                    .contains(" MAXTARGETS=7 ").contains(" SAFELIST ");
        }
    }

    @Test
    void aMessageTooLongOnceRelayedIsRefusedWith417NotCut() throws Exception {
        try (ChatServer chat = TestIrc.start(ChatConfig.builder().floodRate(0).build());
                TestIrc sender = TestIrc.user(chat, "sender" + "s".repeat(20));
                TestIrc bob = TestIrc.user(chat, "bob")) {
            bob.ask("JOIN #c");
            sender.ask("JOIN #c");
            bob.sync();
            // Fits the 512 bytes the sender may send, not once ":sender!sender@127.0.0.1 " is added.
            String cmd = "PRIVMSG bob :";
            String text = "x".repeat(510 - cmd.length());
            assertThat(sender.ask(cmd + text)).singleElement().asString()
                    .startsWith(":irc.local 417 " + sender.nick + " :Message to bob too long once relayed");
            assertThat(sender.ask("PRIVMSG #c :" + text)).singleElement().asString().contains(" 417 ");
            assertThat(sender.ask("NOTICE bob :" + text)).singleElement().asString().contains(" 417 ");
            assertThat(bob.sync()).isEmpty();
            // The longest text that fits is delivered whole.
            int room = 510 - (":" + sender.nick + "!sender" + "s".repeat(4) + "@127.0.0.1 PRIVMSG bob :").length();
            String fits = "y".repeat(room);
            assertThat(sender.ask("PRIVMSG bob :" + fits)).isEmpty();
            assertThat(bob.sync()).singleElement().asString().endsWith(" PRIVMSG bob :" + fits);
        }
    }

    @Test
    void nulBytesAreNeverRelayed() throws Exception {
        try (ChatServer chat = TestIrc.start(); TestIrc alice = TestIrc.user(chat, "alice");
                TestIrc bob = TestIrc.user(chat, "bob")) {
            bob.ask("JOIN #c");
            alice.ask("JOIN #c");
            bob.sync();
            alice.line.sendRaw("PRIVMSG bob :a\0b\0\0c\r\nPRIVMSG #c :\0x\r\nPART #c :by\0e\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            alice.sync();
            assertThat(bob.sync()).containsExactly(":alice!alice@127.0.0.1 PRIVMSG bob :abc",
                    ":alice!alice@127.0.0.1 PRIVMSG #c :x", ":alice!alice@127.0.0.1 PART #c :bye");
        }
    }

    @Test
    void aNickAskedForByAConnectionThatNeverRegistersGoesToOneThatDoes() throws Exception {
        try (ChatServer chat = TestIrc.start(); TestIrc squatter = TestIrc.connect(chat)) {
            squatter.send("NICK victim");
            assertThat(squatter.sync()).isEmpty();
            try (TestIrc honest = TestIrc.connect(chat)) {
                honest.send("NICK victim").send("USER v 0 * :Victim");
                assertThat(honest.line.readLine()).startsWith(":irc.local 001 victim ");
            }
            try (TestIrc honest2 = TestIrc.connect(chat)) {
                // Once registered, the nick is held as usual.
                TestIrc owner = TestIrc.user(chat, "owner");
                honest2.send("NICK owner").send("USER o 0 * :O");
                assertThat(honest2.line.readLine()).isEqualTo(":irc.local 433 * owner :Nickname is already in use");
                owner.close();
            }
            // The squatter learns it lost the nick when it tries to register, and picks another.
            try (TestIrc v2 = TestIrc.user(chat, "victim")) {
                squatter.send("USER s 0 * :S");
                assertThat(squatter.line.readLine()).isEqualTo(":irc.local 433 * victim :Nickname is already in use");
                squatter.send("NICK other");
                assertThat(squatter.line.readLine()).startsWith(":irc.local 001 other ");
            }
        }
    }

    @Test
    void twoConnectionsRegisteringWithOneNickAtOnceGetItOnce() throws Exception {
        try (ChatServer chat = TestIrc.start()) {
            for (int r = 0; r < 20; r++) {
                int round = r;
                try (TestIrc a = TestIrc.connect(chat); TestIrc b = TestIrc.connect(chat)) {
                    a.send("NICK same" + round);
                    b.send("NICK same" + round);
                    a.sync();
                    b.sync();
                    a.send("USER a 0 * :A");
                    b.send("USER b 0 * :B");
                    String ra = a.line.readLine();
                    String rb = b.line.readLine();
                    assertThat(List.of(ra, rb)).filteredOn(l -> l.contains(" 001 ")).hasSize(1);
                    assertThat(List.of(ra, rb)).filteredOn(l -> l.contains(" 433 * same" + round + " ")).hasSize(1);
                }
            }
        }
    }

    @Test
    void aQuitFollowedByMoreInputStillDeliversTheErrorLine() throws Exception {
        // A client that pastes a QUIT with more lines behind it: closing with those lines unread would reset
        // the connection, and the reset can destroy the ERROR line before the client reads it.
        try (ChatServer chat = TestIrc.start(ChatConfig.builder().floodRate(0).build())) {
            for (int round = 0; round < 10; round++) {
                try (java.net.Socket s = new java.net.Socket()) {
                    s.setReceiveBufferSize(4096); // so the server still holds replies unsent when it closes
                    s.connect(new java.net.InetSocketAddress(chat.server().tcpEndpoint().address(), chat.server().tcpEndpoint().port()), 5000);
                    s.setSoTimeout(10_000);
                    StringBuilder paste = new StringBuilder("NICK paster\r\nUSER p 0 * :p\r\n");
                    // Replies still unread by the client when the server closes (a 401 each), then the rest.
                    paste.append("PRIVMSG nobody :hello\r\n".repeat(2000)).append("QUIT :bye\r\n");
                    while (paste.length() < 80_000) {
                        paste.append("PRIVMSG nobody :").append("x".repeat(400)).append("\r\n");
                    }
                    byte[] bytes = paste.toString().getBytes(StandardCharsets.US_ASCII);
                    Thread writer = Thread.ofVirtual().start(() -> {
                        try {
                            s.getOutputStream().write(bytes);
                        } catch (java.io.IOException e) {
                            // the server may close while this writes: the reader below says what it saw
                        }
                    });
                    writer.join(java.time.Duration.ofSeconds(10)); // reading only now leaves the replies unread
                    List<String> lines = new ArrayList<>();
                    java.io.BufferedReader in = new java.io.BufferedReader(
                            new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                    for (String l = in.readLine(); l != null; l = in.readLine()) {
                        lines.add(l);
                    }
                    assertThat(lines).as("round %d", round).isNotEmpty();
                    assertThat(lines.get(lines.size() - 1)).as("round %d", round).startsWith("ERROR :Closing link");
                }
            }
        }
    }
}
