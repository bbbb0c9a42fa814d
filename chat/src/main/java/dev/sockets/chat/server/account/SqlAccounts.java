package dev.sockets.chat.server.account;

import dev.sockets.chat.protocol.CaseMapping;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link Accounts} in the server's database (tables {@code accounts} and {@code account_certificates},
 * migration V2): SQL that SQLite and PostgreSQL both run. A name is unique by its folded form; a create
 * that loses a race to another server or to {@code sockets chat account add} inserts nothing
 * ({@code ON CONFLICT DO NOTHING}) and says so. Deleting an account deletes its certificates in the same
 * transaction.
 *
 * <p>Thread-safe: each call takes its own connection from the pool.
 */
public final class SqlAccounts implements Accounts {

    private final DataSource db;

    public SqlAccounts(DataSource db) {
        this.db = db;
    }

    @Override
    public Optional<Account> find(String name) {
        return query(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT name, password_hash, created_ms FROM accounts WHERE name_key = ?")) {
                s.setString(1, CaseMapping.fold(name));
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Account(r.getString(1), r.getString(2), r.getLong(3),
                            certificates(c, CaseMapping.fold(name))));
                }
            }
        });
    }

    @Override
    public Optional<Account> findByCertificate(String fingerprint) {
        String key = query(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT name_key FROM account_certificates WHERE fingerprint = ?")) {
                s.setString(1, fingerprint);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? r.getString(1) : null;
                }
            }
        });
        return key == null ? Optional.empty() : find(key);
    }

    @Override
    public boolean create(String name, String passwordHash) {
        return update("INSERT INTO accounts (name_key, name, password_hash, created_ms) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING", CaseMapping.fold(name), name, passwordHash, System.currentTimeMillis()) == 1;
    }

    @Override
    public boolean setPassword(String name, String passwordHash) {
        return update("UPDATE accounts SET password_hash = ? WHERE name_key = ?", passwordHash,
                CaseMapping.fold(name)) == 1;
    }

    @Override
    public boolean delete(String name) {
        String key = CaseMapping.fold(name);
        return query(c -> {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                int n;
                try (PreparedStatement s = c.prepareStatement("DELETE FROM account_certificates WHERE name_key = ?")) {
                    s.setString(1, key);
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("DELETE FROM accounts WHERE name_key = ?")) {
                    s.setString(1, key);
                    n = s.executeUpdate();
                }
                c.commit();
                return n == 1;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        });
    }

    @Override
    public List<Account> list() {
        return query(c -> {
            Map<String, List<String>> certs = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT name_key, fingerprint FROM account_certificates ORDER BY fingerprint");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    certs.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(r.getString(2));
                }
            }
            List<Account> all = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT name_key, name, password_hash, created_ms FROM accounts ORDER BY name_key");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    all.add(new Account(r.getString(2), r.getString(3), r.getLong(4),
                            certs.getOrDefault(r.getString(1), List.of())));
                }
            }
            return all;
        });
    }

    @Override
    public boolean addCertificate(String name, String fingerprint) {
        String key = CaseMapping.fold(name);
        return query(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO account_certificates (fingerprint, name_key) "
                            + "SELECT ?, name_key FROM accounts WHERE name_key = ? ON CONFLICT DO NOTHING")) {
                s.setString(1, fingerprint);
                s.setString(2, key);
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean removeCertificate(String name, String fingerprint) {
        return update("DELETE FROM account_certificates WHERE fingerprint = ? AND name_key = ?", fingerprint,
                CaseMapping.fold(name)) == 1;
    }

    private static List<String> certificates(Connection c, String key) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT fingerprint FROM account_certificates WHERE name_key = ? ORDER BY fingerprint")) {
            s.setString(1, key);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        }
        return out;
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T query(Work<T> work) {
        try (Connection c = db.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new AccountStoreException("the account store failed: " + e.getMessage(), e);
        }
    }

    private int update(String sql, Object... values) {
        return query(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < values.length; i++) {
                    s.setObject(i + 1, values[i]);
                }
                return s.executeUpdate();
            }
        });
    }
}
