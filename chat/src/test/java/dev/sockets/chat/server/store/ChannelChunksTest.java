package dev.sockets.chat.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A chunk's bytes: what was encoded decodes the same (also a chunk of the first format), what its messages repeat
 * is stored once, and bytes that are not a whole chunk are refused as such.
 */
class ChannelChunksTest {

    private static final List<StoredMessage> MESSAGES = List.of(
            new StoredMessage(new Conversation.OfChannel("#c"), 7, "id-1", 1_700_000_000_000L, "PRIVMSG", null,
                    ":a!a@h PRIVMSG #c :hi\r\n".getBytes(StandardCharsets.ISO_8859_1), null, false),
            new StoredMessage(new Conversation.OfChannel("#c"), 8, "id-2", 1_700_000_000_001L, "NOTICE", "zoë",
                    ":b!b@h NOTICE #c :\u00e9t\u00e9 \u2603\r\n".getBytes(StandardCharsets.UTF_8), "+draft/react=\u2603;+x",
                    true),
            new StoredMessage(new Conversation.OfChannel("#c"), 9, "id-3", 1_700_000_000_001L, "PRIVMSG", "", new byte[0],
                    "", false));

    @Test
    void whatIsEncodedDecodesTheSame() {
        List<StoredMessage> back = ChannelChunks.decode("#c", ChannelChunks.encode(MESSAGES));
        for (int i = 0; i < MESSAGES.size(); i++) {
            StoredMessage want = MESSAGES.get(i);
            StoredMessage got = back.get(i);
            assertThat(got.line()).isEqualTo(want.line());
            assertThat(got.withId(0)).usingRecursiveComparison().isEqualTo(want.withId(0));
            assertThat(got.id()).isEqualTo(want.id());
        }
        assertThat(ChannelChunks.decode("#c", ChannelChunks.encode(List.of()))).isEmpty();
    }

    @Test
    void aChunkCutShortOrOfAnotherFormatIsRefusedWithOneClearException() {
        byte[] whole = ChannelChunks.encode(MESSAGES);
        for (int n = 0; n < whole.length; n++) {
            byte[] cut = Arrays.copyOf(whole, n);
            assertThatThrownBy(() -> ChannelChunks.decode("#c", cut)).as("%d of %d bytes", n, whole.length)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("history chunk");
        }
        byte[] other = whole.clone();
        other[0] = 9;
        assertThatThrownBy(() -> ChannelChunks.decode("#c", other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a history chunk of format 9, not 1 or 2");
        byte[] longer = Arrays.copyOf(whole, whole.length + 1);
        assertThatThrownBy(() -> ChannelChunks.decode("#c", longer)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a damaged history chunk of #c");
    }

    @Test
    void hostileCountsAndLengthsAreRefusedBeforeAnythingIsAllocated() {
        byte[] negative = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
            (byte) 0xff, (byte) 0xff, 0x01}; // -1 as a varint
        byte[] huge = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07}; // Integer.MAX_VALUE
        byte[] tooLong = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
            (byte) 0x80, (byte) 0x80, 0x7e}; // more than 64 bits
        List<byte[]> hostile = List.of(
                concat(new byte[] {2}, negative, new byte[] {0}),
                concat(new byte[] {2}, huge, new byte[] {0}),
                concat(new byte[] {2}, tooLong, new byte[] {0}),
                concat(new byte[] {2, 1}, negative),
                concat(new byte[] {2, 1}, huge),
                concat(new byte[] {2, 1, 1}, huge, new byte[] {'x'}),
                concat(new byte[] {2, 1, 0}, tooLong),
                concat(new byte[] {2, (byte) 0x81, 0x02, 0}, new byte[600]), // 257 messages: more than a chunk holds
                new byte[] {1, 0, 0, 0, 0, 7}, // format 1 with a byte too many
                new byte[] {1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0x7f, (byte) 0xff, (byte) 0xff,
                    (byte) 0xff}); // format 1, a msgid of 2 GB
        for (byte[] bytes : hostile) {
            assertThatThrownBy(() -> ChannelChunks.decode("#c", bytes)).as(Arrays.toString(bytes))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("history chunk");
        }
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void randomMessagesDecodeTheSame() {
        Random random = new Random(19);
        for (int round = 0; round < 300; round++) {
            List<StoredMessage> messages = new ArrayList<>();
            int n = random.nextInt(40);
            for (int i = 0; i < n; i++) {
                messages.add(new StoredMessage(new Conversation.OfChannel("#c"), random.nextLong(),
                        text(random, 1 + random.nextInt(20)), random.nextBoolean() ? random.nextLong()
                                : 1_700_000_000_000L + random.nextInt(2_000),
                        random.nextBoolean() ? "PRIVMSG" : text(random, 1 + random.nextInt(8)),
                        random.nextInt(3) == 0 ? null : text(random, random.nextInt(12)),
                        line(random), random.nextInt(3) == 0 ? null : text(random, random.nextInt(30)),
                        random.nextBoolean()));
            }
            List<StoredMessage> back = ChannelChunks.decode("#c", ChannelChunks.encode(messages));
            assertThat(back).as("round %d", round).hasSize(n);
            for (int i = 0; i < n; i++) {
                assertThat(back.get(i).line()).isEqualTo(messages.get(i).line());
                assertThat(back.get(i)).usingRecursiveComparison().ignoringFields("line").isEqualTo(messages.get(i));
            }
        }
    }

    @Test
    void aChunkWrittenInTheFirstFormatStillReads() {
        List<StoredMessage> back = ChannelChunks.decode("#c", formatOne(MESSAGES));
        assertThat(back).hasSize(MESSAGES.size());
        for (int i = 0; i < MESSAGES.size(); i++) {
            assertThat(back.get(i).line()).isEqualTo(MESSAGES.get(i).line());
            assertThat(back.get(i)).usingRecursiveComparison().ignoringFields("line").isEqualTo(MESSAGES.get(i));
        }
    }

    @Test
    void whatAChannelsMessagesRepeatIsStoredOnce() {
        List<StoredMessage> chat = new ArrayList<>();
        for (int i = 0; i < ChannelChunks.MAX_MESSAGES; i++) {
            int who = i % 5;
            chat.add(new StoredMessage(new Conversation.OfChannel("#bench"), 1_000 + i, "SRV1abcd-" + Long.toString(
                    40_000 + i, 36), 1_700_000_000_000L + i / 40, "PRIVMSG", null, (":user" + who + "!user" + who
                    + "@127.0.0.1 PRIVMSG #bench :BENCH " + who + " " + i + " " + (1_000_000_000L * i) + " "
                    + "x".repeat(40) + "\r\n").getBytes(StandardCharsets.UTF_8), null, false));
        }
        // what a message adds: its text after the head (":user0!user0@127.0.0.1 PRIVMSG #bench :"), its msgid, and
        // 7 bytes (seq, time, the msgid's length, flags, command, head, the text's length)
        int text = chat.stream().mapToInt(m -> m.line().length - (new String(m.line(), StandardCharsets.UTF_8)
                .indexOf(" :") + 2) + m.msgid().length() + 7).sum();
        byte[] chunk = ChannelChunks.encode(chat);
        assertThat(chunk.length).isLessThanOrEqualTo(text + 400).isLessThan(formatOne(chat).length * 2 / 3);
    }

    /** A chunk as schema V6 first wrote it (format 1: every field in full, fixed-width numbers). */
    static byte[] formatOne(List<StoredMessage> messages) {
        ByteBuffer out = ByteBuffer.allocate(64 * 1024);
        out.put((byte) 1).putInt(messages.size());
        for (StoredMessage m : messages) {
            out.putLong(m.id()).putLong(m.millis());
            put(out, m.msgid());
            put(out, m.command());
            put(out, m.account());
            out.putInt(m.line().length).put(m.line());
            put(out, m.clientTags());
            out.put((byte) (m.bot() ? 1 : 0));
        }
        return Arrays.copyOf(out.array(), out.position());
    }

    private static void put(ByteBuffer out, String s) {
        if (s == null) {
            out.putInt(-1);
        } else {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.putInt(b.length).put(b);
        }
    }

    private static String text(Random random, int length) {
        StringBuilder b = new StringBuilder();
        String[] pieces = {"a", "Z", " ", ":", " :", "\u00e9", "\u2603", "\uD83D\uDE00", "-", "#"};
        while (b.length() < length) {
            b.append(pieces[random.nextInt(pieces.length)]);
        }
        return b.toString();
    }

    private static byte[] line(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> new byte[0];
            case 1 -> (":" + text(random, 1 + random.nextInt(10)) + " PRIVMSG #c :" + text(random, random.nextInt(50))
                    + "\r\n").getBytes(StandardCharsets.UTF_8);
            case 2 -> text(random, random.nextInt(30)).getBytes(StandardCharsets.UTF_8);
            default -> {
                byte[] b = new byte[random.nextInt(60)];
                random.nextBytes(b);
                yield b;
            }
        };
    }

    @Test
    void aChannelsMessagesAreCutIntoChunksByCountAndBySpan() {
        List<StoredMessage> many = new java.util.ArrayList<>();
        for (int i = 0; i < 600; i++) {
            many.add(MESSAGES.get(0).withId(i));
        }
        assertThat(ChannelChunks.cut("#c", many)).extracting(c -> c.messages().size()).containsExactly(256, 256, 88);
        List<StoredMessage> spread = List.of(at(0, 1), at(1_000, 2), at(1_001, 3), at(5_000, 4));
        assertThat(ChannelChunks.cut("#c", spread)).extracting(c -> c.messages().size()).containsExactly(2, 1, 1);
        assertThat(ChannelChunks.cut("#c", spread).get(0).msgids()).isEqualTo(" a1 a2 ");
    }

    private static StoredMessage at(long millis, long seq) {
        return new StoredMessage(new Conversation.OfChannel("#c"), seq, "a" + seq, millis, "PRIVMSG", null, new byte[0],
                null, false);
    }
}
