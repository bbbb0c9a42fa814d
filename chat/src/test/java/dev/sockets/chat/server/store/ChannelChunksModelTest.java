package dev.sockets.chat.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.common.testing.PostgresDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A channel's history read from its chunks equals the same messages in one sorted list, for every kind of
 * selection, whatever the chunks: batches whose times overlap (a message delivered late on another thread,
 * two nodes sharing a store), many messages in one millisecond, chunks cut by count and by span, a message
 * stored twice; and retention and REDACT leave what the list says. On SQLite and on PostgreSQL.
 */
@Timeout(120)
class ChannelChunksModelTest {

    @RegisterExtension
    static final PostgresDatabase pg = new PostgresDatabase();

    @TempDir
    Path tmp;

    private static final String CHANNEL = "#model";

    @Test
    void sqlite() throws Exception {
        try (Store store = Store.open(new StoreLocation.Embedded(tmp))) {
            check(store, 12);
        }
    }

    @Test
    void postgresql() throws Exception {
        try (Store store = Store.open(StoreLocation.of(pg.url(), Path.of("unused")))) {
            check(store, 12);
        }
    }

    /** Messages, as the model keeps them: the first stored copy of each msgid, in the history's order. */
    private final Map<String, StoredMessage> model = new HashMap<>();

    private List<StoredMessage> sorted() {
        return model.values().stream().sorted(ChannelChunks.ORDER).toList();
    }

    private void check(Store store, long seed) throws Exception {
        Random random = new Random(seed);
        long seq = 1_000;
        List<StoredMessage> all = new ArrayList<>();
        try (Connection c = store.connection()) {
            for (int batch = 0; batch < 60; batch++) {
                List<StoredMessage> messages = new ArrayList<>();
                int n = 1 + random.nextInt(random.nextInt(10) == 0 ? 700 : 40);
                long base = batch * 300L;
                for (int i = 0; i < n; i++) {
                    StoredMessage m;
                    if (!all.isEmpty() && random.nextInt(50) == 0) {
                        // recorded again (heard twice): a later seq, the same time; the first copy is the one kept
                        m = all.get(random.nextInt(all.size())).withId(seq++);
                    } else {
                        // times overlap the batches before and after; a few thousand messages share ~100 ms
                        long millis = base + random.nextInt(random.nextInt(4) == 0 ? 2_500 : 60);
                        m = message("m" + all.size(), millis).withId(seq++);
                        all.add(m);
                    }
                    messages.add(m);
                    model.putIfAbsent(m.msgid(), m);
                }
                ChunkRows.insert(c, CHANNEL, messages);
            }
        }
        HistoryQueries queries = new HistoryQueries(store);
        List<StoredMessage> sorted = sorted();
        for (int q = 0; q < 300; q++) {
            HistoryQuery.Kind kind = HistoryQuery.Kind.values()[random.nextInt(HistoryQuery.Kind.values().length)];
            HistoryQuery query = new HistoryQuery(kind, ref(random, sorted, kind == HistoryQuery.Kind.LATEST),
                    ref(random, sorted, false), 1 + random.nextInt(random.nextBoolean() ? 10 : 400));
            assertThat(ids(queries.select(new HistoryQuery.Reader.OfChannel(CHANNEL), query))).as(query.toString())
                    .isEqualTo(ids(expected(sorted, query)));
        }

        // REDACT of messages anywhere, a multiline one's lines in chunks of their own
        try (Connection c = store.connection()) {
            for (int i = 0; i < 20; i++) {
                StoredMessage gone = sorted.get(random.nextInt(sorted.size()));
                // a REDACT here knows the message's time; one heard from another node does not
                ChunkRows.forget(c, store.dialect(), CHANNEL, random.nextBoolean() ? gone.millis() : -1, gone.msgid());
                model.remove(gone.msgid());
            }
            ChunkRows.insert(c, CHANNEL, List.of(message("ml", 5_000).withId(seq++), message("ml-1", 5_000).withId(seq++)));
            ChunkRows.insert(c, CHANNEL, List.of(message("ml-2", 5_000).withId(seq++))); // a later batch, a chunk alone
            ChunkRows.insert(c, CHANNEL, List.of(message("ml-x", 5_000).withId(seq++), message("ml-10", 5_001).withId(seq++)));
            model.put("ml-x", message("ml-x", 5_000).withId(seq - 2)); // only named alike
            ChunkRows.forget(c, store.dialect(), CHANNEL, 5_000, "ml");
        }
        assertThat(ids(all(queries))).isEqualTo(ids(sorted()));

        // retention: by count, then by age, each exactly what the model keeps
        try (Connection c = store.connection()) {
            List<StoredMessage> now = sorted();
            int keep = now.size() * 2 / 3;
            ChunkRows.keepNewest(c, CHANNEL, keep);
            now.subList(0, now.size() - keep).forEach(m -> model.remove(m.msgid()));
            assertThat(ids(all(queries))).isEqualTo(ids(sorted()));
            long cutoff = sorted().get(keep / 2).millis();
            ChunkRows.deleteOlderThan(c, CHANNEL, cutoff);
            model.values().removeIf(m -> m.millis() < cutoff);
            assertThat(ids(all(queries))).isEqualTo(ids(sorted()));
        }
        assertThat(StoredHistory.all(store).stream().map(StoredHistory.Held::msgid).distinct().sorted())
                .as("no chunk holds a deleted message").containsExactlyElementsOf(model.keySet().stream().sorted().toList());
    }

    @Test
    void aQuietChannelsRetentionByCountReadsOnlyTheChunksNearTheLimit() throws Exception {
        try (Store store = Store.open(new StoreLocation.Embedded(tmp.resolve("quiet")))) {
            List<StoredMessage> all = new ArrayList<>();
            try (Connection c = store.connection()) {
                c.setAutoCommit(false);
                for (int i = 0; i < 12_000; i++) { // a message a minute: a chunk each
                    StoredMessage m = message("q" + i, 60_000L * i).withId(i);
                    ChunkRows.insert(c, CHANNEL, List.of(m));
                    all.add(m);
                }
                c.commit();
                c.setAutoCommit(true);
                assertThat(ChunkRows.keepNewest(c, CHANNEL, 20_000)).as("fewer than the limit").isZero();
                assertThat(ChunkRows.keepNewest(c, CHANNEL, 10_000)).isEqualTo(2_000);
            }
            assertThat(ids(all(new HistoryQueries(store)))).isEqualTo(ids(all.subList(2_000, 12_000)));
        }
    }

    @Test
    void aChunkWhoseKeyIsStoredAlreadyKeepsItsOtherMessagesAndARetriedOneIsNotStoredTwice() throws Exception {
        try (Store store = Store.open(new StoreLocation.Embedded(tmp.resolve("conflict")));
             Connection c = store.connection()) {
            StoredMessage m1 = message("k1", 1000).withId(1);
            StoredMessage m2 = message("k2", 1001).withId(2);
            StoredMessage m3 = message("k3", 1002).withId(3);
            ChunkRows.insert(c, CHANNEL, List.of(m1)); // stored alone, then its batch tried again
            ChunkRows.insert(c, CHANNEL, List.of(m1, m2, m3));
            ChunkRows.insert(c, CHANNEL, List.of(m1, m2, m3)); // and again, as it was
            assertThat(ids(all(new HistoryQueries(store)))).isEqualTo(ids(List.of(m1, m2, m3)));
            assertThat(StoredHistory.all(store)).hasSize(3);
        }
    }

    private static List<StoredMessage> all(HistoryQueries queries) throws Exception {
        return queries.select(new HistoryQuery.Reader.OfChannel(CHANNEL), new HistoryQuery(HistoryQuery.Kind.LATEST,
                HistoryQuery.Ref.NONE, HistoryQuery.Ref.NONE, 100_000));
    }

    /** A reference: a stored message's msgid, one not stored, a moment (often one that holds messages), or none. */
    private static HistoryQuery.Ref ref(Random random, List<StoredMessage> sorted, boolean noneAllowed) {
        int pick = random.nextInt(noneAllowed ? 4 : 3);
        StoredMessage m = sorted.get(random.nextInt(sorted.size()));
        return switch (pick) {
            case 0 -> new HistoryQuery.Ref.Msgid(random.nextInt(20) == 0 ? "unknown" : m.msgid());
            case 1, 2 -> new HistoryQuery.Ref.Timestamp(m.millis() + random.nextInt(3) - 1);
            default -> HistoryQuery.Ref.NONE;
        };
    }

    /** What the selection is by its definition ({@link HistoryQuery.Kind}), over one sorted list. */
    private static List<StoredMessage> expected(List<StoredMessage> sorted, HistoryQuery q) {
        Comparator<StoredMessage> order = ChannelChunks.ORDER;
        StoredMessage a = at(sorted, q.first());
        if (q.first() instanceof HistoryQuery.Ref.Msgid && a == null) {
            return List.of();
        }
        Predicate<StoredMessage> afterA = m -> place(m, q.first(), a, order) > 0;
        Predicate<StoredMessage> beforeA = m -> place(m, q.first(), a, order) < 0;
        int limit = q.limit();
        return switch (q.kind()) {
            case LATEST -> last(sorted.stream().filter(q.first() instanceof HistoryQuery.Ref.None ? m -> true : afterA)
                    .toList(), limit);
            case BEFORE -> last(sorted.stream().filter(beforeA).toList(), limit);
            case AFTER -> first(sorted.stream().filter(afterA).toList(), limit);
            case AROUND -> {
                List<StoredMessage> out = new ArrayList<>(last(sorted.stream().filter(beforeA).toList(), limit / 2));
                out.addAll(first(sorted.stream().filter(beforeA.negate()).toList(), limit - limit / 2));
                yield out;
            }
            case BETWEEN -> {
                StoredMessage b = at(sorted, q.second());
                if (q.second() instanceof HistoryQuery.Ref.Msgid && b == null || q.second() instanceof HistoryQuery.Ref.None
                        || q.first() instanceof HistoryQuery.Ref.None) {
                    yield List.of();
                }
                int ab = compare(q.first(), a, q.second(), b, order);
                List<StoredMessage> between = sorted.stream()
                        .filter(m -> ab <= 0 ? place(m, q.first(), a, order) > 0 && place(m, q.second(), b, order) < 0
                                : place(m, q.first(), a, order) < 0 && place(m, q.second(), b, order) > 0)
                        .toList();
                yield ab <= 0 ? first(between, limit) : last(between, limit);
            }
        };
    }

    private static StoredMessage at(List<StoredMessage> sorted, HistoryQuery.Ref ref) {
        return ref instanceof HistoryQuery.Ref.Msgid id
                ? sorted.stream().filter(m -> m.msgid().equals(id.msgid())).findFirst().orElse(null) : null;
    }

    /** Where {@code m} is relative to a reference: by time alone for a moment, by the whole order for a message. */
    private static int place(StoredMessage m, HistoryQuery.Ref ref, StoredMessage at, Comparator<StoredMessage> order) {
        return switch (ref) {
            case HistoryQuery.Ref.Timestamp ts -> Long.compare(m.millis(), ts.millis());
            case HistoryQuery.Ref.Msgid id -> order.compare(m, at);
            case HistoryQuery.Ref.None none -> 1;
        };
    }

    private static int compare(HistoryQuery.Ref r1, StoredMessage a, HistoryQuery.Ref r2, StoredMessage b,
            Comparator<StoredMessage> order) {
        long t1 = a != null ? a.millis() : ((HistoryQuery.Ref.Timestamp) r1).millis();
        long t2 = b != null ? b.millis() : ((HistoryQuery.Ref.Timestamp) r2).millis();
        if (t1 != t2 || (a == null && b == null)) {
            return Long.compare(t1, t2);
        }
        return a == null ? -1 : b == null ? 1 : order.compare(a, b);
    }

    private static List<StoredMessage> first(List<StoredMessage> l, int n) {
        return l.subList(0, Math.min(n, l.size()));
    }

    private static List<StoredMessage> last(List<StoredMessage> l, int n) {
        return l.subList(Math.max(0, l.size() - n), l.size());
    }

    private static List<String> ids(List<StoredMessage> messages) {
        return messages.stream().map(m -> m.msgid() + "@" + m.millis() + "/" + m.id()).toList();
    }

    private static StoredMessage message(String msgid, long millis) {
        byte[] line = (":alice!a@h PRIVMSG " + CHANNEL + " :" + msgid + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        return new StoredMessage(new Conversation.OfChannel(CHANNEL), msgid, millis, "PRIVMSG", null, line, null, false);
    }
}
