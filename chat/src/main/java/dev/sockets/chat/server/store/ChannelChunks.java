package dev.sockets.chat.server.store;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    private static final int FORMAT = 2;
    /** The first format, fixed-width: still read, no longer written. */
    private static final int FORMAT_1 = 1;

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
     * The messages of a chunk as its {@code data} column holds them (they share its target), in format 2: what
     * its messages repeat is written once. A format byte, the count, a table of the byte strings the messages
     * share, then for each message its seq and time as the difference from the message before (varints,
     * zigzag), its msgid, a flags byte (bot, account, client tags), its command as an index into the table, its
     * account and client tags likewise when its flags say it has them, and its line as the index of its head (up
     * to the first {@code " :"}, e.g. {@code :nick!user@host PRIVMSG #chan :}) and the rest. What the writer spends on a message grows with its bytes,
     * about 0.8 µs of CPU per 100 (half of its time is the kernel copying pages into the WAL and then into the
     * database file): with format 1 (fixed-width numbers, every text in full) the database grew by about 175
     * bytes per 64-byte message of {@code irc-fanout}, with this one by 110, and the writer's CPU per message
     * fell by a quarter.
     */
    static byte[] encode(List<StoredMessage> messages) {
        Table table = new Table();
        Bytes body = new Bytes(64 + messages.size() * 96);
        long seq = 0;
        long millis = 0;
        for (StoredMessage m : messages) {
            body.varlong(zigzag(m.id() - seq));
            body.varlong(zigzag(m.millis() - millis));
            seq = m.id();
            millis = m.millis();
            body.text(m.msgid());
            body.put((m.bot() ? BOT : 0) | (m.account() != null ? ACCOUNT : 0) | (m.clientTags() != null ? TAGS : 0));
            body.varint(table.of(m.command()));
            if (m.account() != null) {
                body.varint(table.of(m.account()));
            }
            if (m.clientTags() != null) {
                body.varint(table.of(m.clientTags()));
            }
            byte[] line = m.line();
            int head = head(line);
            body.varint(table.of(line, head));
            body.varint(line.length - head);
            body.put(line, head, line.length - head);
        }
        Bytes out = new Bytes(16 + table.bytes + table.entries.size() * 2 + body.size);
        out.put(FORMAT);
        out.varint(messages.size());
        out.varint(table.entries.size());
        for (byte[] e : table.entries) {
            out.varint(e.length);
            out.put(e, 0, e.length);
        }
        out.put(body.buf, 0, body.size);
        return Arrays.copyOf(out.buf, out.size);
    }

    private static final int BOT = 1;
    private static final int ACCOUNT = 2;
    private static final int TAGS = 4;

    /** Where a line's head ends: after its first {@code " :"} from its second byte on (0 when it has none). */
    private static int head(byte[] line) {
        for (int i = 1; i + 1 < line.length; i++) {
            if (line[i] == ' ' && line[i + 1] == ':') {
                return i + 2;
            }
        }
        return 0;
    }

    private static long zigzag(long n) {
        return (n << 1) ^ (n >> 63);
    }

    private static long unzigzag(long n) {
        return (n >>> 1) ^ -(n & 1);
    }

    /** The byte strings a chunk's messages share, each once, numbered in the order first seen. */
    private static final class Table {
        final List<byte[]> entries = new ArrayList<>();
        final Map<String, Integer> texts = new HashMap<>();
        /** Heads by their bytes read as ISO-8859-1: one char per byte, so equal keys are equal bytes. */
        final Map<String, Integer> heads = new HashMap<>();
        int bytes;

        int of(String text) {
            Integer at = texts.get(text);
            if (at == null) {
                at = add(text.getBytes(StandardCharsets.UTF_8));
                texts.put(text, at);
            }
            return at;
        }

        int of(byte[] line, int length) {
            String key = new String(line, 0, length, StandardCharsets.ISO_8859_1);
            Integer at = heads.get(key);
            if (at == null) {
                at = add(Arrays.copyOf(line, length));
                heads.put(key, at);
            }
            return at;
        }

        private int add(byte[] entry) {
            entries.add(entry);
            bytes += entry.length;
            return entries.size() - 1;
        }
    }

    /** A growing byte array with the few writes a chunk needs. */
    private static final class Bytes {
        byte[] buf;
        int size;

        Bytes(int capacity) {
            buf = new byte[capacity];
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }

        void put(int b) {
            ensure(1);
            buf[size++] = (byte) b;
        }

        void put(byte[] b, int from, int length) {
            ensure(length);
            System.arraycopy(b, from, buf, size, length);
            size += length;
        }

        void varint(int n) {
            varlong(n & 0xffffffffL);
        }

        void varlong(long n) {
            ensure(10);
            while ((n & ~0x7fL) != 0) {
                buf[size++] = (byte) ((n & 0x7f) | 0x80);
                n >>>= 7;
            }
            buf[size++] = (byte) n;
        }

        void text(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varint(b.length);
            put(b, 0, b.length);
        }
    }

    /**
     * The messages of a chunk of {@code target}, in the order stored: of format 2, or 1 (what servers of schema
     * 6 wrote; schema 7 writes those chunks again, and a server of schema 6 still running on a shared database
     * may add some).
     *
     * @throws IllegalArgumentException for bytes that are not a chunk this code wrote
     */
    static List<StoredMessage> decode(String target, byte[] data) {
        if (isFormatOne(data)) {
            return decode1(target, data);
        }
        Conversation where = new Conversation.OfChannel(target);
        try {
            ByteBuffer in = ByteBuffer.wrap(data);
            int format = in.get() & 0xff;
            if (format != FORMAT) {
                throw new IllegalArgumentException("a history chunk of format " + format + ", not " + FORMAT_1 + " or "
                        + FORMAT);
            }
            int n = count(in, target);
            if (n > MAX_MESSAGES) {
                throw new IllegalArgumentException("a damaged history chunk of " + target);
            }
            byte[][] table = new byte[count(in, target)][];
            for (int i = 0; i < table.length; i++) {
                table[i] = new byte[count(in, target)];
                in.get(table[i]);
            }
            String[] texts = new String[table.length];
            List<StoredMessage> out = new ArrayList<>(n);
            long seq = 0;
            long millis = 0;
            for (int i = 0; i < n; i++) {
                seq += unzigzag(varlong(in, target));
                millis += unzigzag(varlong(in, target));
                byte[] id = new byte[count(in, target)];
                in.get(id);
                int flags = in.get();
                if ((flags & ~(BOT | ACCOUNT | TAGS)) != 0) {
                    throw new IllegalArgumentException("a damaged history chunk of " + target);
                }
                String command = text(table, texts, varlong(in, target), target);
                String account = (flags & ACCOUNT) == 0 ? null : text(table, texts, varlong(in, target), target);
                String clientTags = (flags & TAGS) == 0 ? null : text(table, texts, varlong(in, target), target);
                byte[] head = entry(table, varlong(in, target), target);
                byte[] line = Arrays.copyOf(head, head.length + count(in, target));
                in.get(line, head.length, line.length - head.length);
                out.add(new StoredMessage(where, seq, new String(id, StandardCharsets.UTF_8), millis, command, account,
                        line, clientTags, (flags & BOT) != 0));
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("a damaged history chunk of " + target);
            }
            return out;
        } catch (BufferUnderflowException | NegativeArraySizeException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("a damaged history chunk of " + target, e);
        }
    }

    /** True for a chunk of format 1, which {@link ChunkFormatMigration} writes again in format 2. */
    static boolean isFormatOne(byte[] data) {
        return data.length > 0 && data[0] == FORMAT_1;
    }

    /** A varint that counts or measures what follows in {@code in}: never more than what is left of it. */
    private static int count(ByteBuffer in, String target) {
        long n = varlong(in, target);
        if (n < 0 || n > in.remaining()) {
            throw new IllegalArgumentException("a damaged history chunk of " + target);
        }
        return (int) n;
    }

    private static long varlong(ByteBuffer in, String target) {
        long n = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            if (shift == 63 && (b & 0xfe) != 0) {
                break; // more than 64 bits
            }
            n |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return n;
            }
        }
        throw new IllegalArgumentException("a damaged history chunk of " + target);
    }

    /** The table's entry {@code at}, an index read from the chunk. */
    private static byte[] entry(byte[][] table, long at, String target) {
        if (at < 0 || at >= table.length) {
            throw new IllegalArgumentException("a damaged history chunk of " + target);
        }
        return table[(int) at];
    }

    private static String text(byte[][] table, String[] texts, long at, String target) {
        byte[] e = entry(table, at, target);
        int i = (int) at;
        if (texts[i] == null) {
            texts[i] = new String(e, StandardCharsets.UTF_8);
        }
        return texts[i];
    }

    /** Format 1: for each message its seq, time, msgid, command, account, line, client tags and bot flag in full. */
    private static List<StoredMessage> decode1(String target, byte[] data) {
        Conversation where = new Conversation.OfChannel(target);
        try {
            ByteBuffer in = ByteBuffer.wrap(data);
            in.get();
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
                byte[] line = new byte[length(in)];
                in.get(line);
                String clientTags = text(in);
                boolean bot = in.get() != 0;
                if (msgid == null || command == null) {
                    throw new IllegalArgumentException("a damaged history chunk of " + target);
                }
                out.add(new StoredMessage(where, seq, msgid, millis, command, account, line, clientTags, bot));
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("a damaged history chunk of " + target);
            }
            return out;
        } catch (BufferUnderflowException | NegativeArraySizeException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("a damaged history chunk of " + target, e);
        }
    }

    /** A format 1 length: more than what is left is a damaged chunk (thrown as an underflow, as a cut one is). */
    private static int length(ByteBuffer in) {
        int n = in.getInt();
        if (n > in.remaining()) {
            throw new BufferUnderflowException();
        }
        return n;
    }

    private static String text(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0) {
            return null;
        }
        if (n > in.remaining()) {
            throw new BufferUnderflowException();
        }
        String s = new String(in.array(), in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }
}
