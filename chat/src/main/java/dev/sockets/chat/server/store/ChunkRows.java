package dev.sockets.chat.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The SQL of {@code history_chunk}, the channels' history ({@link ChannelChunks}): adding chunks, reading a
 * page of a channel, finding a msgid, deleting a message, retention. Every read walks a channel's chunks in
 * key order by a range of the table's key, a few rows per statement (so PostgreSQL sends only what is read),
 * and stops as soon as no further chunk can hold a message the page needs: a chunk's messages are all at
 * or after its first key and within {@link ChannelChunks#SPAN_MS} of it. SQL both SQLite and PostgreSQL run.
 */
final class ChunkRows {

    static final String INSERT = "INSERT INTO history_chunk (target, first_ms, first_seq, first_msgid, last_ms, messages, "
            + "msgids, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    /** A chunk's key, the order of every walk and of the unique index. */
    static final String KEY = "first_ms, first_seq, first_msgid";
    /** What a read of a chunk selects: its key and its messages. */
    static final String ROW = KEY + ", data";

    private ChunkRows() {
    }

    /** Adds {@code chunk} (in the caller's transaction); a chunk already stored, as by a retried batch, stays one. */
    static void insert(PreparedStatement insert, ChannelChunks.Chunk chunk) throws SQLException {
        bind(insert, chunk, ChannelChunks.encode(chunk.messages()));
        if (insert.executeUpdate() == 0 && chunk.messages().size() > 1 && !stored(insert.getConnection(), chunk)) {
            // A different chunk with this key is stored: this one's first message is (stored alone before its
            // batch was tried again). The others may not be: stored as chunks of their own; a copy of one
            // already stored is read once.
            for (ChannelChunks.Chunk rest : ChannelChunks.cut(chunk.target(),
                    chunk.messages().subList(1, chunk.messages().size()))) {
                insert(insert, rest);
            }
        }
    }

    /** Binds {@code chunk}'s row, its messages encoded as {@code data}, to the parameters of {@link #INSERT}. */
    static void bind(PreparedStatement insert, ChannelChunks.Chunk chunk, byte[] data) throws SQLException {
        insert.setString(1, chunk.target());
        insert.setLong(2, chunk.first().millis());
        insert.setLong(3, chunk.first().id());
        insert.setString(4, chunk.first().msgid());
        insert.setLong(5, chunk.last().millis());
        insert.setInt(6, chunk.messages().size());
        insert.setString(7, chunk.msgids());
        insert.setBytes(8, data);
    }

    /** True when the chunk stored under {@code chunk}'s key holds the same messages (a retried batch's). */
    private static boolean stored(Connection c, ChannelChunks.Chunk chunk) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT msgids FROM history_chunk WHERE target = ? AND "
                + "first_ms = ? AND first_seq = ? AND first_msgid = ?")) {
            ps.setString(1, chunk.target());
            ps.setLong(2, chunk.first().millis());
            ps.setLong(3, chunk.first().id());
            ps.setString(4, chunk.first().msgid());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getString(1).equals(chunk.msgids());
            }
        }
    }

    /** Adds {@code messages} of {@code target} (any order) as the chunks they make. */
    static void insert(Connection c, String target, List<StoredMessage> messages) throws SQLException {
        if (messages.isEmpty()) {
            return;
        }
        List<StoredMessage> sorted = new ArrayList<>(messages);
        sorted.sort(ChannelChunks.ORDER);
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (ChannelChunks.Chunk chunk : ChannelChunks.cut(target, sorted)) {
                insert(ps, chunk);
            }
        }
    }

    /** A chunk as read: its key and its messages. */
    record Stored(long firstMillis, long firstSeq, String firstMsgid, List<StoredMessage> messages) { }

    /**
     * The first {@code limit} messages of {@code target}'s history in one direction that {@code wanted}
     * takes, each msgid once (the copy stored first: a message stored twice is the one it was): ascending
     * from {@code fromMillis} on (up to {@code toMillis}), or descending from {@code toMillis} back (down to
     * {@code fromMillis}). Oldest first when ascending, newest first when descending.
     */
    static List<StoredMessage> page(Connection c, String target, long fromMillis, long toMillis, boolean ascending,
            int limit, Predicate<StoredMessage> wanted) throws SQLException {
        List<StoredMessage> found = new ArrayList<>();
        java.util.Map<String, StoredMessage> first = new java.util.HashMap<>();
        var order = ascending ? ChannelChunks.ORDER : ChannelChunks.ORDER.reversed();
        ChunkWalk walk = new ChunkWalk(c, target, fromMillis, toMillis, ascending);
        int unsorted = 0;
        for (Stored chunk; (chunk = walk.next()) != null; ) {
            if (found.size() >= limit && beyond(chunk, found.get(limit - 1), ascending)) {
                break;
            }
            // Every copy counts, wanted or not: a copy recorded later is no message when the first is elsewhere.
            for (StoredMessage m : chunk.messages()) {
                if (m.millis() >= fromMillis && m.millis() <= toMillis) {
                    first.merge(m.msgid(), m, (was, again) -> was.id() <= again.id() ? was : again);
                    unsorted++;
                }
            }
            // Sorted again once a page's worth has come in, not after every chunk: a page of 10 000 over
            // chunks of one message each would sort 10 000 times. Until then the page's last message is
            // the one of the last sort, never before the true one, so the walk stops no earlier than it may.
            if (unsorted >= limit) {
                found = top(first, wanted, order, limit);
                unsorted = 0;
                if (!ascending && found.size() >= limit) {
                    walk.skipEndingBefore(found.get(limit - 1).millis());
                }
            }
        }
        return top(first, wanted, order, limit);
    }

    private static List<StoredMessage> top(java.util.Map<String, StoredMessage> first, Predicate<StoredMessage> wanted,
            java.util.Comparator<StoredMessage> order, int limit) {
        List<StoredMessage> found = new ArrayList<>(first.values().stream().filter(wanted).toList());
        found.sort(order);
        if (found.size() > limit) {
            found.subList(limit, found.size()).clear();
        }
        return found;
    }

    /**
     * True when no message of {@code chunk} or of any chunk after it in the walk can come before {@code kth}
     * in the page: ascending, a later chunk's first key is at or after this one's, which is after kth's
     * time and seq; descending, a later chunk's messages are within {@link ChannelChunks#SPAN_MS} of a first
     * key at or before this one's.
     */
    private static boolean beyond(Stored chunk, StoredMessage kth, boolean ascending) {
        if (ascending) {
            return chunk.firstMillis() > kth.millis() || (chunk.firstMillis() == kth.millis() && chunk.firstSeq() > kth.id());
        }
        return chunk.firstMillis() + ChannelChunks.SPAN_MS < kth.millis();
    }

    /** A chunk of {@code target} from a row of the {@link #ROW} columns. */
    static Stored stored(String target, ResultSet rs) throws SQLException {
        return new Stored(rs.getLong(1), rs.getLong(2), rs.getString(3), ChannelChunks.decode(target, rs.getBytes(4)));
    }

    /**
     * The message {@code msgid} of {@code target} from {@code sinceMillis} on, or null: found by a substring
     * search of the channel's chunks' msgids, newest first, which stops at the first that holds it. A message
     * recorded twice (heard twice) has copies of the same time: the first one stored is the one the history
     * keeps ({@link #page}), so the chunks that can hold a copy are searched for it.
     */
    static StoredMessage find(Connection c, Dialect dialect, String target, long sinceMillis, String msgid)
            throws SQLException {
        StoredMessage newest = null;
        try (PreparedStatement ps = c.prepareStatement(find(dialect))) {
            ps.setString(1, target);
            ps.setLong(2, sinceMillis - ChannelChunks.SPAN_MS);
            ps.setString(3, ChannelChunks.needle(msgid));
            try (ResultSet rs = ps.executeQuery()) {
                newest = rs.next() ? copy(stored(target, rs), msgid, sinceMillis, null) : null;
            }
        }
        if (newest == null) {
            return null;
        }
        StoredMessage first = newest;
        try (PreparedStatement ps = c.prepareStatement(COPIES + dialect.contains("msgids"))) {
            ps.setString(1, target);
            ps.setLong(2, newest.millis() - ChannelChunks.SPAN_MS);
            ps.setLong(3, newest.millis());
            ps.setString(4, ChannelChunks.needle(msgid));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    first = copy(stored(target, rs), msgid, sinceMillis, first);
                }
            }
        }
        return first;
    }

    private static final String COPIES = "SELECT " + ROW + " FROM history_chunk WHERE target = ? AND first_ms >= ? AND "
            + "first_ms <= ? AND ";

    /** The copy of {@code msgid} in {@code chunk} stored first, or {@code best} when that was stored earlier. */
    private static StoredMessage copy(Stored chunk, String msgid, long sinceMillis, StoredMessage best) {
        for (StoredMessage m : chunk.messages()) {
            if (m.msgid().equals(msgid) && m.millis() >= sinceMillis && (best == null || m.id() < best.id())) {
                best = m;
            }
        }
        return best;
    }

    /** {@link #find}'s statement ({@code target, since, needle}). */
    static String find(Dialect dialect) {
        return "SELECT " + ROW + " FROM history_chunk WHERE target = ? AND first_ms >= ? AND " + dialect.contains("msgids")
                + " ORDER BY first_ms DESC, first_seq DESC, first_msgid DESC LIMIT 1";
    }

    /** {@link #latest}'s statement ({@code target, target}). */
    static final String LATEST = "SELECT MAX(last_ms) FROM history_chunk WHERE target = ? AND first_ms >= (SELECT "
            + "MAX(first_ms) FROM history_chunk WHERE target = ?) - " + ChannelChunks.SPAN_MS;

    /** The time of {@code target}'s newest message, or -1 when it has none. */
    static long latest(Connection c, String target) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LATEST)) {
            ps.setString(1, target);
            ps.setString(2, target);
            try (ResultSet rs = ps.executeQuery()) {
                long t = rs.next() ? rs.getLong(1) : 0;
                return rs.wasNull() ? -1 : t;
            }
        }
    }

    /**
     * Deletes the message {@code msgid} of {@code channel} with the further lines of a multiline one
     * ({@code msgid-1}, {@code msgid-2} ...): each chunk that holds one is written again without it. A
     * substring search of the channel's chunks' msgids: those within {@link ChannelChunks#SPAN_MS} of the
     * message's time when it is known ({@code millis} ≥ 0, a REDACT on this node: a few rows), else all of
     * them (a REDACT heard from another node, whose line has no time).
     */
    static void forget(Connection c, Dialect dialect, String channel, long millis, String msgid) throws SQLException {
        List<Stored> holding = new ArrayList<>();
        String near = millis >= 0 ? " AND first_ms >= ? AND first_ms <= ?" : "";
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ROW + " FROM history_chunk WHERE target = ?" + near
                + " AND (" + dialect.contains("msgids") + " OR " + dialect.contains("msgids") + ")")) {
            int i = 1;
            ps.setString(i++, channel);
            if (millis >= 0) {
                ps.setLong(i++, millis - ChannelChunks.SPAN_MS);
                ps.setLong(i++, millis + ChannelChunks.SPAN_MS);
            }
            ps.setString(i++, ChannelChunks.needle(msgid));
            ps.setString(i, " " + msgid + "-");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    holding.add(stored(channel, rs));
                }
            }
        }
        for (Stored chunk : holding) {
            rewrite(c, channel, chunk, m -> !isLineOf(m.msgid(), msgid));
        }
    }

    /**
     * True for {@code msgid} itself and its further lines, {@code msgid-1}, {@code msgid-2} ...: one may be in
     * a chunk of its own (stored in another batch), so a line is known by its name, not by its neighbours.
     */
    static boolean isLineOf(String id, String msgid) {
        if (id.equals(msgid)) {
            return true;
        }
        if (id.length() <= msgid.length() + 1 || !id.startsWith(msgid) || id.charAt(msgid.length()) != '-'
                || id.charAt(msgid.length() + 1) == '0') {
            return false;
        }
        for (int i = msgid.length() + 1; i < id.length(); i++) {
            if (id.charAt(i) < '0' || id.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Writes {@code chunk} of {@code target} again with only the messages {@code keep} takes (none: deletes it). */
    static int rewrite(Connection c, String target, Stored chunk, Predicate<StoredMessage> keep) throws SQLException {
        List<StoredMessage> kept = chunk.messages().stream().filter(keep).toList();
        if (kept.size() == chunk.messages().size()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM history_chunk WHERE target = ? AND first_ms = ? AND "
                + "first_seq = ? AND first_msgid = ?")) {
            ps.setString(1, target);
            ps.setLong(2, chunk.firstMillis());
            ps.setLong(3, chunk.firstSeq());
            ps.setString(4, chunk.firstMsgid());
            if (ps.executeUpdate() != 1) {
                return 0; // written again meanwhile by another node sharing the store: its version stands
            }
        }
        insert(c, target, kept);
        return chunk.messages().size() - kept.size();
    }

    /** Retention by age: deletes {@code target}'s messages older than {@code cutoffMillis}; how many. */
    static int deleteOlderThan(Connection c, String target, long cutoffMillis) throws SQLException {
        int deleted = deleteWhole(c, target, "first_ms < ? AND last_ms < ?", cutoffMillis, cutoffMillis);
        // What is left with a first message older than the cutoff holds newer ones too: written again without.
        for (Stored chunk : chunks(c, target, "first_ms < ?", cutoffMillis)) {
            deleted += rewrite(c, target, chunk, m -> m.millis() >= cutoffMillis);
        }
        return deleted;
    }

    /** Deletes the chunks of {@code target} that {@code where} (over times) selects; how many messages they held. */
    private static int deleteWhole(Connection c, String target, String where, long... millis) throws SQLException {
        int deleted;
        try (PreparedStatement count = c.prepareStatement("SELECT COALESCE(SUM(messages), 0) FROM history_chunk "
                + "WHERE target = ? AND " + where);
             PreparedStatement ps = c.prepareStatement("DELETE FROM history_chunk WHERE target = ? AND " + where)) {
            for (PreparedStatement s : new PreparedStatement[] {count, ps}) {
                s.setString(1, target);
                for (int i = 0; i < millis.length; i++) {
                    s.setLong(i + 2, millis[i]);
                }
            }
            try (ResultSet rs = count.executeQuery()) {
                deleted = rs.next() ? rs.getInt(1) : 0;
            }
            ps.executeUpdate();
        }
        return deleted;
    }

    /** The chunks of {@code target} that {@code where} (over times) selects, read whole. */
    private static List<Stored> chunks(Connection c, String target, String where, long... millis) throws SQLException {
        List<Stored> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + ROW + " FROM history_chunk WHERE target = ? AND "
                + where)) {
            ps.setString(1, target);
            for (int i = 0; i < millis.length; i++) {
                ps.setLong(i + 2, millis[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(stored(target, rs));
                }
            }
        }
        return out;
    }

    /** {@link #keepNewest}'s count of a channel's messages, newest chunk first ({@code target, keep}). */
    static final String REACH = "SELECT first_ms FROM (SELECT first_ms, SUM(messages) OVER (ORDER BY first_ms DESC, "
            + "first_seq DESC, first_msgid DESC) AS n FROM history_chunk WHERE target = ?) counted WHERE n >= ? "
            + "ORDER BY n LIMIT 1";

    /** Retention by count: deletes all but {@code target}'s newest {@code keep} messages; how many. */
    static int keepNewest(Connection c, String target, int keep) throws SQLException {
        // How far back the newest keep messages reach, from the chunks' counts alone (none decoded): at least
        // keep messages are at or after the first time of the chunk where the count, newest first, reaches
        // keep. Fewer in all: nothing to delete.
        long reach;
        try (PreparedStatement ps = c.prepareStatement(REACH)) {
            ps.setString(1, target);
            ps.setInt(2, keep);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return 0;
                }
                reach = rs.getLong(1);
            }
        }
        // The keep-th newest message, the oldest one kept, read from that time on; counts include copies of a
        // message recorded twice, so when those leave fewer than keep, from the beginning.
        List<StoredMessage> newest = page(c, target, reach - ChannelChunks.SPAN_MS, Long.MAX_VALUE, false, keep,
                m -> true);
        if (newest.size() < keep) {
            newest = page(c, target, Long.MIN_VALUE + ChannelChunks.SPAN_MS, Long.MAX_VALUE, false, keep, m -> true);
            if (newest.size() < keep) {
                return 0;
            }
        }
        StoredMessage oldestKept = newest.get(keep - 1);
        long wholly = oldestKept.millis() - ChannelChunks.SPAN_MS; // a chunk that starts before ends before it
        int deleted = deleteWhole(c, target, "first_ms < ?", wholly);
        List<Stored> near = chunks(c, target, "first_ms <= ?", oldestKept.millis());
        // A later copy of a message (recorded twice) goes with the message: its first copy may be older than
        // the oldest kept while it is not. Copies share their time, so they are in these chunks.
        Set<String> kept = new HashSet<>();
        for (StoredMessage m : newest) {
            kept.add(m.msgid());
        }
        for (Stored chunk : near) {
            deleted += rewrite(c, target, chunk, m -> ChannelChunks.ORDER.compare(m, oldestKept) >= 0
                    && kept.contains(m.msgid()));
        }
        return deleted;
    }

    /** {@link #targets}'s statement. */
    static final String TARGETS = "WITH RECURSIVE t(target) AS (SELECT MIN(target) FROM history_chunk UNION ALL SELECT "
            + "(SELECT MIN(h.target) FROM history_chunk h WHERE h.target > t.target) FROM t WHERE t.target IS NOT NULL) "
            + "SELECT target FROM t WHERE target IS NOT NULL";

    /** Every channel that has history: one key seek each (a loose index scan). */
    static List<String> targets(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(TARGETS);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
