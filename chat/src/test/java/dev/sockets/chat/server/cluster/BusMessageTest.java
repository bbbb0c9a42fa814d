package dev.sockets.chat.server.cluster;

import dev.sockets.chat.server.state.Channel;
import dev.sockets.chat.server.state.NetworkEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BusMessageTest {

    /** Every byte a line may hold but CR and LF, spaces and colons included. */
    private static final String AWKWARD;

    static {
        StringBuilder sb = new StringBuilder();
        for (int b = 0; b < 256; b++) {
            if (b != '\r' && b != '\n') {
                sb.append((char) b);
            }
        }
        AWKWARD = sb.toString();
    }

    private static BusMessage roundTrip(BusMessage.Body body) {
        BusMessage decoded = BusMessage.decode(new BusMessage("a.test", "5eed", body).encode());
        assertThat(decoded.node()).isEqualTo("a.test");
        assertThat(decoded.boot()).isEqualTo("5eed");
        return decoded;
    }

    @Test
    void everyStateEventSurvivesTheBus() {
        List<NetworkEvent> events = List.of(
                new NetworkEvent.Intro("nick", "user", "::1", "Real: " + AWKWARD, null, true),
                new NetworkEvent.Intro("nick", "user", "10.0.0.1", "", "gone :" + AWKWARD, false),
                new NetworkEvent.Nick("old", "new"),
                new NetworkEvent.Quit("nick"),
                new NetworkEvent.Join("nick", "#chan", true),
                new NetworkEvent.Join("nick", "#chan", false, 1_700_000_000_126L),
                new NetworkEvent.Leave("nick", "#chan"),
                new NetworkEvent.Topic("#chan", AWKWARD, "setter", 1_700_000_000L),
                new NetworkEvent.Topic("#chan", "", "setter", 0),
                new NetworkEvent.Modes("#chan", "n", null, 0, 1_700_000_000_123L),
                new NetworkEvent.Modes("#chan", "imnst", "se cret", 25, 1_700_000_000_124L),
                new NetworkEvent.Voice("#chan", "bob", true),
                new NetworkEvent.MaskList("#chan", 'I', List.of(new Channel.MaskEntry("*!*@host", "alice!a@h", 1_700_000_000L),
                        new Channel.MaskEntry("x!y@z", "bob", 2L)), 1_700_000_000_125L),
                new NetworkEvent.MaskList("#chan", 'b', List.of(), 1L),
                new NetworkEvent.Invite("#chan", "carol"),
                new NetworkEvent.Operator("#chan", "nick", false),
                new NetworkEvent.Away("nick", null),
                new NetworkEvent.Invisible("nick", true),
                new NetworkEvent.UserModes("nick", true, false),
                new NetworkEvent.UserModes("nick", false, true),
                new NetworkEvent.Kill("nick", "Killed (op (" + AWKWARD + "))"),
                new NetworkEvent.Intro("nick", "user", "::1", "Real", null, false, true, "Account"),
                new NetworkEvent.Account("nick", "Account"),
                new NetworkEvent.Account("nick", null));
        for (NetworkEvent e : events) {
            assertThat(roundTrip(new BusMessage.Event(e)).body()).isEqualTo(new BusMessage.Event(e));
        }
    }

    @Test
    void linesKeepEveryByteAndGetTheirCrlfBack() {
        byte[] line = (":n!u@h PRIVMSG #c :" + AWKWARD + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        BusMessage.Body body = roundTrip(new BusMessage.Event(new NetworkEvent.ToChannel("#c", null, line))).body();
        NetworkEvent.ToChannel t = (NetworkEvent.ToChannel) ((BusMessage.Event) body).event();
        assertThat(t.line()).isEqualTo(line);
        assertThat(t.except()).isNull();
        NetworkEvent.ToUser u = (NetworkEvent.ToUser) ((BusMessage.Event) roundTrip(
                new BusMessage.Event(new NetworkEvent.ToUser("nick", line))).body()).event();
        assertThat(u.line()).isEqualTo(line);
        NetworkEvent.Wallops w = (NetworkEvent.Wallops) ((BusMessage.Event) roundTrip(
                new BusMessage.Event(new NetworkEvent.Wallops(line))).body()).event();
        assertThat(w.line()).isEqualTo(line);
    }

    @Test
    void controlMessagesSurvive() {
        for (BusMessage.Body b : List.of(new BusMessage.Hello("*"), new BusMessage.Hello("b.test"),
                new BusMessage.BurstStart(), new BusMessage.BurstEnd(), new BusMessage.Heartbeat(), new BusMessage.Bye())) {
            assertThat(roundTrip(b).body()).isEqualTo(b);
        }
    }

    @Test
    void foreignOrDamagedMessagesAreRejectedNotMisread() {
        for (String s : List.of("", "hello", "S1\na\nb", "S2\na\nb\nBEAT", "S1\na\nb\nNOPE",
                "S1\na\nb\nJOIN\n=n", "S1\na\nb\nJOIN\nn\n=#c\n=1", "S1\na\nb\nTOPIC\n=#c\n=t\n=s\n=x")) {
            assertThatThrownBy(() -> BusMessage.decode(s.getBytes(StandardCharsets.ISO_8859_1)))
                    .as(s).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aLineKeepsItsSendersAccountAndItsExtendedJoinOnTheBus() {
        byte[] plain = "%s".formatted(":a!u@h JOIN #c\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] extended = ":a!u@h JOIN #c acct :Real name\r\n".getBytes(StandardCharsets.ISO_8859_1);
        dev.sockets.chat.protocol.TaggedLine sent = new dev.sockets.chat.protocol.TaggedLine(plain, 1234L, "id-1", null,
                false, null, "acct", dev.sockets.chat.protocol.Capability.EXTENDED_JOIN, extended);
        BusMessage.Body body = roundTrip(new BusMessage.Event(new NetworkEvent.ToChannel("#c", null, sent))).body();
        dev.sockets.chat.protocol.TaggedLine got = ((NetworkEvent.ToChannel) ((BusMessage.Event) body).event()).tagged();
        assertThat(got.account()).isEqualTo("acct");
        assertThat(got.variantCapability()).isEqualTo(dev.sockets.chat.protocol.Capability.EXTENDED_JOIN);
        assertThat(got.variant()).isEqualTo(extended);
        assertThat(got.line()).isEqualTo(plain);
        assertThat(got.millis()).isEqualTo(1234L);
    }

    @Test
    void aMultilineMessagesLaterLineKeepsTheMsgidItsHistoryRowHasOnTheBus() {
        byte[] line = ":a!u@h PRIVMSG #c :second\r\n".getBytes(StandardCharsets.ISO_8859_1);
        dev.sockets.chat.protocol.TaggedLine sent = new dev.sockets.chat.protocol.TaggedLine(line, 1234L, "", null,
                false, null);
        NetworkEvent.ToChannel t = (NetworkEvent.ToChannel) ((BusMessage.Event) roundTrip(new BusMessage.Event(
                new NetworkEvent.ToChannel("#c", "a", sent, "id-1"))).body()).event();
        assertThat(t.tagged().msgid()).as("delivered without one").isEmpty();
        assertThat(t.historyMsgid()).isEqualTo("id-1");
        assertThat(t.kept().msgid()).isEqualTo("id-1");
        assertThat(t.kept().line()).isEqualTo(line);
        NetworkEvent.ToUser u = (NetworkEvent.ToUser) ((BusMessage.Event) roundTrip(new BusMessage.Event(
                new NetworkEvent.ToUser("b", sent, "id-2"))).body()).event();
        assertThat(u.kept().msgid()).isEqualTo("id-2");
        NetworkEvent.ToChannel own = (NetworkEvent.ToChannel) ((BusMessage.Event) roundTrip(new BusMessage.Event(
                new NetworkEvent.ToChannel("#c", "a", sent))).body()).event();
        assertThat(own.historyMsgid()).isNull();
        assertThat(own.kept()).isSameAs(own.tagged());
    }

    @Test
    void aHistoryMsgidThatWouldBreakATagIsRejected() {
        String head = "S1\na\nb\nTOCHAN\n=#c\n-\n=:a!u@h PRIVMSG #c :x\n=1\n=\n-\n=0\n-\n-\n-\n-\n";
        assertThat(((NetworkEvent.ToChannel) ((BusMessage.Event) BusMessage.decode((head + "=id-1")
                .getBytes(StandardCharsets.ISO_8859_1)).body()).event()).historyMsgid()).isEqualTo("id-1");
        for (String bad : List.of("=id;x=y", "=id 1", "=")) {
            assertThatThrownBy(() -> BusMessage.decode((head + bad).getBytes(StandardCharsets.ISO_8859_1)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
