package dev.sockets.chat.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sockets.common.server.ServerStats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history writer against a real SQLite file when the store fails: a row it refuses is dropped and
 * counted while the rest of its batch and everything after it is stored; a bug that throws for one row
 * does not end the writer; a store that is only locked for a while loses nothing.
 */
@Timeout(60)
class HistoryWriterTest {

    @TempDir
    Path dataDir;

    private Store store;
    private ServerStats stats;
    private HistoryWriter writer;

    @BeforeEach
    void open() {
        store = Store.open(new StoreLocation.Embedded(dataDir));
        stats = new ServerStats("chat");
        writer = new HistoryWriter(store, 1000, null, 5, stats);
    }

    @AfterEach
    void close() {
        writer.close(Duration.ofSeconds(5));
        store.close();
    }

    private static StoredMessage message(String channel, String msgid, long millis) {
        byte[] line = (":alice!a@h PRIVMSG " + channel + " :text " + msgid + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        return new StoredMessage(new Conversation.OfChannel(channel), msgid, millis, "PRIVMSG", null, line, null, false);
    }

    private long count(java.util.function.Predicate<StoredHistory.Held> which) throws SQLException {
        return StoredHistory.count(store, which);
    }

    private static java.util.function.Predicate<StoredHistory.Held> target(String target) {
        return h -> h.target().equals(target);
    }

    private static java.util.function.Predicate<StoredHistory.Held> msgid(String... msgids) {
        return h -> java.util.Arrays.asList(msgids).contains(h.msgid());
    }

    private long stat(String name) {
        return stats.snapshot().get(name);
    }

    @Test
    void aRowTheStoreRefusesIsDroppedAndCountedAndTheRestOfItsBatchAndWhatFollowsIsStored() throws Exception {
        try (Connection c = store.connection(); Statement s = c.createStatement()) {
            // What a CHECK, a NOT NULL or a type the column cannot take do: SQLITE_CONSTRAINT for this row only.
            s.execute("CREATE TRIGGER refuse_bad BEFORE INSERT ON history_chunk WHEN NEW.target = '#bad' "
                    + "BEGIN SELECT RAISE(ABORT, 'refused for the test'); END");
        }
        writer.offer(message("#good", "g1", 1000));
        writer.offer(message("#bad", "b1", 1001));
        writer.offer(message("#good", "g2", 1002));
        assertThat(writer.awaitStored(Duration.ofSeconds(10))).as("the batch holding the bad row is done with").isTrue();
        writer.offer(message("#good", "g3", 1003));
        writer.offer(message("#bad", "b2", 1004));
        assertThat(writer.awaitStored(Duration.ofSeconds(10))).as("and so is the next one").isTrue();

        assertThat(count(target("#good"))).isEqualTo(3);
        assertThat(count(target("#bad"))).isZero();
        assertThat(stat("history_rejected")).isEqualTo(2);
        assertThat(stat("history_stored")).isEqualTo(3);
        assertThat(stat("history_dropped")).isZero();
        assertThat(writer.isDown()).isFalse();
    }

    @Test
    void aMessageThatMakesTheWriterThrowIsDroppedAndTheWriterGoesOn() throws Exception {
        byte[] line = ":alice!a@h PRIVMSG #x :no conversation\r\n".getBytes(StandardCharsets.ISO_8859_1);
        writer.offer(message("#ok", "ok1", 1000));
        // A bug upstream: no conversation at all. Binding it throws a NullPointerException, not an SQLException.
        writer.offer(new StoredMessage(null, "broken", 1001, "PRIVMSG", null, line, null, false));
        writer.offer(message("#ok", "ok2", 1002));
        assertThat(writer.awaitStored(Duration.ofSeconds(10))).isTrue();
        writer.offer(message("#ok", "ok3", 1003));
        assertThat(writer.awaitStored(Duration.ofSeconds(10))).as("the writer still runs").isTrue();

        assertThat(count(target("#ok"))).isEqualTo(3);
        assertThat(count(msgid("broken"))).isZero();
        assertThat(stat("history_rejected")).isEqualTo(1);
        long started = System.nanoTime();
        writer.close(Duration.ofSeconds(5));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aRedactionQueuedRightAfterItsMessageDeletesItAndTheFurtherLinesOfAMultilineOne() throws Exception {
        writer.offer(message("#c", "keep", 1000));
        writer.offer(message("#c", "gone", 1001));
        writer.offer(message("#c", "gone-1", 1001)); // a multiline message's next lines
        writer.offer(message("#c", "gone-2", 1001));
        writer.offer(message("#c", "gone-x", 1002)); // another message whose id only starts alike
        assertThat(writer.forget("#c", -1, "gone")).isTrue(); // never blocks: queued behind the messages
        assertThat(writer.awaitStored(Duration.ofSeconds(10))).isTrue();
        assertThat(count(target("#c"))).isEqualTo(2);
        assertThat(count(msgid("keep", "gone-x"))).isEqualTo(2);
        assertThat(writer.forget("#c", 1000, "never-stored")).isTrue();
        assertThat(writer.forget("#c", 1000, "keep")).isTrue(); // its time known: only the chunks near it are searched
        assertThat(writer.awaitStored(Duration.ofSeconds(10))).isTrue();
        assertThat(count(msgid("keep"))).isZero();
        assertThat(writer.awaitStored(Duration.ofSeconds(10))).isTrue();
        assertThat(count(target("#c"))).isEqualTo(1);
        assertThat(stat("history_rejected")).isZero();
    }

    @Test
    void retentionDeletesEachConversationsOldestAndKeepsItsNewestInTheOrderTheyWereStored() throws Exception {
        long now = System.currentTimeMillis();
        long old = now - Duration.ofDays(2).toMillis();
        HistoryWriter kept = new HistoryWriter(store, 1000, Duration.ofDays(1), 3, stats);
        try {
            kept.offer(message("#a", "a-old", old));
            kept.offer(message("#a", "a-new", now - 10));
            kept.offer(message("#b", "b-old", old - 1));
            byte[] line = ":alice!a@h PRIVMSG bob :old\r\n".getBytes(StandardCharsets.ISO_8859_1);
            kept.offer(new StoredMessage(new Conversation.Private("a:alice", "alice", "a:bob", "bob"), "p-old", old,
                    "PRIVMSG", null, line, null, false));
            // #many: five in the last second, the last three in one millisecond, stored z, y, x
            kept.offer(message("#many", "m1", now - 900));
            kept.offer(message("#many", "m2", now - 800));
            kept.offer(message("#many", "z", now - 700));
            kept.offer(message("#many", "y", now - 700));
            kept.offer(message("#many", "x", now - 700));
            assertThat(kept.awaitStored(Duration.ofSeconds(10))).isTrue();
            kept.sweep(now);
            assertThat(count(h -> h.msgid().endsWith("-old"))).isZero();
            assertThat(count(msgid("a-new"))).isEqualTo(1);
            History history = History.of(store, kept, 0);
            assertThat(history.select(new HistoryQuery.Reader.OfChannel("#many"), new HistoryQuery(HistoryQuery.Kind.LATEST,
                    HistoryQuery.Ref.NONE, HistoryQuery.Ref.NONE, 10))).extracting(StoredMessage::msgid)
                    .containsExactly("z", "y", "x");
        } finally {
            kept.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void whileAnotherConnectionHoldsTheWriteLockNothingIsDroppedAndAllIsStoredOnceItIsReleased() throws Exception {
        writer.offer(message("#c", "before", 1000));
        assertThat(writer.awaitStored(Duration.ofSeconds(10))).isTrue();
        try (Connection locker = store.connection(); Statement s = locker.createStatement()) {
            s.execute("BEGIN IMMEDIATE"); // the write lock: the writer gets SQLITE_BUSY after the busy timeout
            for (int i = 0; i < 20; i++) {
                writer.offer(message("#c", "during-" + i, 2000 + i));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> stat("history_store_failures") >= 1);
            assertThat(writer.isDown()).isTrue();
            assertThat(writer.awaitStored(Duration.ofMillis(100))).isFalse();
            s.execute("ROLLBACK");
        }
        assertThat(writer.awaitStored(Duration.ofSeconds(20))).isTrue();
        assertThat(writer.isDown()).isFalse();
        assertThat(count(target("#c"))).isEqualTo(21);
        assertThat(stat("history_rejected")).isZero();
        assertThat(stat("history_dropped")).isZero();
    }

    @Test
    void aDamagedChunkFailsTheReadsOfItsChannelOnlyWithOneClearLine() throws Exception {
        writer.offer(message("#fine", "f1", 1000));
        assertThat(writer.awaitStored(Duration.ofSeconds(10))).isTrue();
        try (Connection c = store.connection(); java.sql.PreparedStatement ps = c.prepareStatement(ChunkRows.INSERT)) {
            ps.setString(1, "#hurt");
            ps.setLong(2, 1000);
            ps.setLong(3, 1);
            ps.setString(4, "h1");
            ps.setLong(5, 1000);
            ps.setInt(6, 1);
            ps.setString(7, " h1 ");
            ps.setBytes(8, new byte[] {1, 0, 0, 0, 1, 0}); // one message, cut short: a damaged file, a row by hand
            ps.executeUpdate();
        }
        History history = History.of(store, writer, 0);
        HistoryQuery latest = new HistoryQuery(HistoryQuery.Kind.LATEST, HistoryQuery.Ref.NONE, HistoryQuery.Ref.NONE, 10);
        assertThatThrownBy(() -> history.select(new HistoryQuery.Reader.OfChannel("#hurt"), latest))
                .isInstanceOf(History.Unavailable.class)
                .hasMessage("the history store holds a damaged history chunk of #hurt");
        assertThat(history.select(new HistoryQuery.Reader.OfChannel("#fine"), latest)).extracting(StoredMessage::msgid)
                .containsExactly("f1");
    }
}
