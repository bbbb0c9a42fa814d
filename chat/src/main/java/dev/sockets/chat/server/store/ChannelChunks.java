package dev.sockets.chat.server.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
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

    /** The messages of a chunk as its {@code data} column holds them (they share its target). */
    static byte[] encode(List<StoredMessage> messages) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(messages.size() * 160);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeInt(messages.size());
            for (StoredMessage m : messages) {
                out.writeLong(m.id());
                out.writeLong(m.millis());
                out.writeUTF(m.msgid());
                out.writeUTF(m.command());
                optional(out, m.account());
                out.writeInt(m.line().length);
                out.write(m.line());
                optional(out, m.clientTags());
                out.writeBoolean(m.bot());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /**
     * The messages of a chunk of {@code target}, in the order stored.
     *
     * @throws IllegalArgumentException for bytes that are not a chunk this code wrote
     */
    static List<StoredMessage> decode(String target, byte[] data) {
        Conversation where = new Conversation.OfChannel(target);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("a history chunk of format " + format + ", not " + FORMAT);
            }
            int n = in.readInt();
            List<StoredMessage> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long seq = in.readLong();
                long millis = in.readLong();
                String msgid = in.readUTF();
                String command = in.readUTF();
                String account = optional(in);
                byte[] line = new byte[in.readInt()];
                in.readFully(line);
                String clientTags = optional(in);
                boolean bot = in.readBoolean();
                out.add(new StoredMessage(where, seq, msgid, millis, command, account, line, clientTags, bot));
            }
            return out;
        } catch (IOException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("a damaged history chunk of " + target, e);
        }
    }

    private static void optional(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String optional(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
