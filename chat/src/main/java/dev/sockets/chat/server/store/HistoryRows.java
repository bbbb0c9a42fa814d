package dev.sockets.chat.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL that adds messages to the {@code history} table, on a connection of its own that it keeps with
 * its statements prepared: many rows per {@code INSERT}, in chunks of a few fixed sizes, so a batch of any
 * length is a handful of statements prepared once for the life of the connection (preparing a statement
 * of hundreds of rows for each batch cost about as much as storing them). A channel message binds only the
 * columns a channel message has (a private one's four are left to their default, NULL). Each message gets
 * the next {@code seq}, which orders the messages of one millisecond as they were stored. A msgid already
 * stored is skipped ({@code ON CONFLICT DO NOTHING}), so a batch tried again is one row each. Used by the
 * writer thread only; {@link #discard} after any failure, so that a broken connection is not used again.
 */
final class HistoryRows implements AutoCloseable {

    /** Rows per statement, largest first; a batch is cut into these (13 parameters a row at most). */
    static final int[] CHUNKS = {256, 64, 16, 4, 1};
    private static final String CHANNEL_COLUMNS = "target, time_ms, seq, msgid, command, account, line, client_tags, bot";
    private static final int CHANNEL_PARAMS = 9;
    private static final String PRIVATE_COLUMNS = CHANNEL_COLUMNS
            + ", sender_party, sender_nick, recipient_party, recipient_nick";
    private static final int PRIVATE_PARAMS = 13;
    static final String ONE_CHANNEL = sql(CHANNEL_COLUMNS, CHANNEL_PARAMS, 1);
    static final String ONE_PRIVATE = sql(PRIVATE_COLUMNS, PRIVATE_PARAMS, 1);

    /** Hikari's own window: a connection used this recently is taken to be alive. */
    private static final long IDLE_CHECK_NANOS = 500_000_000L;
    private static final int VALID_TIMEOUT_S = 2;

    private final Store store;
    private Connection connection;
    private long lastUsedNanos;
    /** By kind (0 channel, 1 private) and index in {@link #CHUNKS}; made when first needed. */
    private final PreparedStatement[][] statements = new PreparedStatement[2][CHUNKS.length];
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

    /** Adds {@code rows} with the kept connection (in the caller's transaction). */
    void insert(List<StoredMessage> rows) throws SQLException {
        List<StoredMessage> channel = new ArrayList<>(rows.size());
        List<StoredMessage> direct = new ArrayList<>();
        for (StoredMessage m : rows) {
            (m.where() instanceof Conversation.Private ? direct : channel).add(m);
        }
        insert(0, channel);
        insert(1, direct);
    }

    private void insert(int kind, List<StoredMessage> rows) throws SQLException {
        int params = kind == 0 ? CHANNEL_PARAMS : PRIVATE_PARAMS;
        int from = 0;
        while (from < rows.size()) {
            int chunk = 0;
            while (CHUNKS[chunk] > rows.size() - from) {
                chunk++;
            }
            int size = CHUNKS[chunk];
            PreparedStatement ps = statement(kind, chunk);
            for (int i = 0; i < size; i++) {
                bind(ps, i * params, rows.get(from + i), ++seq);
            }
            ps.executeUpdate();
            from += size;
        }
    }

    private PreparedStatement statement(int kind, int chunk) throws SQLException {
        PreparedStatement ps = statements[kind][chunk];
        if (ps == null) {
            ps = connection().prepareStatement(kind == 0 ? sql(CHANNEL_COLUMNS, CHANNEL_PARAMS, CHUNKS[chunk])
                    : sql(PRIVATE_COLUMNS, PRIVATE_PARAMS, CHUNKS[chunk]));
            statements[kind][chunk] = ps;
        }
        return ps;
    }

    private static String sql(String columns, int params, int rows) {
        String row = "(" + "?, ".repeat(params - 1) + "?)";
        StringBuilder b = new StringBuilder("INSERT INTO history (").append(columns).append(") VALUES ");
        for (int i = 0; i < rows; i++) {
            b.append(i == 0 ? "" : ", ").append(row);
        }
        return b.append(" ON CONFLICT DO NOTHING").toString();
    }

    /** The statement for one message of {@code m}'s kind ({@link #ONE_CHANNEL} or {@link #ONE_PRIVATE}). */
    static String one(StoredMessage m) {
        return m.where() instanceof Conversation.Private ? ONE_PRIVATE : ONE_CHANNEL;
    }

    /** Binds {@code m} to the parameters after {@code at} of {@code ps} (0 for one row). */
    static void bind(PreparedStatement ps, int at, StoredMessage m, long seq) throws SQLException {
        ps.setString(at + 1, m.where().key());
        ps.setLong(at + 2, m.millis());
        ps.setLong(at + 3, seq);
        ps.setString(at + 4, m.msgid());
        ps.setString(at + 5, m.command());
        ps.setString(at + 6, m.account());
        ps.setBytes(at + 7, m.line());
        ps.setString(at + 8, m.clientTags());
        ps.setInt(at + 9, m.bot() ? 1 : 0);
        if (m.where() instanceof Conversation.Private p) {
            ps.setString(at + 10, p.senderParty());
            ps.setString(at + 11, p.senderNick());
            ps.setString(at + 12, p.recipientParty());
            ps.setString(at + 13, p.recipientNick());
        }
    }

    /** The next message's {@code seq} (for a message stored alone, after a batch was refused). */
    long nextSeq() {
        return ++seq;
    }

    /**
     * Deletes the message {@code msgid} and the further lines of a multiline one, stored as {@code msgid-1},
     * {@code msgid-2} ... in a row: each by the unique index (a LIKE on the prefix would scan the table).
     */
    static void forget(Connection c, String msgid) throws SQLException {
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

    /** A conversation's messages older than a time (retention by age). */
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
        for (PreparedStatement[] byKind : statements) {
            for (int i = 0; i < byKind.length; i++) {
                if (byKind[i] != null) {
                    try {
                        byKind[i].close();
                    } catch (SQLException | RuntimeException ignored) {
                        // the connection is being given up: nothing more to do with its statements
                    }
                    byKind[i] = null;
                }
            }
        }
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException | RuntimeException ignored) {
                // a broken connection: the pool replaces it
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        discard();
    }
}
