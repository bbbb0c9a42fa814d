package dev.sockets.chat.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.sockets.common.server.ServerStats;
import dev.sockets.common.testing.PostgresDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The history writer and queries on a real PostgreSQL, and what happens when it goes away: messages keep
 * coming (chat goes on), the outage is counted, what waited in the buffer is stored once it is back, and
 * only what arrives while the buffer is full is dropped, counted.
 */
@Timeout(90)
class PostgresHistoryTest {

    /** Its own server: the tests take it away from the store and give it back. */
    @RegisterExtension
    static final PostgresDatabase pg = PostgresDatabase.ownServer();

    private static StoredMessage message(String channel, String msgid, long millis, String text) {
        byte[] line = (":alice!a@h PRIVMSG " + channel + " :" + text + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        return new StoredMessage(new Conversation.OfChannel(channel), msgid, millis, "PRIVMSG", null, line, null, false);
    }

    private static long count(Store store, String channel) throws Exception {
        return StoredHistory.count(store, h -> h.target().equals(channel));
    }

    @Test
    void aConnectionTheDatabaseEndedWhileTheWriterWasIdleIsReplacedWithoutAnOutage() throws Exception {
        try (Store store = Store.open(StoreLocation.of(pg.url(), Path.of("unused")))) {
            ServerStats stats = new ServerStats("chat");
            HistoryWriter writer = new HistoryWriter(store, 50, null, 0, stats);
            History history = History.of(store, writer, 0);
            history.record(message("#idle", "idle-0", 1000, "before the pause"));
            assertThat(writer.awaitStored(Duration.ofSeconds(10))).isTrue();
            long storedAt = System.nanoTime();

            // What a restart of the database or its idle_session_timeout does to the connection the writer keeps.
            assertThat(pg.psql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    + "WHERE application_name = 'sockets-chat' AND pid <> pg_backend_pid()")).isNotEqualTo("0");
            // A pause longer than the pool's own half second, in which the writer had nothing to store.
            await().pollDelay(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5))
                    .until(() -> System.nanoTime() - storedAt >= 600_000_000L);
            history.record(message("#idle", "idle-1", 2000, "after the pause"));
            assertThat(writer.awaitStored(Duration.ofSeconds(10))).isTrue();

            assertThat(count(store, "#idle")).isEqualTo(2);
            assertThat(stats.snapshot()).containsEntry("history_store_failures", 0L);
            assertThat(writer.isDown()).isFalse();
            writer.close();
        }
    }

    @Test
    void messagesOfferedWhileTheDatabaseIsDownAreStoredWhenItIsBackAndTheOverflowIsCounted() throws Exception {
        CapturedLog logged = new CapturedLog();
        try (Store store = Store.open(StoreLocation.of(pg.url(), Path.of("unused")))) {
            ServerStats stats = new ServerStats("chat");
            HistoryWriter writer = new HistoryWriter(store, 50, null, 0, stats);
            History history = History.of(store, writer, 0);
            history.record(message("#up", "up-0", 1000, "before"));
            assertThat(writer.awaitStored(Duration.ofSeconds(10))).isTrue();
            assertThat(count(store, "#up")).isEqualTo(1);

            pg.stop();
            for (int i = 0; i < 50; i++) {
                history.record(message("#down", "down-" + i, 2000 + i, "while down " + i)); // never blocks
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> stats.snapshot().get("history_store_failures") >= 1);
            assertThat(writer.isDown()).isTrue();
            for (int i = 50; i < 130; i++) {
                history.record(message("#down", "down-" + i, 2000 + i, "while down " + i));
            }
            // kept: the batch being retried and a full buffer of 50; the rest was dropped, counted
            long dropped = stats.snapshot().get("history_dropped");
            assertThat(dropped).isBetween(30L, 80L);

            pg.restart();
            assertThat(writer.awaitStored(Duration.ofSeconds(30))).isTrue();
            assertThat(writer.isDown()).isFalse();
            assertThat(count(store, "#down")).isEqualTo(130 - dropped);
            List<StoredMessage> read = history.select(new HistoryQuery.Reader.OfChannel("#down"),
                    new HistoryQuery(HistoryQuery.Kind.LATEST, HistoryQuery.Ref.NONE, HistoryQuery.Ref.NONE, 100));
            // the oldest were kept, in order; the newest were the ones dropped
            assertThat(read).extracting(StoredMessage::msgid).first().isEqualTo("down-0");
            assertThat(read).extracting(StoredMessage::millis).isSorted();
            writer.close();
        } finally {
            logged.close();
        }
        // The operator reads the outage and the recovery in a line each: no library's stack trace with them.
        List<ILoggingEvent> events;
        events = logged.events();
        assertThat(events).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(ILoggingEvent::getFormattedMessage).anyMatch(m -> m.contains("cannot store messages"));
        assertThat(events).filteredOn(e -> e.getThrowableProxy() != null)
                .extracting(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).isEmpty();
    }

    @Test
    void retentionKeepsTheNewestPerConversationAndNothingOlderThanTheMaximumAge() throws Exception {
        try (Store store = Store.open(StoreLocation.of(pg.url(), Path.of("unused")))) {
            ServerStats stats = new ServerStats("chat");
            long now = System.currentTimeMillis();
            HistoryWriter writer = new HistoryWriter(store, 1000, Duration.ofDays(1), 3, stats);
            History history = History.of(store, writer, 0);
            history.record(message("#old", "old-1", now - Duration.ofDays(2).toMillis(), "too old"));
            for (int i = 0; i < 6; i++) {
                history.record(message("#many", "many-" + i, now - 1000 + i, "m" + i));
            }
            assertThat(writer.awaitStored(Duration.ofSeconds(10))).isTrue();
            writer.sweep(now);
            assertThat(count(store, "#old")).isZero();
            assertThat(StoredHistory.count(store, h -> h.target().equals("#many"))).isEqualTo(3);
            assertThat(history.select(new HistoryQuery.Reader.OfChannel("#many"), new HistoryQuery(HistoryQuery.Kind.LATEST,
                    HistoryQuery.Ref.NONE, HistoryQuery.Ref.NONE, 10))).extracting(StoredMessage::msgid)
                    .containsExactly("many-3", "many-4", "many-5");
            writer.close();
        }
    }
}
