package dev.sockets.chat.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.api.migration.Context;

/**
 * Schema 6: a channel's history in chunks ({@link ChannelChunks}) instead of a row per message; private
 * messages stay rows of {@code history}. Java rather than SQL because the channel messages a store already
 * holds move into chunks, which only this code can encode. It streams them in key order and writes a
 * channel's messages a bounded run at a time (cut at a change of millisecond, so that the order within one,
 * which Java decides, is whole), so a large store needs no more memory than a small one. In the migration's
 * transaction: a failure leaves schema 5 as it was.
 */
final class ChannelChunksMigration extends SchemaMigration {

    /** Messages gathered before they are cut into chunks: bounds the memory the migration needs. */
    private static final int RUN = 10_000;

    ChannelChunksMigration() {
        super(6, "channel history in chunks");
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Map<String, String> placeholders = context.getConfiguration().getPlaceholders();
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE history_chunk ("
                    + "target TEXT NOT NULL, "
                    + "first_ms BIGINT NOT NULL, "
                    + "first_seq BIGINT NOT NULL, "
                    + "first_msgid TEXT NOT NULL, "
                    + "last_ms BIGINT NOT NULL, "
                    + "messages INTEGER NOT NULL, "
                    + "msgids TEXT NOT NULL, "
                    + "data " + placeholders.get("bytes") + " NOT NULL, "
                    + "CONSTRAINT history_chunk_key PRIMARY KEY (target, first_ms, first_seq, first_msgid)) "
                    + placeholders.get("clustered"));
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT target, time_ms, seq, msgid, command, account, line, "
                + "client_tags, bot FROM history WHERE sender_party IS NULL ORDER BY target, time_ms, seq")) {
            ps.setFetchSize(1000); // PostgreSQL streams (the migration runs in a transaction)
            try (ResultSet rs = ps.executeQuery()) {
                String target = null;
                List<StoredMessage> run = new ArrayList<>();
                while (rs.next()) {
                    String t = rs.getString(1);
                    long millis = rs.getLong(2);
                    boolean another = !t.equals(target);
                    if (another || (run.size() >= RUN && millis != run.get(run.size() - 1).millis())) {
                        ChunkRows.insert(c, target, run);
                        run.clear();
                        target = t;
                    }
                    run.add(new StoredMessage(new Conversation.OfChannel(t), rs.getLong(3), rs.getString(4), millis,
                            rs.getString(5), rs.getString(6), rs.getBytes(7), rs.getString(8), rs.getInt(9) != 0));
                }
                if (target != null) {
                    ChunkRows.insert(c, target, run);
                }
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("DELETE FROM history WHERE sender_party IS NULL");
        }
    }
}
