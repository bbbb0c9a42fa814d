package dev.sockets.chat.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Schema 7: every chunk of a channel's history in {@link ChannelChunks}' format 2, which writes once what a
 * chunk's messages repeat; a store of format 1 chunks shrinks by about a third. A schema version of its own
 * although no table changes: a server of schema 6 cannot read format 2, and must refuse such a store at start
 * (one clear line) rather than fail each read of it later. The chunks are streamed in key order and each is
 * written again under the same key, so a large store needs no more memory than a small one; in the
 * migration's transaction, so a failure leaves schema 6 as it was.
 */
final class ChunkFormatMigration implements JavaMigration {

    private static final int BATCH = 500;

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("7");
    }

    @Override
    public String getDescription() {
        return "channel history chunks in format 2";
    }

    @Override
    public Integer getChecksum() {
        return 7;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        try (PreparedStatement read = c.prepareStatement("SELECT target, first_ms, first_seq, first_msgid, data "
                + "FROM history_chunk ORDER BY target, first_ms, first_seq, first_msgid");
             PreparedStatement write = c.prepareStatement("UPDATE history_chunk SET data = ? WHERE target = ? AND "
                     + "first_ms = ? AND first_seq = ? AND first_msgid = ?")) {
            read.setFetchSize(BATCH); // PostgreSQL streams (the migration runs in a transaction)
            int pending = 0;
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    String target = rs.getString(1);
                    byte[] data = rs.getBytes(5);
                    if (!ChannelChunks.isFormatOne(data)) {
                        continue;
                    }
                    write.setBytes(1, ChannelChunks.encode(ChannelChunks.decode(target, data)));
                    write.setString(2, target);
                    write.setLong(3, rs.getLong(2));
                    write.setLong(4, rs.getLong(3));
                    write.setString(5, rs.getString(4));
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
    }
}
