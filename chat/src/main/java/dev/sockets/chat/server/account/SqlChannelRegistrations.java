package dev.sockets.chat.server.account;

import dev.sockets.chat.protocol.CaseMapping;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Registered channels in the server's database (migration V3), SQL that SQLite and PostgreSQL both run.
 * A channel's state is saved as a whole, in one transaction, so a reader never sees half of it.
 *
 * <p>Thread-safe: each call takes its own connection from the pool.
 */
public final class SqlChannelRegistrations {

    private final DataSource db;

    public SqlChannelRegistrations(DataSource db) {
        this.db = db;
    }

    /** The registration of the channel {@code name}, if it is registered. */
    public Optional<ChannelRegistration> find(String name) {
        String key = CaseMapping.fold(name);
        return run(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT name, founder_key, registered_ms, topic, topic_set_by, "
                    + "topic_set_ms, flags, join_key, user_limit FROM registered_channels WHERE name_key = ?")) {
                s.setString(1, key);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    List<ChannelRegistration.Mask> masks = new ArrayList<>();
                    try (PreparedStatement m = c.prepareStatement("SELECT mode, mask, set_by, set_seconds "
                            + "FROM registered_channel_masks WHERE name_key = ? ORDER BY mode, set_seconds, mask")) {
                        m.setString(1, key);
                        try (ResultSet mr = m.executeQuery()) {
                            while (mr.next()) {
                                masks.add(new ChannelRegistration.Mask(mr.getString(1).charAt(0), mr.getString(2),
                                        mr.getString(3), mr.getLong(4)));
                            }
                        }
                    }
                    Set<String> ops = new HashSet<>();
                    try (PreparedStatement o = c.prepareStatement(
                            "SELECT account_key FROM registered_channel_operators WHERE name_key = ?")) {
                        o.setString(1, key);
                        try (ResultSet or = o.executeQuery()) {
                            while (or.next()) {
                                ops.add(or.getString(1));
                            }
                        }
                    }
                    return Optional.of(new ChannelRegistration(r.getString(1), r.getString(2), r.getLong(3),
                            r.getString(4), r.getString(5), r.getLong(6), r.getString(7), r.getString(8), r.getInt(9),
                            masks, ops));
                }
            }
        });
    }

    /** Registers a channel not registered yet; false (nothing changed) when it is. */
    public boolean register(ChannelRegistration reg) {
        return run(c -> transaction(c, () -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO registered_channels (name_key, name, founder_key, "
                    + "registered_ms, flags) VALUES (?, ?, ?, ?, '') ON CONFLICT DO NOTHING")) {
                s.setString(1, CaseMapping.fold(reg.name()));
                s.setString(2, reg.name());
                s.setString(3, CaseMapping.fold(reg.founder()));
                s.setLong(4, reg.registeredMillis());
                if (s.executeUpdate() != 1) {
                    return false;
                }
            }
            write(c, reg);
            return true;
        }));
    }

    /** Replaces the saved state of a registered channel (founder and registration time stay); false if not registered. */
    public boolean save(ChannelRegistration reg) {
        return run(c -> transaction(c, () -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM registered_channels WHERE name_key = ?")) {
                s.setString(1, CaseMapping.fold(reg.name()));
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return false;
                    }
                }
            }
            write(c, reg);
            return true;
        }));
    }

    /** Forgets a registered channel; false if it was not registered. */
    public boolean unregister(String name) {
        String key = CaseMapping.fold(name);
        return run(c -> transaction(c, () -> {
            delete(c, "registered_channel_masks", key);
            delete(c, "registered_channel_operators", key);
            return delete(c, "registered_channels", key) == 1;
        }));
    }

    private static void write(Connection c, ChannelRegistration reg) throws SQLException {
        String key = CaseMapping.fold(reg.name());
        try (PreparedStatement s = c.prepareStatement("UPDATE registered_channels SET topic = ?, topic_set_by = ?, "
                + "topic_set_ms = ?, flags = ?, join_key = ?, user_limit = ? WHERE name_key = ?")) {
            s.setString(1, reg.topic());
            s.setString(2, reg.topicSetBy());
            s.setLong(3, reg.topicSetMillis());
            s.setString(4, reg.flags());
            s.setString(5, reg.joinKey());
            s.setInt(6, reg.limit());
            s.setString(7, key);
            s.executeUpdate();
        }
        delete(c, "registered_channel_masks", key);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO registered_channel_masks (name_key, mode, mask, "
                + "set_by, set_seconds) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (ChannelRegistration.Mask m : reg.masks()) {
                s.setString(1, key);
                s.setString(2, String.valueOf(m.mode()));
                s.setString(3, m.mask());
                s.setString(4, m.setBy());
                s.setLong(5, m.setSeconds());
                s.executeUpdate();
            }
        }
        delete(c, "registered_channel_operators", key);
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO registered_channel_operators (name_key, account_key) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            for (String op : reg.operators()) {
                s.setString(1, key);
                s.setString(2, CaseMapping.fold(op));
                s.executeUpdate();
            }
        }
    }

    private static int delete(Connection c, String table, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE name_key = ?")) {
            s.setString(1, key);
            return s.executeUpdate();
        }
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private interface Step<T> {
        T run() throws SQLException;
    }

    private static <T> T transaction(Connection c, Step<T> step) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            T result = step.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private <T> T run(Work<T> work) {
        try (Connection c = db.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new AccountStoreException("the channel store failed: " + e.getMessage(), e);
        }
    }
}
