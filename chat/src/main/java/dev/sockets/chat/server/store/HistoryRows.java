package dev.sockets.chat.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL that adds messages to the history, on a connection of its own that it keeps with its statements
 * prepared: a channel's messages as chunks of {@code history_chunk} ({@link ChannelChunks}: a row per chunk
 * instead of one per message), a private message as a row of {@code history}, many rows per {@code INSERT}
 * in a few fixed sizes, so a batch of any length is a handful of statements prepared once for the life of
 * the connection (preparing a statement of hundreds of rows for each batch cost about as much as storing
 * them). The writer numbers each message once ({@link #nextSeq}: the {@code seq} that orders the messages of
 * one millisecond as they were stored), so a batch tried again after an outage makes the same rows and
 * chunks, and what is already stored is skipped ({@code ON CONFLICT DO NOTHING}). Used by the writer thread
 * only; {@link #discard} after any failure, so that a broken connection is not used again.
 */
final class HistoryRows implements AutoCloseable {

    /** Rows per statement, largest first; a batch's private messages are cut into these. */
    static final int[] CHUNKS = {256, 64, 16, 4, 1};
    private static final String PRIVATE_COLUMNS = "target, time_ms, seq, msgid, command, account, line, client_tags, "
            + "bot, sender_party, sender_nick, recipient_party, recipient_nick";
    private static final int PRIVATE_PARAMS = 13;
    static final String ONE_PRIVATE = sql(1);

    /** Hikari's own window: a connection used this recently is taken to be alive. */
    private static final long IDLE_CHECK_NANOS = 500_000_000L;
    private static final int VALID_TIMEOUT_S = 2;

    private final Store store;
    private Connection connection;
    private long lastUsedNanos;
    /** By kind (0 channel, 1 private) and index in {@link #CHUNKS}; made when first needed. */
    /** By index in {@link #CHUNKS}; made when first needed. */
    private final PreparedStatement[] statements = new PreparedStatement[CHUNKS.length];
    private PreparedStatement chunkInsert;
    /**
     * Starts at the start time in microseconds, so that it keeps growing across restarts (and past the row ids
     * of a store migrated from schema 4) as long as a run stores fewer than a million messages a second on
     * average: a message stored right after a restart sorts after one of the same millisecond before it.
     */
    private long seq = System.currentTimeMillis() * 1000;

    HistoryRows(Store store) {
        this.store = store;
    }

    /**
     * The kept connection, opened when first needed; its transactions are the caller's to begin and end. After
     * {@link #IDLE_CHECK_NANOS} without a batch it is checked first, as the pool checks a connection it hands
     * out after a pause: one the database ended meanwhile (a restart, {@code idle_session_timeout}, a network
     * that dropped the idle flow) is replaced, instead of failing the next batch as an outage.
     */
    Connection connection() throws SQLException {
        long now = System.nanoTime();
        if (connection != null && now - lastUsedNanos >= IDLE_CHECK_NANOS && !connection.isValid(VALID_TIMEOUT_S)) {
            discard();
        }
        if (connection == null) {
            connection = store.connection();
        }
        lastUsedNanos = now;
        return connection;
    }

    /** Adds {@code messages}, each numbered by {@link #nextSeq}, with the kept connection (in the caller's transaction). */
    void insert(List<StoredMessage> messages) throws SQLException {
        Map<String, List<StoredMessage>> byChannel = new LinkedHashMap<>();
        List<StoredMessage> direct = new ArrayList<>();
        for (StoredMessage m : messages) {
            if (m.where() instanceof Conversation.Private) {
                direct.add(m);
            } else {
                byChannel.computeIfAbsent(m.where().key(), k -> new ArrayList<>()).add(m);
            }
        }
        for (Map.Entry<String, List<StoredMessage>> channel : byChannel.entrySet()) {
            List<StoredMessage> sorted = channel.getValue();
            sorted.sort(ChannelChunks.ORDER);
            for (ChannelChunks.Chunk chunk : ChannelChunks.cut(channel.getKey(), sorted)) {
                if (chunkInsert == null) {
                    chunkInsert = connection().prepareStatement(ChunkRows.INSERT);
                }
                ChunkRows.insert(chunkInsert, chunk);
            }
        }
        insertPrivate(direct);
    }

    private void insertPrivate(List<StoredMessage> rows) throws SQLException {
        int from = 0;
        while (from < rows.size()) {
            int chunk = 0;
            while (CHUNKS[chunk] > rows.size() - from) {
                chunk++;
            }
            int size = CHUNKS[chunk];
            PreparedStatement ps = statements[chunk];
            if (ps == null) {
                ps = connection().prepareStatement(sql(size));
                statements[chunk] = ps;
            }
            for (int i = 0; i < size; i++) {
                bind(ps, i * PRIVATE_PARAMS, rows.get(from + i));
            }
            ps.executeUpdate();
            from += size;
        }
    }

    private static String sql(int rows) {
        String row = "(" + "?, ".repeat(PRIVATE_PARAMS - 1) + "?)";
        StringBuilder b = new StringBuilder("INSERT INTO history (").append(PRIVATE_COLUMNS).append(") VALUES ");
        for (int i = 0; i < rows; i++) {
            b.append(i == 0 ? "" : ", ").append(row);
        }
        return b.append(" ON CONFLICT DO NOTHING").toString();
    }

    /** Stores {@code m} alone on {@code c}: a private message's row, or a channel message's chunk of one. */
    static void insertOne(Connection c, StoredMessage m) throws SQLException {
        if (m.where() instanceof Conversation.Private) {
            try (PreparedStatement ps = c.prepareStatement(ONE_PRIVATE)) {
                bind(ps, 0, m);
                ps.executeUpdate();
            }
        } else {
            ChunkRows.insert(c, m.where().key(), List.of(m));
        }
    }

    /** Binds private message {@code m} to the parameters after {@code at} of {@code ps} (0 for one row). */
    static void bind(PreparedStatement ps, int at, StoredMessage m) throws SQLException {
        Conversation.Private p = (Conversation.Private) m.where();
        ps.setString(at + 1, p.key());
        ps.setLong(at + 2, m.millis());
        ps.setLong(at + 3, m.id());
        ps.setString(at + 4, m.msgid());
        ps.setString(at + 5, m.command());
        ps.setString(at + 6, m.account());
        ps.setBytes(at + 7, m.line());
        ps.setString(at + 8, m.clientTags());
        ps.setInt(at + 9, m.bot() ? 1 : 0);
        ps.setString(at + 10, p.senderParty());
        ps.setString(at + 11, p.senderNick());
        ps.setString(at + 12, p.recipientParty());
        ps.setString(at + 13, p.recipientNick());
    }

    /** The next message's {@code seq}: the writer numbers each message once, when it takes it. */
    long nextSeq() {
        return ++seq;
    }

    /**
     * Deletes the message {@code msgid} and the further lines of a multiline one, stored as {@code msgid-1},
     * {@code msgid-2} ... in a row: from a channel's chunks ({@link ChunkRows#forget}), or from the private
     * rows each by the unique index (a LIKE on the prefix would scan the table).
     */
    static void forget(Connection c, Dialect dialect, HistoryWriter.Forget f) throws SQLException {
        if (f.channel() != null) {
            ChunkRows.forget(c, dialect, f.channel(), f.millis(), f.msgid());
            return;
        }
        String msgid = f.msgid();
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM history WHERE msgid = ?")) {
            ps.setString(1, msgid);
            ps.executeUpdate();
            for (int line = 1; ; line++) {
                ps.setString(1, msgid + "-" + line);
                if (ps.executeUpdate() == 0) {
                    return;
                }
            }
        }
    }

    /** A private conversation's messages older than a time (retention by age). */
    static final String OLDER_THAN = "DELETE FROM history WHERE target = ? AND time_ms < ?";
    /** The newest message of a conversation past the first N newest: the last one retention by count deletes. */
    static final String LAST_KEPT = "SELECT time_ms, seq, msgid FROM history WHERE target = ? "
            + "ORDER BY time_ms DESC, seq DESC, msgid DESC LIMIT 1 OFFSET ?";
    /** A conversation's messages up to and including one (by key). */
    static final String UP_TO = "DELETE FROM history WHERE target = ? AND (time_ms, seq, msgid) <= (?, ?, ?)";
    /**
     * Every conversation, one key seek each (a loose index scan: SELECT DISTINCT would read every row on
     * PostgreSQL and SQLite alike).
     */
    static final String TARGETS = "WITH RECURSIVE t(target) AS (SELECT MIN(target) FROM history UNION ALL "
            + "SELECT (SELECT MIN(h.target) FROM history h WHERE h.target > t.target) FROM t WHERE t.target IS NOT NULL) "
            + "SELECT target FROM t WHERE target IS NOT NULL";

    /** The conversations that have messages ({@link #TARGETS}). */
    static List<String> targets(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(TARGETS); java.sql.ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Closes the statements and gives the connection back to the pool (which drops it if it is broken). */
    void discard() {
        for (int i = 0; i < statements.length; i++) {
            close(statements[i]);
            statements[i] = null;
        }
        close(chunkInsert);
        chunkInsert = null;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException | RuntimeException ignored) {
                // a broken connection: the pool replaces it
            }
            connection = null;
        }
    }

    private static void close(PreparedStatement ps) {
        if (ps != null) {
            try {
                ps.close();
            } catch (SQLException | RuntimeException ignored) {
                // the connection is being given up: nothing more to do with its statements
            }
        }
    }

    @Override
    public void close() {
        discard();
    }
}
