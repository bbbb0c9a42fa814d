package dev.sockets.chat.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A chunk's bytes: what was encoded decodes the same, and bytes that are not a whole chunk are refused as such. */
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
                .hasMessage("a history chunk of format 9, not 1");
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
