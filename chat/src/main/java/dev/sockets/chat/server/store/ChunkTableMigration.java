package dev.sockets.chat.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.Context;

/**
 * Schema 8: on SQLite, {@code history_chunk} becomes a rowid table with its key in an index of its own,
 * instead of a {@code WITHOUT ROWID} table (a B-tree of the whole rows ordered by the key). A chunk is
 * kilobytes, most of it in overflow pages, and SQLite compares a key inside such a B-tree only after reading
 * each cell's whole payload: every insert read back, from the database file, the overflow chains of the chunks
 * on its path (strace of the writer: as many bytes read from the database file as the checkpoints read from
 * the WAL), and every seek of a read did the same. In a rowid table a chunk's bytes are read only when its
 * {@code data} is, and only its key is in the index. The rows are copied in key order into the new table,
 * which then takes the old one's name, in the migration's transaction. PostgreSQL's table was a heap with a
 * B-tree index on the key already: nothing to do there.
 */
final class ChunkTableMigration extends SchemaMigration {

    private final Dialect dialect;

    ChunkTableMigration(Dialect dialect) {
        super(8, "channel history chunks in a rowid table");
        this.dialect = dialect;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        if (dialect != Dialect.SQLITE) {
            return;
        }
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            // The columns of V6's table, written out again rather than shared with ChannelChunksMigration: what a
            // version created stays as it was when a later one changes.
            s.execute("CREATE TABLE history_chunk_rows ("
                    + "target TEXT NOT NULL, "
                    + "first_ms BIGINT NOT NULL, "
                    + "first_seq BIGINT NOT NULL, "
                    + "first_msgid TEXT NOT NULL, "
                    + "last_ms BIGINT NOT NULL, "
                    + "messages INTEGER NOT NULL, "
                    + "msgids TEXT NOT NULL, "
                    + "data BLOB NOT NULL)");
            // PostgreSQL's name for its primary key: the same unique key, by the same name, on both
            s.execute("CREATE UNIQUE INDEX history_chunk_key ON history_chunk_rows (target, first_ms, first_seq, first_msgid)");
            s.execute("INSERT INTO history_chunk_rows (target, first_ms, first_seq, first_msgid, last_ms, messages, "
                    + "msgids, data) SELECT target, first_ms, first_seq, first_msgid, last_ms, messages, msgids, data "
                    + "FROM history_chunk ORDER BY target, first_ms, first_seq, first_msgid");
            s.execute("DROP TABLE history_chunk");
            s.execute("ALTER TABLE history_chunk_rows RENAME TO history_chunk");
        }
    }
}
