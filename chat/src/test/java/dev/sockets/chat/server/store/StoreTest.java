package dev.sockets.chat.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store against a real SQLite file: created, migrated, reopened, and refused when it must be. */
@Timeout(30)
class StoreTest {

    @TempDir
    Path tmp;

    @Test
    void aNewDataDirIsCreatedWithAMigratedWalDatabaseThatKeepsItsRowsAcrossReopening() throws Exception {
        Path dataDir = tmp.resolve("a/b/sockets-chat");
        try (Store store = Store.open(new StoreLocation.Embedded(dataDir))) {
            assertThat(dataDir.resolve("chat.db")).isRegularFile();
            assertThat(store.dialect()).isEqualTo(Dialect.SQLITE);
            assertThat(store.schemaVersion()).isNotEqualTo("0");
            try (Connection c = store.connection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
            }
            insert(store, "m1");
        }
        try (Store again = Store.open(new StoreLocation.Embedded(dataDir))) {
            try (Connection c = again.connection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT msgid, line FROM history")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("m1");
                assertThat(new String(rs.getBytes(2), StandardCharsets.ISO_8859_1)).startsWith(":a!a@h PRIVMSG");
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void aStoredMsgidIsADuplicateKeyTheDialectRecognises() throws Exception {
        try (Store store = Store.open(new StoreLocation.Embedded(tmp))) {
            insert(store, "same");
            assertThatThrownBy(() -> insert(store, "same")).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(store.dialect().isDuplicateKey(e)).isTrue());
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsOneClearLine() throws Exception {
        Files.writeString(tmp.resolve("chat.db"), "this is a text file, not a database\n".repeat(200));
        assertThatThrownBy(() -> Store.open(new StoreLocation.Embedded(tmp)))
                .isInstanceOf(StoreException.class)
                .hasMessage(tmp.resolve("chat.db") + ": not a SQLite database, or a damaged one (move it away, or "
                        + "point --data-dir elsewhere)");
        assertThat(Files.readString(tmp.resolve("chat.db"))).startsWith("this is a text file"); // left as it was
    }

    @Test
    void anotherProgramsDatabaseIsRefusedAndLeftAlone() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("chat.db"));
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users (name TEXT)");
        }
        assertThatThrownBy(() -> Store.open(new StoreLocation.Embedded(tmp)))
                .isInstanceOf(StoreException.class)
                .hasMessage(tmp.resolve("chat.db") + ": holds another program's tables (users), not a sockets chat "
                        + "store; use an empty database");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("chat.db"));
             ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("TABLE_NAME")).isEqualTo("users");
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void aSchemaNewerThanTheServerIsRefused() throws Exception {
        Store.open(new StoreLocation.Embedded(tmp)).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("chat.db"));
             Statement s = c.createStatement()) {
            // What a newer server leaves behind: a migration this one does not have.
            s.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, "
                    + "checksum, installed_by, execution_time, success) VALUES (999, '999', 'from the future', 'SQL', "
                    + "'V999__from_the_future.sql', 0, 'test', 0, 1)");
        }
        assertThatThrownBy(() -> Store.open(new StoreLocation.Embedded(tmp)))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith(tmp.resolve("chat.db") + ": schema version 999 is newer than this server knows (")
                .hasMessageEndingWith("); run a newer sockets, or another store");
    }

    @Test
    void aDataDirThatIsAFileOrUnderAFileIsOneClearLine() throws Exception {
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        assertThatThrownBy(() -> Store.open(new StoreLocation.Embedded(file)))
                .isInstanceOf(StoreException.class).hasMessage("--data-dir " + file + ": not a directory");
        assertThatThrownBy(() -> Store.open(new StoreLocation.Embedded(file.resolve("sub"))))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("--data-dir " + file.resolve("sub") + ": cannot create it: ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void postgresUrlsAreParsedWithoutEchoingThePassword() {
        var pg = (StoreLocation.Postgres) StoreLocation.of("postgresql://chat:s%40cret@db.lan:5433/irc", tmp);
        assertThat(pg).isEqualTo(new StoreLocation.Postgres("db.lan", 5433, "irc", "chat", "s@cret"));
        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://db.lan:5433/irc");
        assertThat(pg.describe()).isEqualTo("postgresql://chat@db.lan:5433/irc");
        assertThat(((StoreLocation.Postgres) StoreLocation.of("postgres://u:p@[::1]/d", tmp)).jdbcUrl())
                .isEqualTo("jdbc:postgresql://[::1]:5432/d");
        assertThat(StoreLocation.of(null, tmp)).isEqualTo(new StoreLocation.Embedded(tmp));
        for (String bad : new String[] {"mysql://u:p@h/d", "postgresql://u:p@h", "postgresql://h/d",
                "postgresql://u:p@h:0/d", "postgresql://u:p@h/d?ssl=true", "not a url"}) {
            assertThatThrownBy(() -> StoreLocation.of(bad, tmp)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("p@");
        }
    }

    @Test
    void theQueriesOfPrivateConversationsUseTheirPartialIndexesAndChannelMessagesAreNotInThem() throws Exception {
        try (Store store = Store.open(new StoreLocation.Embedded(tmp))) {
            insert(store, "m1"); // a channel message: no parties
            String who = "((sender_party = ? AND recipient_nick = ?) OR (recipient_party = ? AND sender_nick = ?))";
            // The forms HistoryQueries runs: a page of a private conversation, a msgid in it, TARGETS.
            assertThat(plan(store, "SELECT seq FROM history WHERE " + who + " AND (time_ms, seq, msgid) < (?, ?, ?) "
                    + "ORDER BY time_ms DESC, seq DESC, msgid DESC LIMIT ?", 8))
                    .contains("INDEX history_sender (sender_party=? AND recipient_nick=?")
                    .contains("INDEX history_recipient (recipient_party=? AND sender_nick=?")
                    .doesNotContain("SCAN history");
            assertThat(plan(store, "SELECT recipient_nick, MAX(time_ms) FROM history WHERE sender_party = ? "
                    + "GROUP BY recipient_nick", 1)).contains("INDEX history_sender (sender_party=?)");
            assertThat(plan(store, "SELECT sender_nick, MAX(time_ms) FROM history WHERE recipient_party = ? "
                    + "GROUP BY sender_nick", 1)).contains("INDEX history_recipient (recipient_party=?)");
            try (Connection c = store.connection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT name, sql FROM sqlite_master WHERE name IN "
                         + "('history_sender', 'history_recipient') ORDER BY name")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(2)).as(rs.getString(1)).endsWith("WHERE recipient_party IS NOT NULL");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(2)).as(rs.getString(1)).endsWith("WHERE sender_party IS NOT NULL");
            }
        }
    }

    @Test
    void aChannelsPagesItsMsgidsAndRetentionAreRangesOfTheChunksKeyNeverAScanOfTheTable() throws Exception {
        try (Store store = Store.open(new StoreLocation.Embedded(tmp))) {
            for (boolean ascending : new boolean[] {true, false}) {
                assertThat(plan(store, ChunkWalk.sql(ascending, false, 8), 4)).as("a walk starting, ascending " + ascending)
                        .contains("SEARCH history_chunk USING INDEX history_chunk_key (target=? AND first_ms>? AND first_ms<?)")
                        .doesNotContain("TEMP B-TREE");
                assertThat(plan(store, ChunkWalk.sql(ascending, true, 8), 6)).as("a walk going on, ascending " + ascending)
                        .contains("SEARCH history_chunk USING INDEX history_chunk_key (target=? AND ").contains("(first_ms,first_seq,first_msgid)")
                        .doesNotContain("TEMP B-TREE");
            }
            assertThat(plan(store, ChunkRows.find(Dialect.SQLITE), 3))
                    .contains("SEARCH history_chunk USING INDEX history_chunk_key (target=? AND first_ms>?)").doesNotContain("TEMP B-TREE");
            assertThat(plan(store, ChunkRows.LATEST, 2)).contains("SEARCH history_chunk USING INDEX history_chunk_key (target=? AND first_ms>?)")
                    .doesNotContain("SCAN history_chunk");
            assertThat(plan(store, ChunkRows.TARGETS, 0)).doesNotContain("SCAN history_chunk");
            // the private rows' retention, as before
            assertThat(plan(store, HistoryRows.OLDER_THAN, 2)).contains("INDEX history_target_time (target=? AND time_ms<?)");
            assertThat(plan(store, HistoryRows.LAST_KEPT, 2)).contains("INDEX history_target_time (target=?)")
                    .doesNotContain("TEMP B-TREE");
        }
    }

    @Test
    void aSchema4StoreWithMessagesIsMigratedWithTheirOrderTheirIdsAndTheirConversations() throws Exception {
        Path file = tmp.resolve("chat.db");
        schema4WithMessages(Dialect.SQLITE, "jdbc:sqlite:" + file, null, null);
        try (Store store = Store.open(new StoreLocation.Embedded(tmp))) {
            assertCarriedOver(store);
        }
    }

    @Test
    void aSchema5StoreWithManyChannelMessagesIsMigratedIntoChunksInTheirOrder() throws Exception {
        String url = "jdbc:sqlite:" + tmp.resolve("chat.db");
        Flyway.configure(Store.class.getClassLoader()).dataSource(url, null, null).locations("classpath:db/migration")
                .placeholders(Dialect.SQLITE.placeholders()).table(Store.SCHEMA_TABLE).target("5").loggers("slf4j")
                .load().migrate();
        int n = 25_000; // more than the migration gathers at once: the runs are cut where a millisecond ends
        java.util.List<String> expected = new java.util.ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO history (target, msgid, time_ms, seq, command, line) VALUES (?, ?, ?, ?, 'PRIVMSG', ?)")) {
            c.setAutoCommit(false);
            for (int i = 0; i < n; i++) {
                // seven messages a millisecond, their msgids in the opposite order to their seq
                String msgid = "id" + (n - i);
                ps.setString(1, i % 10 == 0 ? "#other" : "#big");
                ps.setString(2, msgid);
                ps.setLong(3, 1_000_000 + i / 7);
                ps.setLong(4, i);
                ps.setBytes(5, (":x!x@h PRIVMSG #big :" + i + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                ps.addBatch();
                if (i % 10 != 0) {
                    expected.add(msgid);
                }
            }
            ps.executeBatch();
            c.commit();
        }
        try (Store store = Store.open(new StoreLocation.Embedded(tmp))) {
            assertThat(store.schemaVersion()).isEqualTo("8");
            HistoryQueries queries = new HistoryQueries(store);
            assertThat(queries.select(new HistoryQuery.Reader.OfChannel("#big"), new HistoryQuery(HistoryQuery.Kind.LATEST,
                    HistoryQuery.Ref.NONE, HistoryQuery.Ref.NONE, n))).extracting(StoredMessage::msgid)
                    .containsExactlyElementsOf(expected);
            assertThat(StoredHistory.count(store, h -> h.target().equals("#other"))).isEqualTo(n / 10);
            try (Connection c = store.connection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*), max(messages) FROM history_chunk")) {
                rs.next();
                assertThat(rs.getInt(2)).isEqualTo(ChannelChunks.MAX_MESSAGES);
                assertThat(rs.getInt(1)).isLessThan(n / 100); // chunks, not a row per message
            }
            try (Connection c = store.connection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM history")) {
                rs.next();
                assertThat(rs.getInt(1)).as("channel rows are gone from the rows table").isZero();
            }
        }
    }

    /**
     * A database at schema version 4 holding what a server of that version stored: three messages of #c, two
     * of them in one millisecond and stored in the opposite order to their msgids, and a private one.
     */
    static void schema4WithMessages(Dialect dialect, String jdbcUrl, String user, String password) throws SQLException {
        Flyway.configure(Store.class.getClassLoader()).dataSource(jdbcUrl, user, password)
                .locations("classpath:db/migration").placeholders(dialect.placeholders()).table(Store.SCHEMA_TABLE)
                .target("4").loggers("slf4j").load().migrate();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO history (target, sender_party, sender_nick, recipient_party, recipient_nick, msgid, time_ms, "
                        + "command, line) VALUES (?, ?, ?, ?, ?, ?, ?, 'PRIVMSG', ?)")) {
            Object[][] rows = {
                {"#c", null, null, null, null, "a1", 1000L},
                {"a:alice a:bob", "a:alice", "alice", "a:bob", "bob", "p1", 1500L},
                {"#c", null, null, null, null, "z9", 2000L},
                {"#c", null, null, null, null, "b2", 2000L},
            };
            for (Object[] r : rows) {
                for (int i = 0; i < 5; i++) {
                    ps.setString(i + 1, (String) r[i]);
                }
                ps.setString(6, (String) r[5]);
                ps.setLong(7, (Long) r[6]);
                ps.setBytes(8, (":x!x@h PRIVMSG x :" + r[5] + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                ps.executeUpdate();
            }
        }
    }

    /** What {@link #schema4WithMessages} stored reads back as it did, and the store goes on from there. */
    static void assertCarriedOver(Store store) throws Exception {
        assertThat(store.schemaVersion()).isEqualTo("8");
        HistoryWriter writer = new HistoryWriter(store, 100, null, 0, new dev.sockets.common.server.ServerStats("chat"));
        try {
            History history = History.of(store, writer, 0);
            HistoryQuery.Reader channel = new HistoryQuery.Reader.OfChannel("#c");
            HistoryQuery all = new HistoryQuery(HistoryQuery.Kind.LATEST, HistoryQuery.Ref.NONE, HistoryQuery.Ref.NONE, 10);
            assertThat(history.select(channel, all)).extracting(StoredMessage::msgid).containsExactly("a1", "z9", "b2");
            assertThat(history.select(channel, new HistoryQuery(HistoryQuery.Kind.BEFORE,
                    new HistoryQuery.Ref.Msgid("b2"), HistoryQuery.Ref.NONE, 10)))
                    .extracting(StoredMessage::msgid).containsExactly("a1", "z9");
            assertThat(history.select(new HistoryQuery.Reader.Private("a:bob", "alice"), all))
                    .extracting(StoredMessage::msgid).containsExactly("p1");
            assertThat(history.select(new HistoryQuery.Reader.Private("a:carol", "alice"), all)).isEmpty();

            // stored after the migration in the same millisecond as the last one: after it; a1 again: once
            byte[] line = ":x!x@h PRIVMSG #c :new\r\n".getBytes(StandardCharsets.ISO_8859_1);
            history.record(new StoredMessage(new Conversation.OfChannel("#c"), "n1", 2000, "PRIVMSG", null, line, null,
                    false));
            history.record(new StoredMessage(new Conversation.OfChannel("#c"), "a1", 1000, "PRIVMSG", null, line, null,
                    false));
            assertThat(history.select(channel, all)).extracting(StoredMessage::msgid).containsExactly("a1", "z9", "b2", "n1");
            assertThat(history.select(channel, all).get(0).line())
                    .isEqualTo(":x!x@h PRIVMSG x :a1\r\n".getBytes(StandardCharsets.ISO_8859_1));
        } finally {
            writer.close();
        }
    }

    @Test
    void aSchema6StoresChunksAreWrittenAgainInFormat2AndReadTheSame() throws Exception {
        String url = "jdbc:sqlite:" + tmp.resolve("chat.db");
        java.util.Map<String, java.util.List<StoredMessage>> stored = schema6WithFormatOneChunks(Dialect.SQLITE, url,
                null, null);
        long before = chunkBytes(url, null, null);
        try (Store store = Store.open(new StoreLocation.Embedded(tmp))) {
            assertFormatTwoWith(store, stored);
        }
        assertThat(chunkBytes(url, null, null)).isLessThan(before * 3 / 4);
        // V8: a rowid table, the key in an index of its own (a chunk's bytes are not read to compare keys)
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'history_chunk' "
                     + "ORDER BY type DESC")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("table");
            assertThat(rs.getString(3)).doesNotContainIgnoringCase("WITHOUT ROWID");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).isEqualTo("history_chunk_key");
            assertThat(rs.getString(3)).startsWith("CREATE UNIQUE INDEX");
            assertThat(rs.next()).isFalse();
        }
    }

    /** A chunk of #damaged that is not one: left as it was by the migration. */
    static final byte[] DAMAGED = {1, 0, 0, 0, 9, 0};

    /**
     * A database at schema version 6 holding what servers of that version stored, which it returns by channel
     * in their order: 600 messages of #c in three chunks of format 1 (some with an account, client tags or the
     * bot flag); 150 of #d each in a chunk of its own, every other one of format 2 (written by a newer server
     * on a shared database); and one chunk of #damaged that cannot be read ({@link #DAMAGED}).
     */
    static java.util.Map<String, java.util.List<StoredMessage>> schema6WithFormatOneChunks(Dialect dialect,
            String jdbcUrl, String user, String password) throws SQLException {
        Flyway.configure(Store.class.getClassLoader()).dataSource(jdbcUrl, user, password)
                .locations("classpath:db/migration").javaMigrations(new ChannelChunksMigration())
                .placeholders(dialect.placeholders()).table(Store.SCHEMA_TABLE).target("6").loggers("slf4j").load()
                .migrate();
        java.util.Map<String, java.util.List<StoredMessage>> channels = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 600; i++) {
            channels.computeIfAbsent("#c", k -> new java.util.ArrayList<>()).add(new StoredMessage(
                    new Conversation.OfChannel("#c"), 100 + i, "m" + i, 1_000_000 + i / 3, "PRIVMSG",
                    i % 7 == 0 ? "zo\u00eb" : null, (":u" + i % 4 + "!u@h PRIVMSG #c :hello \u2603 " + i + "\r\n")
                            .getBytes(StandardCharsets.UTF_8), i % 5 == 0 ? "+a=b" : null, i % 11 == 0));
        }
        for (int i = 0; i < 150; i++) {
            channels.computeIfAbsent("#d", k -> new java.util.ArrayList<>()).add(new StoredMessage(
                    new Conversation.OfChannel("#d"), 1000 + i, "d" + i, 2_000_000 + i * 2_000L, "NOTICE", null,
                    (":v!v@h NOTICE #d :n " + i + "\r\n").getBytes(StandardCharsets.UTF_8), null, false));
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
             PreparedStatement ps = c.prepareStatement(ChunkRows.INSERT)) {
            int n = 0;
            for (java.util.Map.Entry<String, java.util.List<StoredMessage>> ch : channels.entrySet()) {
                for (ChannelChunks.Chunk chunk : ChannelChunks.cut(ch.getKey(), ch.getValue())) {
                    ChunkRows.bind(ps, chunk, n++ % 2 == 0 || ch.getKey().equals("#c")
                            ? ChannelChunksTest.formatOne(chunk.messages()) : ChannelChunks.encode(chunk.messages()));
                    ps.executeUpdate();
                }
            }
            ChunkRows.bind(ps, new ChannelChunks.Chunk("#damaged", channels.get("#d").subList(0, 1)), DAMAGED);
            ps.executeUpdate();
        }
        return channels;
    }

    /**
     * The store is at the newest schema (8), every chunk in format 2 but the damaged one, which is as it was, and each
     * channel reads back {@code stored} as it was.
     */
    static void assertFormatTwoWith(Store store, java.util.Map<String, java.util.List<StoredMessage>> stored)
            throws Exception {
        assertThat(store.schemaVersion()).isEqualTo("8");
        try (Connection c = store.connection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT target, data FROM history_chunk")) {
            int chunks = 0;
            while (rs.next()) {
                if (rs.getString(1).equals("#damaged")) {
                    assertThat(rs.getBytes(2)).isEqualTo(DAMAGED);
                } else {
                    assertThat(ChannelChunks.isFormatOne(rs.getBytes(2))).as(rs.getString(1)).isFalse();
                }
                chunks++;
            }
            assertThat(chunks).isEqualTo(3 + 150 + 1);
        }
        for (java.util.Map.Entry<String, java.util.List<StoredMessage>> ch : stored.entrySet()) {
            java.util.List<StoredMessage> want = ch.getValue();
            java.util.List<StoredMessage> back = new HistoryQueries(store).select(new HistoryQuery.Reader.OfChannel(
                    ch.getKey()), new HistoryQuery(HistoryQuery.Kind.LATEST, HistoryQuery.Ref.NONE, HistoryQuery.Ref.NONE,
                    1000));
            assertThat(back).as(ch.getKey()).hasSameSizeAs(want);
            for (int i = 0; i < want.size(); i++) {
                assertThat(back.get(i).line()).isEqualTo(want.get(i).line());
                assertThat(back.get(i)).usingRecursiveComparison().ignoringFields("line").isEqualTo(want.get(i));
            }
        }
    }

    /** The bytes of every chunk's {@code data}. */
    static long chunkBytes(String jdbcUrl, String user, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT SUM(LENGTH(data)) FROM history_chunk")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** SQLite's EXPLAIN QUERY PLAN of {@code sql}, its details one per line. */
    private static String plan(Store store, String sql, int params) throws SQLException {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
            for (int i = 1; i <= params; i++) {
                ps.setString(i, "x");
            }
            StringBuilder out = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.append(rs.getString("detail")).append('\n');
                }
            }
            return out.toString();
        }
    }

    static void insert(Store store, String msgid) throws SQLException {
        try (Connection c = store.connection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO history (target, msgid, time_ms, command, line) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, "#c");
            ps.setString(2, msgid);
            ps.setLong(3, 1_700_000_000_000L);
            ps.setString(4, "PRIVMSG");
            ps.setBytes(5, ":a!a@h PRIVMSG #c :hi\r\n".getBytes(StandardCharsets.ISO_8859_1));
            ps.executeUpdate();
        }
    }
}
