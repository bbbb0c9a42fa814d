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
 * Messages are ordered by time, then by the order they were stored in ({@code seq}, then msgid: the table's
 * key), so messages of one millisecond keep the order they were delivered in. A {@code msgid} reference is looked up within the reader's conversation only: an id from
 * elsewhere selects nothing. SQL both SQLite and PostgreSQL run. Thread-safe.
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
            Where who = where(reader);
            Position a = position(c, who, query.first());
            int limit = query.limit();
            return switch (query.kind()) {
                case LATEST -> a == null && !(query.first() instanceof HistoryQuery.Ref.None) ? List.of()
                        : reversed(fetch(c, who, a == null ? null : a.after(), null, false, limit));
                case BEFORE -> a == null ? List.of() : reversed(fetch(c, who, a.before(), null, false, limit));
                case AFTER -> a == null ? List.of() : fetch(c, who, a.after(), null, true, limit);
                case AROUND -> {
                    if (a == null) {
                        yield List.of();
                    }
                    List<StoredMessage> before = reversed(fetch(c, who, a.before(), null, false, limit / 2));
                    List<StoredMessage> from = fetch(c, who, a.atOrAfter(), null, true, limit - limit / 2);
                    List<StoredMessage> all = new ArrayList<>(before);
                    all.addAll(from);
                    yield all;
                }
                case BETWEEN -> {
                    Position b = position(c, who, query.second());
                    if (a == null || b == null) {
                        yield List.of();
                    }
                    yield a.compareTo(b) <= 0 ? fetch(c, who, a.after(), b.before(), true, limit)
                            : reversed(fetch(c, who, a.before(), b.after(), false, limit));
                }
            };
        }
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
            if (!channels.isEmpty()) {
                String in = String.join(", ", Collections.nCopies(channels.size(), "?"));
                try (PreparedStatement ps = c.prepareStatement("SELECT target, MAX(time_ms) FROM history WHERE target IN ("
                        + in + ") GROUP BY target")) {
                    int i = 1;
                    for (String ch : channels) {
                        ps.setString(i++, ch);
                    }
                    collect(ps, true, latest);
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

    /** A conversation's rows as SQL: the condition and its parameters (strings and longs). */
    private record Where(String sql, List<Object> params) { }

    private static Where where(HistoryQuery.Reader reader) {
        return switch (reader) {
            case HistoryQuery.Reader.OfChannel ch -> ch.sinceMillis() == 0 ? new Where("target = ?", List.of(ch.folded()))
                    : new Where("target = ? AND time_ms >= ?", List.of(ch.folded(), ch.sinceMillis()));
            case HistoryQuery.Reader.Private p -> new Where(
                    "((sender_party = ? AND recipient_nick = ?) OR (recipient_party = ? AND sender_nick = ?))",
                    List.of(p.party(), p.otherNick(), p.party(), p.otherNick()));
        };
    }

    /**
     * Where a reference points: a message's place in its conversation's order, or a moment (no message).
     * Null for a msgid not in this conversation, and for {@code *}.
     */
    private static Position position(Connection c, Where who, HistoryQuery.Ref ref) throws SQLException {
        return switch (ref) {
            case HistoryQuery.Ref.None none -> null;
            case HistoryQuery.Ref.Timestamp ts -> new Position(ts.millis(), null);
            case HistoryQuery.Ref.Msgid m -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT time_ms, seq FROM history WHERE msgid = ? AND "
                        + who.sql())) {
                    ps.setString(1, m.msgid());
                    bind(ps, 2, who.params());
                    try (ResultSet rs = ps.executeQuery()) {
                        yield rs.next() ? new Position(rs.getLong(1), new Key(rs.getLong(2), m.msgid())) : null;
                    }
                }
            }
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

    /**
     * A point in time, optionally at one message of it. The comparisons are row values over the primary key's
     * columns, which both databases answer with a range of that key.
     */
    private record Position(long millis, Key at) implements Comparable<Position> {
        Bound after() {
            return compared(">");
        }

        Bound before() {
            return compared("<");
        }

        Bound atOrAfter() {
            return compared(">=");
        }

        private Bound compared(String op) {
            return at == null ? new Bound("time_ms " + op + " ?", List.of(millis))
                    : new Bound("(time_ms, seq, msgid) " + op + " (?, ?, ?)", List.of(millis, at.seq(), at.msgid()));
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

    private record Bound(String sql, List<Object> params) { }

    private static List<StoredMessage> fetch(Connection c, Where who, Bound lower, Bound upper, boolean ascending,
            int limit) throws SQLException {
        if (limit <= 0) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM history WHERE ").append(who.sql());
        if (lower != null) {
            sql.append(" AND ").append(lower.sql());
        }
        if (upper != null) {
            sql.append(" AND ").append(upper.sql());
        }
        String dir = ascending ? " ASC" : " DESC";
        sql.append(" ORDER BY time_ms").append(dir).append(", seq").append(dir).append(", msgid").append(dir).append(" LIMIT ?");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = bind(ps, 1, who.params());
            for (Bound b : new Bound[] {lower, upper}) {
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
