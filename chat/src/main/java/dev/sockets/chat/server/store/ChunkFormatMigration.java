package dev.sockets.chat.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema 7: every chunk of a channel's history in {@link ChannelChunks}' format 2, which writes once what a
 * chunk's messages repeat; a store of format 1 chunks shrinks by about a third. A schema version of its own
 * although no table changes: a server of schema 6 cannot read format 2, and must refuse such a store at start
 * (one clear line) rather than fail each read of it later. The chunks are streamed in key order and each is
 * written again under the same key, {@link #BATCH} at a time (a chunk is up to about a megabyte), so a large
 * store needs no more memory than a small one; in the migration's transaction, so a failure leaves schema 6
 * as it was. A chunk this code cannot read (a damaged file, a row written by hand) is left as it was, with
 * one warning: its reads fail as they did, and the rest of the store is upgraded. A chunk rewritten meanwhile
 * by a server of schema 6 still running on a shared PostgreSQL (a REDACT) no longer has the msgids read, and
 * is left as that server wrote it.
 */
final class ChunkFormatMigration extends SchemaMigration {

    private static final Logger log = LoggerFactory.getLogger(ChunkFormatMigration.class);
    /** Chunks fetched, and written again, at a time. */
    private static final int BATCH = 64;

    ChunkFormatMigration() {
        super(7, "channel history chunks in format 2");
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        int damaged = 0;
        String first = null;
        try (PreparedStatement read = c.prepareStatement("SELECT target, first_ms, first_seq, first_msgid, msgids, "
                + "data FROM history_chunk ORDER BY target, first_ms, first_seq, first_msgid");
             PreparedStatement write = c.prepareStatement("UPDATE history_chunk SET data = ? WHERE target = ? AND "
                     + "first_ms = ? AND first_seq = ? AND first_msgid = ? AND msgids = ?")) {
            read.setFetchSize(BATCH); // PostgreSQL streams (the migration runs in a transaction)
            int pending = 0;
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    String target = rs.getString(1);
                    byte[] data = rs.getBytes(6);
                    if (!ChannelChunks.isFormatOne(data)) {
                        continue;
                    }
                    byte[] again;
                    try {
                        again = ChannelChunks.encode(ChannelChunks.decode(target, data));
                    } catch (IllegalArgumentException e) {
                        if (damaged++ == 0) {
                            first = target + " from " + rs.getLong(2) + " ms";
                        }
                        continue;
                    }
                    write.setBytes(1, again);
                    write.setString(2, target);
                    write.setLong(3, rs.getLong(2));
                    write.setLong(4, rs.getLong(3));
                    write.setString(5, rs.getString(4));
                    write.setString(6, rs.getString(5));
                    write.addBatch();
                    if (++pending == BATCH) {
                        write.executeBatch();
                        pending = 0;
                    }
                }
            }
            if (pending > 0) {
                write.executeBatch();
            }
        }
        if (damaged > 0) {
            log.warn("chat: store: {} chunk(s) of channel history could not be read and were left as they were "
                    + "(the first: {}); their reads fail as before", damaged, first);
        }
    }
}
