package dev.sockets.chat.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;

/**
 * The open store: a pool of JDBC connections to a database migrated to this server's schema.
 *
 * <p>{@link #open} does everything that can fail for a reason the user must fix before the server
 * starts (a data directory that cannot be created, a file that is not a database or is some other
 * program's, a schema newer than this server, a PostgreSQL that is unreachable or refuses the login) and
 * reports it as one {@link StoreException} line. After that, a failing statement is a run-time outage:
 * the caller counts it and goes on.
 *
 * <p>Thread-safe: connections come from the pool, each used by one thread at a time; SQLite runs in WAL
 * mode, so readers never wait for the writer. {@link #close} closes the pool (idempotent).
 */
public final class Store implements AutoCloseable {

    /** Flyway's bookkeeping table, the one a database of ours always has. */
    static final String SCHEMA_TABLE = "flyway_schema_history";
    // The history writer keeps one (two while it sweeps); the rest serve reads, accounts and channels.
    private static final int SQLITE_POOL = 5;
    private static final int POSTGRES_POOL = 8;
    private static final long CONNECT_TIMEOUT_MS = 5_000;
    /**
     * How long a PostgreSQL connection waits for the next bytes of an answer before it is given up as lost
     * (SQL state 08006, transient: the history writer counts an outage and retries). Without it a network
     * that drops packets silently holds a batch until TCP gives up, minutes later, or for ever while the
     * peer's kernel still acknowledges. The statements are index ranges with a LIMIT, batches of at most
     * 1000 rows and retention's deletes, one conversation's oldest range each: milliseconds, so twice the
     * connect timeout is a lost network, a stalled server or a lock held by a schema upgrade elsewhere, all
     * outages. Two may legitimately take longer: a migration, which runs without it, and the first retention
     * sweep over a very large backlog of one conversation, which fails (logged) and is tried a minute later.
     */
    static final long SOCKET_TIMEOUT_MS = 10_000;

    private final StoreLocation location;
    private final Dialect dialect;
    private final HikariDataSource pool;
    private final String schemaVersion;

    private Store(StoreLocation location, Dialect dialect, HikariDataSource pool, String schemaVersion) {
        this.location = location;
        this.dialect = dialect;
        this.pool = pool;
        this.schemaVersion = schemaVersion;
    }

    /**
     * Opens the store at {@code location}, creating the data directory and the file on first start, and
     * migrates it to the latest schema version.
     *
     * @throws StoreException with one line a user can act on
     */
    public static Store open(StoreLocation location) {
        return switch (location) {
            case StoreLocation.Embedded embedded -> openAlone(embedded);
            case StoreLocation.Postgres postgres -> migrated(location, Dialect.POSTGRESQL, postgresPool(postgres));
        };
    }

    private static Store migrated(StoreLocation location, Dialect dialect, HikariDataSource pool) {
        try {
            return new Store(location, dialect, pool, migrate(location, dialect, pool));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** Connections to the database; each {@link DataSource#getConnection()} must be closed by its caller. */
    public DataSource dataSource() {
        return pool;
    }

    public Dialect dialect() {
        return dialect;
    }

    public StoreLocation location() {
        return location;
    }

    /** The schema version the database is at, e.g. {@code 1}. */
    public String schemaVersion() {
        return schemaVersion;
    }

    /** A connection from the pool; the caller closes it. */
    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return location.describe();
    }

    private static void prepareDataDir(StoreLocation.Embedded embedded) {
        Path dir = embedded.dataDir();
        Path file = embedded.file();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new StoreException("--data-dir " + dir + ": not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (AccessDeniedException e) {
            throw new StoreException("--data-dir " + dir + ": cannot create it: permission denied");
        } catch (FileSystemException e) {
            throw new StoreException("--data-dir " + dir + ": cannot create it: " + reason(e));
        } catch (IOException e) {
            throw new StoreException("--data-dir " + dir + ": cannot create it: " + e.getMessage());
        }
        if (!Files.isWritable(dir)) {
            throw new StoreException("--data-dir " + dir + ": not writable");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new StoreException(file + ": not a regular file");
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new StoreException(file + ": not writable");
        }
    }

    private static HikariDataSource sqlitePool(StoreLocation.Embedded embedded) {
        Path file = embedded.file();
        HikariConfig config = baseConfig("chat-store-sqlite", SQLITE_POOL);
        config.setJdbcUrl("jdbc:sqlite:" + file);
        // WAL: readers never block the writer nor it them, and a copy of the file plus its -wal is
        // consistent. synchronous=NORMAL in WAL survives a crash of the process (not of the machine).
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("synchronous", "NORMAL");
        config.addDataSourceProperty("busy_timeout", "5000");
        config.addDataSourceProperty("foreign_keys", "true");
        // Nothing reads generated keys; with them on, the driver runs a query after every INSERT (8 % of the
        // history writer's CPU, JFR).
        config.addDataSourceProperty("jdbc.get_generated_keys", "false");
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            SQLException sql = sqlCause(e);
            String why = sql == null ? String.valueOf(e.getMessage()) : sql.getMessage();
            if (why != null && (why.contains("SQLITE_NOTADB") || why.contains("SQLITE_CORRUPT"))) {
                throw new StoreException(file + ": not a SQLite database, or a damaged one (move it away, or point "
                        + "--data-dir elsewhere)");
            }
            throw new StoreException(file + ": cannot open: " + firstLine(why));
        }
    }

    private static HikariDataSource postgresPool(StoreLocation.Postgres pg) {
        HikariConfig config = baseConfig("chat-store-postgresql", POSTGRES_POOL);
        config.setJdbcUrl(pg.jdbcUrl());
        config.setUsername(pg.user());
        config.setPassword(pg.password());
        config.addDataSourceProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT_MS / 1000));
        config.addDataSourceProperty("loginTimeout", Long.toString(CONNECT_TIMEOUT_MS / 1000));
        // The pool's check of a connection it hands out after a pause is bounded on its own (its
        // validationTimeout, 5 s); this bounds a connection in use.
        config.addDataSourceProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT_MS / 1000));
        config.addDataSourceProperty("ApplicationName", "sockets-chat");
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            SQLException sql = sqlCause(e);
            String state = sql == null ? "" : String.valueOf(sql.getSQLState());
            String where = pg.describe();
            if (state.startsWith("28")) {
                throw new StoreException(where + ": the login was refused (check the user and password of --store)");
            }
            if (state.equals("3D000")) {
                throw new StoreException(where + ": no such database (create it: createdb -O " + pg.user() + " "
                        + pg.database() + ")");
            }
            if (state.startsWith("08")) {
                throw new StoreException(where + ": cannot connect: " + firstLine(sql.getMessage()));
            }
            throw new StoreException(where + ": cannot open: "
                    + firstLine(sql == null ? String.valueOf(e.getMessage()) : sql.getMessage()));
        }
    }

    private static HikariConfig baseConfig(String name, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        // Fail at start, with the first connection's error, rather than start a server without its store
        // (one attempt: a wrong password or a file that is not a database does not get better by retrying).
        config.setInitializationFailTimeout(1);
        return config;
    }

    /**
     * Opens and migrates the embedded file while holding {@code DIR/chat.db.lock}. A server starting on a new
     * data directory and {@code sockets chat account add} run at the same moment would otherwise race twice:
     * the first connection to a new file switches it to WAL, which needs the file alone (SQLite answers
     * SQLITE_BUSY at once rather than wait, since waiting could deadlock), and Flyway does not lock an SQLite
     * database, so both would apply V1 (the second failing halfway). Once the file is in WAL mode and at the
     * latest schema, later opens change nothing; the lock is released as soon as the schema is current.
     */
    private static Store openAlone(StoreLocation.Embedded embedded) {
        prepareDataDir(embedded);
        Path lockFile = embedded.dataDir().resolve(StoreLocation.EMBEDDED_FILE + ".lock");
        // A file lock is held by the process: threads of one process (tests, two stores) take turns first.
        synchronized (MIGRATING) {
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock held = ch.lock()) {
                return migrated(embedded, Dialect.SQLITE, sqlitePool(embedded));
            } catch (IOException e) {
                throw new StoreException(lockFile + ": cannot lock for opening the store: " + e.getMessage(), e);
            }
        }
    }

    private static final Object MIGRATING = new Object();

    /** Brings the schema to the latest version; refuses a foreign database and a newer schema. */
    private static String migrate(StoreLocation location, Dialect dialect, DataSource ds) {
        String where = location instanceof StoreLocation.Embedded e ? e.file().toString() : location.describe();
        if (dialect == Dialect.POSTGRESQL) {
            // Upgrading a large history (V5 copies every row) takes as long as it takes: the server is not
            // serving yet, and a migration cut off by the socket timeout would be rolled back and fail the start.
            ds = new WithoutSocketTimeout(ds);
        }
        List<String> foreign = foreignTables(ds, where);
        if (!foreign.isEmpty()) {
            throw new StoreException(where + ": holds another program's tables (" + String.join(", ", foreign)
                    + "), not a sockets chat store; use an empty database");
        }
        Flyway flyway = Flyway.configure(Store.class.getClassLoader())
                .dataSource(ds)
                .locations("classpath:db/migration")
                .javaMigrations(new ChannelChunksMigration(), new ChunkFormatMigration(), new ChunkTableMigration(dialect))
                // one transaction for every pending migration: a store is left at the version it had or at the
                // newest, never between (V6 already writes the chunks of V7's format)
                .group(true)
                .placeholders(dialect.placeholders())
                .table(SCHEMA_TABLE)
                .loggers("slf4j")
                .load();
        try {
            MigrationInfoService info = flyway.info();
            MigrationVersion known = latestKnown(info);
            for (MigrationInfo applied : info.applied()) {
                if (applied.getState().isFailed()) {
                    throw new StoreException(where + ": migration to schema version " + applied.getVersion()
                            + " failed earlier and left it half done; restore a backup");
                }
                if (known != null && applied.getVersion() != null && applied.getVersion().isNewerThan(known.getVersion())) {
                    throw new StoreException(where + ": schema version " + applied.getVersion()
                            + " is newer than this server knows (" + known + "); run a newer sockets, or another store");
                }
            }
            flyway.migrate();
            MigrationInfo current = flyway.info().current();
            return current == null || current.getVersion() == null ? "0" : current.getVersion().toString();
        } catch (FlywayException e) {
            throw new StoreException(where + ": cannot migrate the schema: " + firstLine(e.getMessage()), e);
        }
    }

    private static MigrationVersion latestKnown(MigrationInfoService info) {
        MigrationVersion latest = null;
        for (MigrationInfo m : info.all()) {
            if (m.getType() != null && !m.getState().name().startsWith("FUTURE") && m.getVersion() != null
                    && m.getState() != org.flywaydb.core.api.MigrationState.MISSING_SUCCESS
                    && m.getState() != org.flywaydb.core.api.MigrationState.MISSING_FAILED
                    && (latest == null || m.getVersion().isNewerThan(latest.getVersion()))) {
                latest = m.getVersion();
            }
        }
        return latest;
    }

    /** Tables of a database that has no schema history of ours: another program's; empty for ours or a new one. */
    private static List<String> foreignTables(DataSource ds, String where) {
        List<String> tables = new ArrayList<>();
        boolean ours = false;
        try (Connection c = ds.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            String schema = c.getSchema();
            try (ResultSet rs = meta.getTables(null, schema, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    String name = rs.getString("TABLE_NAME");
                    if (name.toLowerCase(Locale.ROOT).equals(SCHEMA_TABLE)) {
                        ours = true;
                    } else if (!name.toLowerCase(Locale.ROOT).startsWith("sqlite_")) {
                        tables.add(name);
                    }
                }
            }
        } catch (SQLException e) {
            String why = String.valueOf(e.getMessage());
            if (why.contains("SQLITE_NOTADB") || why.contains("SQLITE_CORRUPT")) {
                throw new StoreException(where + ": not a SQLite database, or a damaged one (move it away, or point "
                        + "--data-dir elsewhere)");
            }
            throw new StoreException(where + ": cannot read: " + firstLine(why));
        }
        if (ours) {
            return List.of();
        }
        return tables.size() > 5 ? List.of(String.join(", ", tables.subList(0, 5)), "...") : tables;
    }

    /** The pool's connections with no socket timeout, restored by the pool when each is given back. */
    private record WithoutSocketTimeout(DataSource pool) implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            Connection c = pool.getConnection();
            try {
                c.setNetworkTimeout(Runnable::run, 0);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
            return c;
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("the pool has its user");
        }

        @Override
        public java.io.PrintWriter getLogWriter() throws SQLException {
            return pool.getLogWriter();
        }

        @Override
        public void setLogWriter(java.io.PrintWriter out) throws SQLException {
            pool.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            pool.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return pool.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return pool.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return type.isInstance(this) || pool.isWrapperFor(type);
        }
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private static String reason(FileSystemException e) {
        return e.getReason() != null ? e.getReason().toLowerCase(Locale.ROOT) : e.getClass().getSimpleName();
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }
}
