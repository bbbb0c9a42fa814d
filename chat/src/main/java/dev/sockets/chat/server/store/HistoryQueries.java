package dev.sockets.chat.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the history: the selections of {@link HistoryQuery} and the conversations a reader has (TARGETS).
 * Messages are ordered by time, then by the order they were stored in ({@code seq}, then msgid), so messages
 * of one millisecond keep the order they were delivered in. A channel's messages are read from its chunks
 * ({@link ChunkRows}), a private conversation's from its rows; the selections are the same for both. A
 * {@code msgid} reference is looked up within the reader's conversation only: an id from elsewhere selects
 * nothing. SQL both SQLite and PostgreSQL run. Thread-safe.
 */
public final class HistoryQueries {

    private static final String COLUMNS = "seq, target, sender_party, sender_nick, recipient_party, recipient_nick, "
            + "msgid, time_ms, command, account, line, client_tags, bot";

    private final Store store;

    public HistoryQueries(Store store) {
        this.store = store;
    }

    /** The messages {@code query} selects from {@code reader}'s conversation, oldest first. */
    public List<StoredMessage> select(HistoryQuery.Reader reader, HistoryQuery query) throws SQLException {
        try (Connection c = store.connection()) {
            // One snapshot for all the statements of a read: a walk over a channel's chunks is several, and a
            // chunk written again between two of them (a REDACT, retention) moves to a later key, which a
            // walk going the other way would not meet. SQLite's deferred transaction keeps its first read's
            // snapshot; PostgreSQL's default isolation does not, REPEATABLE READ does.
            c.setAutoCommit(false);
            if (store.dialect() == Dialect.POSTGRESQL) {
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
            try {
                return select(c, reader, query);
            } finally {
                c.rollback(); // nothing written; the pool sets autocommit and isolation back
            }
        }
    }

    private List<StoredMessage> select(Connection c, HistoryQuery.Reader reader, HistoryQuery query) throws SQLException {
        Source src = switch (reader) {
            case HistoryQuery.Reader.OfChannel ch -> new Chunks(c, store.dialect(), ch);
            case HistoryQuery.Reader.Private p -> new Rows(c, where(p));
        };
        Position a = position(src, query.first());
        int limit = query.limit();
        return switch (query.kind()) {
            case LATEST -> a == null && !(query.first() instanceof HistoryQuery.Ref.None) ? List.of()
                    : reversed(src.fetch(a == null ? null : a.after(), null, false, limit));
            case BEFORE -> a == null ? List.of() : reversed(src.fetch(a.before(), null, false, limit));
            case AFTER -> a == null ? List.of() : src.fetch(a.after(), null, true, limit);
            case AROUND -> {
                if (a == null) {
                    yield List.of();
                }
                List<StoredMessage> before = reversed(src.fetch(a.before(), null, false, limit / 2));
                List<StoredMessage> from = src.fetch(a.atOrAfter(), null, true, limit - limit / 2);
                List<StoredMessage> all = new ArrayList<>(before);
                all.addAll(from);
                yield all;
            }
            case BETWEEN -> {
                Position b = position(src, query.second());
                if (a == null || b == null) {
                    yield List.of();
                }
                yield a.compareTo(b) <= 0 ? src.fetch(a.after(), b.before(), true, limit)
                        : reversed(src.fetch(a.before(), b.after(), false, limit));
            }
        };
    }

    /** A conversation and the time of its latest message. */
    public record Target(String name, boolean channel, long latestMillis) { }

    /**
     * The conversations {@code party} can read whose latest message is strictly between {@code from} and
     * {@code to} (epoch ms): the given channels (folded) and its private conversations (by the other's
     * folded nick), ordered by that latest message, oldest first, at most {@code limit}.
     */
    public List<Target> targets(String party, Collection<String> channels, long from, long to, int limit)
            throws SQLException {
        Map<String, Target> latest = new HashMap<>();
        try (Connection c = store.connection()) {
            for (String ch : new java.util.TreeSet<>(channels)) {
                long t = ChunkRows.latest(c, ch);
                if (t >= 0) {
                    latest.put("c:" + ch, new Target(ch, true, t));
                }
            }
            if (party != null) {
                try (PreparedStatement ps = c.prepareStatement("SELECT recipient_nick, MAX(time_ms) FROM history "
                        + "WHERE sender_party = ? GROUP BY recipient_nick")) {
                    ps.setString(1, party);
                    collect(ps, false, latest);
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT sender_nick, MAX(time_ms) FROM history "
                        + "WHERE recipient_party = ? GROUP BY sender_nick")) {
                    ps.setString(1, party);
                    collect(ps, false, latest);
                }
            }
        }
        return latest.values().stream()
                .filter(t -> t.latestMillis() > from && t.latestMillis() < to)
                .sorted(java.util.Comparator.comparingLong(Target::latestMillis).thenComparing(Target::name))
                .limit(limit)
                .toList();
    }

    private static void collect(PreparedStatement ps, boolean channel, Map<String, Target> latest) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String name = rs.getString(1);
                long t = rs.getLong(2);
                String key = (channel ? "c:" : "n:") + name;
                Target was = latest.get(key);
                if (was == null || was.latestMillis() < t) {
                    latest.put(key, new Target(name, channel, t));
                }
            }
        }
    }

    /** Where a conversation's messages are read from, and how a bound is applied there. */
    private interface Source {
        /** The place of message {@code msgid} in the conversation, or null when it holds none. */
        Position position(String msgid) throws SQLException;

        /**
         * The first {@code limit} messages that meet both bounds (either may be null), in the order the
         * direction gives (newest first when descending).
         */
        List<StoredMessage> fetch(Bound one, Bound two, boolean ascending, int limit) throws SQLException;
    }

    /** A channel's messages: its chunks. */
    private record Chunks(Connection c, Dialect dialect, HistoryQuery.Reader.OfChannel channel) implements Source {
        @Override
        public Position position(String msgid) throws SQLException {
            StoredMessage m = ChunkRows.find(c, dialect, channel.folded(), channel.sinceMillis(), msgid);
            return m == null ? null : new Position(m.millis(), new Key(m.id(), m.msgid()));
        }

        @Override
        public List<StoredMessage> fetch(Bound one, Bound two, boolean ascending, int limit) throws SQLException {
            if (limit <= 0) {
                return List.of();
            }
            long from = channel.sinceMillis();
            long to = Long.MAX_VALUE;
            for (Bound b : new Bound[] {one, two}) {
                if (b != null && b.op().equals("<")) {
                    to = Math.min(to, b.at().millis());
                } else if (b != null) {
                    from = Math.max(from, b.at().millis());
                }
            }
            return ChunkRows.page(c, channel.folded(), from, to, ascending, limit,
                    m -> (one == null || one.test(m)) && (two == null || two.test(m)));
        }
    }

    /** A private conversation's messages: rows of {@code history}, read by their SQL condition. */
    private record Rows(Connection c, Where who) implements Source {
        @Override
        public Position position(String msgid) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("SELECT time_ms, seq FROM history WHERE msgid = ? AND "
                    + who.sql())) {
                ps.setString(1, msgid);
                bind(ps, 2, who.params());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new Position(rs.getLong(1), new Key(rs.getLong(2), msgid)) : null;
                }
            }
        }

        @Override
        public List<StoredMessage> fetch(Bound one, Bound two, boolean ascending, int limit) throws SQLException {
            if (limit <= 0) {
                return List.of();
            }
            StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM history WHERE ").append(who.sql());
            for (Bound b : new Bound[] {one, two}) {
                if (b != null) {
                    sql.append(" AND ").append(b.sql());
                }
            }
            String dir = ascending ? " ASC" : " DESC";
            sql.append(" ORDER BY time_ms").append(dir).append(", seq").append(dir).append(", msgid").append(dir)
                    .append(" LIMIT ?");
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int i = bind(ps, 1, who.params());
                for (Bound b : new Bound[] {one, two}) {
                    if (b != null) {
                        i = bind(ps, i, b.params());
                    }
                }
                ps.setInt(i, limit);
                List<StoredMessage> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(row(rs));
                    }
                }
                return out;
            }
        }
    }

    /** A private conversation's rows as SQL: the condition and its parameters (strings and longs). */
    private record Where(String sql, List<Object> params) { }

    private static Where where(HistoryQuery.Reader.Private p) {
        return new Where("((sender_party = ? AND recipient_nick = ?) OR (recipient_party = ? AND sender_nick = ?))",
                List.of(p.party(), p.otherNick(), p.party(), p.otherNick()));
    }

    /**
     * Where a reference points: a message's place in its conversation's order, or a moment (no message).
     * Null for a msgid not in this conversation, and for {@code *}.
     */
    private static Position position(Source src, HistoryQuery.Ref ref) throws SQLException {
        return switch (ref) {
            case HistoryQuery.Ref.None none -> null;
            case HistoryQuery.Ref.Timestamp ts -> new Position(ts.millis(), null);
            case HistoryQuery.Ref.Msgid m -> src.position(m.msgid());
        };
    }

    /**
     * A message's place among those of its millisecond: the order it was stored in, then (two nodes sharing a
     * store may both count to the same seq in one millisecond) its msgid.
     */
    private record Key(long seq, String msgid) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int bySeq = Long.compare(seq, o.seq);
            return bySeq != 0 ? bySeq : msgid.compareTo(o.msgid);
        }
    }

    /** A point in time, optionally at one message of it. */
    private record Position(long millis, Key at) implements Comparable<Position> {
        Bound after() {
            return new Bound(this, ">");
        }

        Bound before() {
            return new Bound(this, "<");
        }

        Bound atOrAfter() {
            return new Bound(this, ">=");
        }

        /** Where message {@code m} is relative to this point: negative before, 0 at it (or in its moment), positive after. */
        int place(StoredMessage m) {
            int byTime = Long.compare(m.millis(), millis);
            return byTime != 0 || at == null ? byTime : new Key(m.id(), m.msgid()).compareTo(at);
        }

        @Override
        public int compareTo(Position o) {
            int byTime = Long.compare(millis, o.millis);
            if (byTime != 0 || at == null || o.at == null) {
                return byTime != 0 ? byTime : at == null ? (o.at == null ? 0 : -1) : 1;
            }
            return at.compareTo(o.at);
        }
    }

    /**
     * The messages on one side of a point: in Java for a channel's chunks, as SQL for rows, where the row value
     * over the index's columns is a range of that index in both databases.
     */
    private record Bound(Position at, String op) {
        boolean test(StoredMessage m) {
            int place = at.place(m);
            return switch (op) {
                case ">" -> place > 0;
                case "<" -> place < 0;
                default -> place >= 0;
            };
        }

        String sql() {
            return at.at() == null ? "time_ms " + op + " ?" : "(time_ms, seq, msgid) " + op + " (?, ?, ?)";
        }

        List<Object> params() {
            return at.at() == null ? List.of(at.millis()) : List.of(at.millis(), at.at().seq(), at.at().msgid());
        }
    }

    private static int bind(PreparedStatement ps, int from, List<Object> params) throws SQLException {
        int i = from;
        for (Object p : params) {
            if (p instanceof Long n) {
                ps.setLong(i++, n);
            } else {
                ps.setString(i++, (String) p);
            }
        }
        return i;
    }

    private static StoredMessage row(ResultSet rs) throws SQLException {
        String senderParty = rs.getString("sender_party");
        Conversation where = senderParty == null ? new Conversation.OfChannel(rs.getString("target"))
                : new Conversation.Private(senderParty, rs.getString("sender_nick"), rs.getString("recipient_party"),
                        rs.getString("recipient_nick"));
        return new StoredMessage(where, rs.getLong("seq"), rs.getString("msgid"), rs.getLong("time_ms"),
                rs.getString("command"), rs.getString("account"), rs.getBytes("line"), rs.getString("client_tags"),
                rs.getInt("bot") != 0);
    }

    private static List<StoredMessage> reversed(List<StoredMessage> newestFirst) {
        List<StoredMessage> out = new ArrayList<>(newestFirst);
        Collections.reverse(out);
        return out;
    }
}
