package dev.sockets.chat.server.store;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * How a channel's history is kept: its messages in chunks, one row of {@code history_chunk} for up to
 * {@link #MAX_MESSAGES} messages of one channel that the writer stored together, in key order. A row per
 * message cost the writer 5-6 µs of CPU (the B-tree inserts of a row and its index entry, each bound
 * through JNI), more than fanning the message out to 50 members; a row per chunk costs a few µs, whatever
 * it holds. A chunk covers at most {@link #SPAN_MS} of time, which is what lets a read find every chunk
 * that can hold a message of a moment by a range of the table's key ({@code target, first_ms, ...})
 * although the chunks of two batches (a message delivered late on another thread, two nodes sharing a
 * store) may overlap in time.
 *
 * <p>A row: the chunk's first key (time, seq, msgid: its oldest message), its newest message's time, the
 * count, the msgids as {@code " a b c "} (a msgid is found by a substring search of the conversation's
 * chunks, newest first, without an index entry per message), and the messages encoded by {@link #encode}.
 */
final class ChannelChunks {

    /** Messages per chunk at most: bounds what a read decodes to find a few, and what a REDACT rewrites. */
    static final int MAX_MESSAGES = 256;
    /** The time a chunk covers at most, from its first message's to its last one's. */
    static final long SPAN_MS = 1_000;
    private static final int FORMAT = 1;

    private ChannelChunks() {
    }

    /** The order of a conversation's messages: time, then the order they were stored in, then msgid. */
    static final Comparator<StoredMessage> ORDER = Comparator.comparingLong(StoredMessage::millis)
            .thenComparingLong(StoredMessage::id).thenComparing(StoredMessage::msgid);

    /** A chunk to be stored: a channel's messages, in {@link #ORDER}, within {@link #SPAN_MS}. */
    record Chunk(String target, List<StoredMessage> messages) {
        StoredMessage first() {
            return messages.get(0);
        }

        StoredMessage last() {
            return messages.get(messages.size() - 1);
        }

        /** The msgids, each between spaces, for {@link ChannelChunks#needle}. */
        String msgids() {
            StringBuilder b = new StringBuilder(messages.size() * 16).append(' ');
            for (StoredMessage m : messages) {
                b.append(m.msgid()).append(' ');
            }
            return b.toString();
        }
    }

    /** What a substring search of a chunk's msgids looks for to find {@code msgid}. */
    static String needle(String msgid) {
        return " " + msgid + " ";
    }

    /**
     * Cuts one channel's messages (in {@link #ORDER}) into chunks of at most {@link #MAX_MESSAGES} within
     * {@link #SPAN_MS}; the same messages always make the same chunks, so a batch tried again after an
     * outage makes rows with the keys it made before ({@code ON CONFLICT DO NOTHING} keeps one of each).
     */
    static List<Chunk> cut(String target, List<StoredMessage> sorted) {
        List<Chunk> out = new ArrayList<>();
        int from = 0;
        for (int i = 1; i <= sorted.size(); i++) {
            if (i == sorted.size() || i - from == MAX_MESSAGES
                    || sorted.get(i).millis() - sorted.get(from).millis() > SPAN_MS) {
                out.add(new Chunk(target, List.copyOf(sorted.subList(from, i))));
                from = i;
            }
        }
        return out;
    }

    /**
     * The messages of a chunk as its {@code data} column holds them (they share its target): a format byte, the
     * count, and for each message its seq, time, msgid, command, account, line, client tags and bot flag;
     * numbers big-endian, texts as UTF-8 after their length, an absent text as length -1.
     */
    static byte[] encode(List<StoredMessage> messages) {
        int size = 5;
        for (StoredMessage m : messages) {
            size += 16 + 5 * 4 + 1 + m.line().length + m.msgid().length() * 3 + m.command().length() * 3
                    + (m.account() == null ? 0 : m.account().length() * 3)
                    + (m.clientTags() == null ? 0 : m.clientTags().length() * 3);
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put((byte) FORMAT).putInt(messages.size());
        for (StoredMessage m : messages) {
            out.putLong(m.id()).putLong(m.millis());
            text(out, m.msgid());
            text(out, m.command());
            text(out, m.account());
            out.putInt(m.line().length).put(m.line());
            text(out, m.clientTags());
            out.put((byte) (m.bot() ? 1 : 0));
        }
        return Arrays.copyOf(out.array(), out.position());
    }

    /**
     * The messages of a chunk of {@code target}, in the order stored.
     *
     * @throws IllegalArgumentException for bytes that are not a chunk this code wrote
     */
    static List<StoredMessage> decode(String target, byte[] data) {
        Conversation where = new Conversation.OfChannel(target);
        try {
            ByteBuffer in = ByteBuffer.wrap(data);
            int format = in.get() & 0xff;
            if (format != FORMAT) {
                throw new IllegalArgumentException("a history chunk of format " + format + ", not " + FORMAT);
            }
            int n = in.getInt();
            if (n < 0 || n > data.length) {
                throw new IllegalArgumentException("a damaged history chunk of " + target);
            }
            List<StoredMessage> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long seq = in.getLong();
                long millis = in.getLong();
                String msgid = text(in);
                String command = text(in);
                String account = text(in);
                byte[] line = new byte[in.getInt()];
                in.get(line);
                String clientTags = text(in);
                boolean bot = in.get() != 0;
                if (msgid == null || command == null) {
                    throw new IllegalArgumentException("a damaged history chunk of " + target);
                }
                out.add(new StoredMessage(where, seq, msgid, millis, command, account, line, clientTags, bot));
            }
            return out;
        } catch (BufferUnderflowException | NegativeArraySizeException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("a damaged history chunk of " + target, e);
        }
    }

    private static void text(ByteBuffer out, String s) {
        if (s == null) {
            out.putInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.putInt(b.length).put(b);
    }

    private static String text(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0) {
            return null;
        }
        String s = new String(in.array(), in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }
}
