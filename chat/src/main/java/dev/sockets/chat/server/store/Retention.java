package dev.sockets.chat.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the history keeps: messages no older than {@code maxAge} and, per conversation written since the last
 * sweep, only the newest {@code maxPerTarget}. Run by the writer's thread ({@link HistoryWriter}), at most
 * once a minute.
 */
final class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    private final Store store;
    private final Duration maxAge;
    private final int maxPerTarget;
    /** Channels and private conversations written since the last sweep (only with a limit per conversation). */
    private final Set<String> touchedChannels = new HashSet<>();
    private final Set<String> touchedPrivate = new HashSet<>();

    /**
     * @param maxAge messages older than this are deleted (null: kept)
     * @param maxPerTarget messages kept per conversation (0: no limit)
     */
    Retention(Store store, Duration maxAge, int maxPerTarget) {
        this.store = store;
        this.maxAge = maxAge;
        this.maxPerTarget = maxPerTarget;
    }

    /** True when there is a limit to apply. */
    boolean limits() {
        return maxAge != null || maxPerTarget > 0;
    }

    /** {@code written} was stored: its conversation is one the next sweep looks at. */
    void touch(StoredMessage written) {
        if (maxPerTarget > 0) {
            (written.where() instanceof Conversation.Private ? touchedPrivate : touchedChannels).add(written.where().key());
        }
    }

    /**
     * Deletes what retention no longer keeps; a failure is logged and tried again at the next sweep. Both
     * limits are ranges of a conversation's key (its oldest messages) and need no index of their own. By age,
     * a channel's chunks wholly older are deleted by that range and only those that straddle the limit are
     * read; by count, the chunks' counts say how far back the newest messages reach, and only the chunks
     * from there on are read. A channel's work is one transaction, as a chunk that holds messages on both
     * sides of a limit is written again without the old ones.
     */
    void sweep(long now) {
        try (Connection c = store.connection()) {
            int deleted = 0;
            if (maxAge != null) {
                long cutoff = now - maxAge.toMillis();
                try (PreparedStatement ps = c.prepareStatement(HistoryRows.OLDER_THAN)) {
                    for (String target : HistoryRows.targets(c)) {
                        ps.setString(1, target);
                        ps.setLong(2, cutoff);
                        deleted += ps.executeUpdate();
                    }
                }
                for (String channel : ChunkRows.targets(c)) {
                    deleted += perChannel(c, channel, () -> ChunkRows.deleteOlderThan(c, channel, cutoff));
                }
            }
            if (maxPerTarget > 0) {
                try (PreparedStatement last = c.prepareStatement(HistoryRows.LAST_KEPT);
                     PreparedStatement ps = c.prepareStatement(HistoryRows.UP_TO)) {
                    for (String target : touchedPrivate) {
                        last.setString(1, target);
                        last.setInt(2, maxPerTarget);
                        try (ResultSet rs = last.executeQuery()) {
                            if (rs.next()) {
                                ps.setString(1, target);
                                ps.setLong(2, rs.getLong(1));
                                ps.setLong(3, rs.getLong(2));
                                ps.setString(4, rs.getString(3));
                                deleted += ps.executeUpdate();
                            }
                        }
                    }
                }
                for (String channel : touchedChannels) {
                    deleted += perChannel(c, channel, () -> ChunkRows.keepNewest(c, channel, maxPerTarget));
                }
            }
            touchedPrivate.clear();
            touchedChannels.clear();
            if (deleted > 0) {
                log.debug("chat: history: retention deleted {} message(s)", deleted);
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("chat: history: retention failed in {}: {}", store, Store.firstLine(e.getMessage()));
        }
    }

    /**
     * One channel's retention, in a transaction; a chunk it cannot read (damaged) is logged and the sweep goes
     * on with the next channel, so one bad row does not stop the others being trimmed.
     */
    private int perChannel(Connection c, String channel, Transactions.Work<Integer> work) throws SQLException {
        try {
            return Transactions.run(c, work);
        } catch (IllegalArgumentException e) {
            log.warn("chat: history: retention skipped {} in {}: {}", channel, store, Store.firstLine(e.getMessage()));
            return 0;
        }
    }

}
