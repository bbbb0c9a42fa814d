package dev.sockets.chat.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A walk of {@link ChunkRows#page}: a channel's chunks with a first time in a range, in key order either way,
 * a few more per statement each time, leaving out those whose last message is before a time ({@link
 * #skipEndingBefore}). A walk has to go on for {@link ChannelChunks#SPAN_MS} beyond the messages it needs, as
 * a chunk that starts earlier can end later; on a busy channel that is hundreds of chunks, which are then
 * skipped by their {@code last_ms} instead of read and decoded (a BEFORE of 50 messages at 45 000 messages a
 * second took half a second of CPU).
 */
final class ChunkWalk {

    /**
     * Chunks of the first statement of a walk (a page of 50 messages is one chunk or two); each next one
     * reads twice as many, up to {@link #MAX}, so a long walk over small chunks is few statements.
     */
    private static final int FIRST = 8;
    private static final int MAX = 512;

    private final Connection c;
    private final String target;
    private final long highMillis;
    private final boolean ascending;
    private final List<ChunkRows.Stored> fetched = new ArrayList<>();
    private int at;
    private int size = FIRST;
    private ChunkRows.Stored last;
    private boolean exhausted;
    private long endingFrom;

    /** The chunks of {@code target} that can hold messages from {@code fromMillis} to {@code toMillis}. */
    ChunkWalk(Connection c, String target, long fromMillis, long toMillis, boolean ascending) {
        this.c = c;
        this.target = target;
        this.endingFrom = fromMillis;
        this.highMillis = toMillis;
        this.ascending = ascending;
    }

    /**
     * From the next statement on, leaves out the chunks whose last message is before {@code millis}: none of
     * their messages, nor a copy of one (a copy has its message's time), can be in the page any more. Such a
     * chunk starts at most {@link ChannelChunks#SPAN_MS} before it ends ({@link ChannelChunks#cut}), so the
     * statements' range of first times ends there too, and a descending walk ends within a chunk's span of
     * the page's last message instead of reading the key index down to the range's start.
     */
    void skipEndingBefore(long millis) {
        endingFrom = Math.max(endingFrom, millis);
    }

    /** The earliest first time a chunk that ends at or after {@link #endingFrom} can have. */
    private long lowMillis() {
        return endingFrom - ChannelChunks.SPAN_MS;
    }

    ChunkRows.Stored next() throws SQLException {
        if (at == fetched.size()) {
            if (exhausted) {
                return null;
            }
            fetch();
            if (fetched.isEmpty()) {
                return null;
            }
        }
        last = fetched.get(at++);
        return last;
    }

    private void fetch() throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql(ascending, last != null, size))) {
            int i = 1;
            ps.setString(i++, target);
            if (last == null) {
                ps.setLong(i++, ascending ? lowMillis() : highMillis);
            } else {
                ps.setLong(i++, last.firstMillis());
                ps.setLong(i++, last.firstSeq());
                ps.setString(i++, last.firstMsgid());
            }
            ps.setLong(i++, ascending ? highMillis : lowMillis());
            ps.setLong(i, endingFrom);
            fetched.clear();
            at = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    fetched.add(ChunkRows.stored(target, rs));
                }
            }
            exhausted = fetched.size() < size;
            size = Math.min(MAX, size * 2);
        }
    }

    /**
     * A step of a walk over a channel's chunks: from a first time on ({@code target, from, to}), or on from the
     * last chunk read ({@code target, its key, to}), the next {@code size} chunks in key order that end at or
     * after a time ({@code last_ms}, the last parameter).
     */
    static String sql(boolean ascending, boolean continuing, int size) {
        String dir = ascending ? " ASC" : " DESC";
        String order = " ORDER BY first_ms" + dir + ", first_seq" + dir + ", first_msgid" + dir;
        String from = !continuing ? (ascending ? "first_ms >= ?" : "first_ms <= ?")
                : "(" + ChunkRows.KEY + ") " + (ascending ? ">" : "<") + " (?, ?, ?)";
        String to = ascending ? "first_ms <= ?" : "first_ms >= ?";
        return "SELECT " + ChunkRows.ROW + " FROM history_chunk WHERE target = ? AND " + from + " AND " + to
                + " AND last_ms >= ?" + order + " LIMIT " + size;
    }
}
