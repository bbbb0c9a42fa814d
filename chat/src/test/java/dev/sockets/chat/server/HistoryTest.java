package dev.sockets.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.network.Network;
import dev.sockets.chat.server.store.HistoryPolicy;
import dev.sockets.chat.server.store.HistoryQuery;
import dev.sockets.chat.server.store.Store;
import dev.sockets.chat.server.store.StoreLocation;
import dev.sockets.chat.server.store.StoredMessage;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Limits;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * draft/chathistory against a server keeping its history in a real SQLite file: what was said is read
 * back with its msgid and time in a chathistory batch, by every selection; a private conversation only
 * by its two parties; a channel only by its members; a joining member gets the last lines; and all of it
 * is still there after a restart.
 */
@Timeout(60)
class HistoryTest {

    private static final String CAPS = "CAP REQ :message-tags server-time batch echo-message draft/chathistory";

    @TempDir
    Path dataDir;

    private final List<ChatServer> servers = new ArrayList<>();
    private final List<TestIrc> clients = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (TestIrc c : clients) {
            c.close();
        }
        servers.forEach(ChatServer::close);
    }

    private ChatServer server(int joinReplay) throws IOException {
        Store store = Store.open(new StoreLocation.Embedded(dataDir));
        ChatServer chat = new ChatServer(ChatConfig.builder().floodRate(0).build(), Endpoint.loopback(0), null,
                Limits.defaults().withGrace(Duration.ofSeconds(2)), null, Network.SINGLE, store,
                new HistoryPolicy(null, 0, joinReplay, 1000));
        chat.server().start();
        servers.add(chat);
        return chat;
    }

    private TestIrc user(ChatServer chat, String nick, boolean caps) throws IOException {
        TestIrc c = TestIrc.connect(chat);
        clients.add(c);
        if (caps) {
            c.send(CAPS).send("CAP END");
        }
        c.register(nick);
        c.sync();
        return c;
    }

    /** One line: its tags and the rest. */
    record Line(Map<String, String> tags, String rest) {
        static Line of(String raw) {
            Map<String, String> tags = new LinkedHashMap<>();
            String rest = raw;
            if (raw.startsWith("@")) {
                int sp = raw.indexOf(' ');
                for (String t : raw.substring(1, sp).split(";")) {
                    int eq = t.indexOf('=');
                    tags.put(eq < 0 ? t : t.substring(0, eq), eq < 0 ? "" : t.substring(eq + 1));
                }
                rest = raw.substring(sp + 1);
            }
            return new Line(tags, rest);
        }

        /** What history must give back: the same message, id and time. */
        String message() {
            return tags.get("time") + " " + tags.get("msgid") + " " + rest;
        }
    }

    private static List<Line> parse(List<String> raw) {
        return raw.stream().map(Line::of).toList();
    }

    /** The messages of the one chathistory batch in {@code replies}, checking its frame. */
    private static List<String> batch(List<String> replies, String target) {
        List<Line> lines = parse(replies);
        assertThat(lines).isNotEmpty();
        Line open = lines.get(0);
        assertThat(open.rest()).matches(":\\S+ BATCH \\+(\\S+) chathistory " + java.util.regex.Pattern.quote(target));
        String id = open.rest().split(" ")[2].substring(1);
        assertThat(lines.get(lines.size() - 1).rest()).endsWith(" BATCH -" + id);
        List<String> inside = new ArrayList<>();
        for (Line l : lines.subList(1, lines.size() - 1)) {
            assertThat(l.tags()).containsEntry("batch", id);
            inside.add(l.message());
        }
        return inside;
    }

    private List<String> say(TestIrc who, String target, int n) throws IOException {
        List<String> echoes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Line> got = parse(who.ask("PRIVMSG " + target + " :message " + i));
            assertThat(got).hasSize(1);
            echoes.add(got.get(0).message());
        }
        return echoes;
    }

    @Test
    void aChannelsMessagesAreReadBackByEverySelection() throws IOException {
        ChatServer chat = server(0);
        TestIrc alice = user(chat, "alice", true);
        TestIrc bob = user(chat, "bob", false);
        alice.ask("JOIN #h");
        bob.ask("JOIN #h");
        alice.sync();
        List<String> m = say(alice, "#h", 10);
        String id3 = msgid(m.get(3));
        String id6 = msgid(m.get(6));

        assertThat(batch(alice.ask("CHATHISTORY LATEST #h * 20"), "#h")).isEqualTo(m);
        assertThat(batch(alice.ask("CHATHISTORY LATEST #H * 5"), "#H")).isEqualTo(m.subList(5, 10));
        assertThat(batch(alice.ask("CHATHISTORY LATEST #h msgid=" + id6 + " 20"), "#h")).isEqualTo(m.subList(7, 10));
        assertThat(batch(alice.ask("CHATHISTORY BEFORE #h msgid=" + id6 + " 20"), "#h")).isEqualTo(m.subList(0, 6));
        assertThat(batch(alice.ask("CHATHISTORY BEFORE #h msgid=" + id6 + " 2"), "#h")).isEqualTo(m.subList(4, 6));
        assertThat(batch(alice.ask("CHATHISTORY AFTER #h msgid=" + id3 + " 3"), "#h")).isEqualTo(m.subList(4, 7));
        assertThat(batch(alice.ask("CHATHISTORY AROUND #h msgid=" + msgid(m.get(7)) + " 3"), "#h"))
                .isEqualTo(m.subList(6, 9));
        assertThat(batch(alice.ask("CHATHISTORY AROUND #h msgid=" + msgid(m.get(7)) + " 1"), "#h"))
                .isEqualTo(m.subList(7, 8));
        String first = "msgid=" + msgid(m.get(0));
        String last = "msgid=" + msgid(m.get(9));
        assertThat(batch(alice.ask("CHATHISTORY BETWEEN #h " + first + " " + last + " 20"), "#h"))
                .isEqualTo(m.subList(1, 9));
        assertThat(batch(alice.ask("CHATHISTORY BETWEEN #h " + first + " " + last + " 3"), "#h"))
                .isEqualTo(m.subList(1, 4));
        assertThat(batch(alice.ask("CHATHISTORY BETWEEN #h " + last + " " + first + " 3"), "#h"))
                .isEqualTo(m.subList(6, 9));
        String t3 = "timestamp=" + time(m.get(3));
        assertThat(batch(alice.ask("CHATHISTORY AFTER #h " + t3 + " 20"), "#h"))
                .isEqualTo(m.subList(4, 10).stream().filter(x -> !time(x).equals(time(m.get(3)))).toList());
        // a member without any capability can read it too, as plain lines
        bob.sync();
        List<String> plain = bob.ask("CHATHISTORY LATEST #h * 2");
        assertThat(plain).containsExactly(":alice!alice@127.0.0.1 PRIVMSG #h :message 8",
                ":alice!alice@127.0.0.1 PRIVMSG #h :message 9");
    }

    @Test
    void aLabeledRequestGetsItsLabelOnTheBatch() throws IOException {
        ChatServer chat = server(0);
        TestIrc alice = user(chat, "alice", true);
        alice.ask("CAP REQ labeled-response");
        alice.ask("JOIN #l");
        say(alice, "#l", 2);
        List<String> replies = alice.ask("@label=q1 CHATHISTORY LATEST #l * 10");
        assertThat(replies).hasSize(4);
        assertThat(Line.of(replies.get(0)).tags()).containsEntry("label", "q1");
        assertThat(Line.of(replies.get(0)).rest()).contains(" BATCH +").endsWith(" chathistory #l");
    }

    @Test
    void aMultilineMessageIsKeptAsItsLines() throws IOException {
        ChatServer chat = server(0);
        TestIrc alice = user(chat, "alice", true);
        alice.ask("CAP REQ draft/multiline");
        alice.ask("JOIN #m");
        alice.send("BATCH +b1 draft/multiline #m").send("@batch=b1 PRIVMSG #m :first line")
                .send("@batch=b1 PRIVMSG #m :second line").send("BATCH -b1");
        alice.sync();
        List<String> kept = batch(alice.ask("CHATHISTORY LATEST #m * 10"), "#m");
        assertThat(kept).hasSize(2);
        assertThat(kept.get(0)).endsWith(":alice!alice@127.0.0.1 PRIVMSG #m :first line");
        assertThat(kept.get(1)).endsWith(":alice!alice@127.0.0.1 PRIVMSG #m :second line");
        assertThat(msgid(kept.get(1))).isEqualTo(msgid(kept.get(0)) + "-1");
    }

    @Test
    void aRedactedMessageLeavesTheHistory() throws IOException {
        ChatServer chat = server(0);
        TestIrc alice = user(chat, "alice", true);
        alice.ask("CAP REQ draft/message-redaction");
        alice.ask("JOIN #x");
        List<String> m = say(alice, "#x", 2);
        alice.ask("REDACT #x " + msgid(m.get(0)) + " :typo");
        assertThat(batch(alice.ask("CHATHISTORY LATEST #x * 10"), "#x")).containsExactly(m.get(1));
    }

    @Test
    void whoeverCreatesAnEmptiedChannelAgainReadsNothingOfTheOldOne() throws IOException {
        ChatServer chat = server(5);
        TestIrc alice = user(chat, "alice", true);
        TestIrc mallory = user(chat, "mallory", true);
        alice.ask("JOIN #temp");
        alice.ask("PRIVMSG #temp :the old channel's secret");
        assertThat(texts(alice.ask("CHATHISTORY LATEST #temp * 10"))).containsExactly("the old channel's secret");
        alice.ask("PART #temp"); // the channel is empty, so gone
        long parted = System.currentTimeMillis();
        // History is kept by the millisecond: the new channel is created in a later one than the old message.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(1)).until(() -> System.currentTimeMillis() > parted);
        assertThat(mallory.ask("JOIN #temp")).as("no replay of the old channel").noneMatch(l -> l.contains("secret"));
        assertThat(texts(mallory.ask("CHATHISTORY LATEST #temp * 10"))).isEmpty();
        assertThat(mallory.ask("CHATHISTORY TARGETS timestamp=2000-01-01T00:00:00.000Z timestamp=2100-01-01T00:00:00.000Z 10"))
                .noneMatch(l -> l.contains("TARGETS #temp"));
        mallory.ask("PRIVMSG #temp :the new channel's first line");
        alice.ask("JOIN #temp");
        assertThat(texts(alice.ask("CHATHISTORY LATEST #temp * 10"))).containsExactly("the new channel's first line");
        assertThat(mallory.ask("CHATHISTORY TARGETS timestamp=2000-01-01T00:00:00.000Z timestamp=2100-01-01T00:00:00.000Z 10"))
                .anyMatch(l -> l.contains("TARGETS #temp"));
    }

    /** The texts of the PRIVMSG lines among {@code lines}. */
    private static List<String> texts(List<String> lines) {
        return lines.stream().filter(l -> l.contains(" PRIVMSG ")).map(l -> l.substring(l.lastIndexOf(" :") + 2)).toList();
    }

    @Test
    void refusalsAreFailLinesAsTheSpecificationNamesThem() throws IOException {
        ChatServer chat = server(0);
        TestIrc alice = user(chat, "alice", true);
        TestIrc carol = user(chat, "carol", true);
        alice.ask("JOIN #closed");
        assertThat(carol.ask("CHATHISTORY LATEST #closed * 10")).singleElement().asString()
                .endsWith(" FAIL CHATHISTORY INVALID_TARGET LATEST #closed :Messages could not be retrieved");
        assertThat(carol.ask("CHATHISTORY LATEST #nowhere * 10")).singleElement().asString()
                .contains(" FAIL CHATHISTORY INVALID_TARGET LATEST #nowhere ");
        assertThat(carol.ask("CHATHISTORY BEFORE alice * 10")).singleElement().asString()
                .contains(" FAIL CHATHISTORY INVALID_PARAMS BEFORE * ");
        assertThat(carol.ask("CHATHISTORY LATEST alice * lots")).singleElement().asString()
                .contains(" FAIL CHATHISTORY INVALID_PARAMS LATEST lots ");
        assertThat(carol.ask("CHATHISTORY AFTER alice timestamp=yesterday 10")).singleElement().asString()
                .contains(" FAIL CHATHISTORY INVALID_PARAMS AFTER timestamp=yesterday ");
        assertThat(carol.ask("CHATHISTORY BETWEEN alice timestamp=2026-01-01T00:00:00.000Z tomorrow 10"))
                .as("the bad reference is named, not the good one before it").singleElement().asString()
                .endsWith(" FAIL CHATHISTORY INVALID_PARAMS BETWEEN tomorrow :Invalid message reference");
        assertThat(carol.ask("CHATHISTORY BETWEEN alice yesterday timestamp=2026-01-01T00:00:00.000Z 10"))
                .singleElement().asString()
                .endsWith(" FAIL CHATHISTORY INVALID_PARAMS BETWEEN yesterday :Invalid message reference");
        assertThat(carol.ask("CHATHISTORY LATEST alice")).singleElement().asString()
                .contains(" FAIL CHATHISTORY NEED_MORE_PARAMS LATEST ");
        assertThat(carol.ask("CHATHISTORY SOMETIME alice * 1")).singleElement().asString()
                .contains(" FAIL CHATHISTORY INVALID_PARAMS SOMETIME ");
    }

    @Test
    void aPrivateConversationIsReadOnlyByItsTwoParties() throws IOException {
        ChatServer chat = server(0);
        TestIrc alice = user(chat, "alice", true);
        TestIrc bob = user(chat, "bob", true);
        TestIrc carol = user(chat, "carol", true);
        List<String> m = new ArrayList<>(say(alice, "bob", 2));
        bob.sync();
        m.addAll(say(bob, "alice", 1));
        bob.sync();
        alice.sync();
        assertThat(batch(alice.ask("CHATHISTORY LATEST bob * 10"), "bob")).isEqualTo(m);
        assertThat(batch(bob.ask("CHATHISTORY LATEST ALICE * 10"), "ALICE")).isEqualTo(m);
        assertThat(batch(carol.ask("CHATHISTORY LATEST alice * 10"), "alice")).isEmpty();
        assertThat(batch(carol.ask("CHATHISTORY LATEST bob * 10"), "bob")).isEmpty();

        // whoever takes the nick next is not the party to the conversation
        bob.send("QUIT :bye");
        bob.readUntil("ERROR");
        TestIrc mallory = user(chat, "bob", true);
        assertThat(batch(mallory.ask("CHATHISTORY LATEST alice * 10"), "alice")).isEmpty();
        // alice still has hers, and TARGETS lists it
        assertThat(batch(alice.ask("CHATHISTORY LATEST bob * 10"), "bob")).isEqualTo(m);
        List<String> targets = alice.ask("CHATHISTORY TARGETS timestamp=2020-01-01T00:00:00.000Z "
                + "timestamp=2262-01-01T00:00:00.000Z 10");
        assertThat(targets).hasSize(3);
        assertThat(Line.of(targets.get(1)).rest()).endsWith(" CHATHISTORY TARGETS bob " + time(m.get(2)));
    }

    @Test
    void aJoiningMemberIsSentTheLastLinesAndTheyOutliveARestart() throws IOException {
        ChatServer chat = server(3);
        TestIrc alice = user(chat, "alice", true);
        alice.ask("JOIN #r");
        List<String> m = say(alice, "#r", 5);
        TestIrc dave = user(chat, "dave", true);
        List<String> joined = dave.ask("JOIN #r");
        int batchStart = 0;
        while (!joined.get(batchStart).contains(" BATCH +")) {
            batchStart++;
        }
        assertThat(joined.get(batchStart - 1)).contains(" 366 "); // after NAMES
        assertThat(batch(joined.subList(batchStart, joined.size()), "#r")).isEqualTo(m.subList(2, 5));

        chat.close(); // SIGTERM's path: the writer flushes, the store closes
        ChatServer again = server(0);
        List<StoredMessage> kept = again.history().select(new HistoryQuery.Reader.OfChannel("#r"),
                new HistoryQuery(HistoryQuery.Kind.LATEST, HistoryQuery.Ref.NONE, HistoryQuery.Ref.NONE, 10));
        assertThat(kept).extracting(StoredMessage::msgid).as("all of it outlived the restart in the store")
                .isEqualTo(m.stream().map(l -> l.split(" ")[1]).toList());
        // #r is not registered: created again after the restart, it is a new channel, with a new history.
        TestIrc back = user(again, "alice", true);
        back.ask("JOIN #r");
        assertThat(batch(back.ask("CHATHISTORY LATEST #r * 10"), "#r")).isEmpty();
    }

    @Test
    void chathistoryIsOfferedOnlyByAServerThatKeepsHistory() throws IOException {
        ChatServer keeping = server(0);
        TestIrc a = TestIrc.connect(keeping);
        clients.add(a);
        assertThat(a.ask("CAP LS 302")).anySatisfy(l -> assertThat(l).contains("draft/chathistory"));
        a.send("CAP END");
        assertThat(a.register("a").ask("VERSION")).anySatisfy(l -> assertThat(l).contains(" CHATHISTORY=100 ")
                .contains(" MSGREFTYPES=msgid,timestamp "));
        ChatServer none = TestIrc.start();
        servers.add(none);
        TestIrc b = TestIrc.connect(none);
        clients.add(b);
        assertThat(b.ask("CAP LS 302")).noneSatisfy(l -> assertThat(l).contains("chathistory"));
        assertThat(b.ask("CAP REQ draft/chathistory")).singleElement().asString().contains(" NAK ");
        b.send("CAP END");
        assertThat(b.register("b").ask("VERSION")).noneSatisfy(l -> assertThat(l).contains("CHATHISTORY"));
    }

    private static String msgid(String message) {
        return message.split(" ")[1];
    }

    private static String time(String message) {
        return message.split(" ")[0];
    }
}
