package dev.sockets.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A PostgreSQL database of a test class's own, as a JUnit extension:
 * {@code @RegisterExtension static final PostgresDatabase pg = new PostgresDatabase();}. The database is
 * created empty before the class's tests and dropped after them, so classes stay independent of each
 * other. The server under it (a {@link PostgresProcess}, whose initdb and start are the slow part) is started
 * by the first class that needs one and shared by every class of the test run, which stops it at its end.
 * A class that takes the server away ({@link #stop}, {@link #restart}) would take it from the others too:
 * it has one of its own, {@link #ownServer()}.
 */
public final class PostgresDatabase implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace SHARED = ExtensionContext.Namespace.create(PostgresDatabase.class);
    private static final AtomicInteger CREATED = new AtomicInteger();

    private final boolean ownServer;
    private PostgresProcess server;
    private String database;

    /** A database on the server the test run shares. */
    public PostgresDatabase() {
        this(false);
    }

    private PostgresDatabase(boolean ownServer) {
        this.ownServer = ownServer;
    }

    /** A server of the class's own, which it may {@link #stop} and {@link #restart}; stopped after the class. */
    public static PostgresDatabase ownServer() {
        return new PostgresDatabase(true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
        if (ownServer) {
            server = PostgresProcess.start();
            database = PostgresProcess.DATABASE;
            return;
        }
        // The root context's store closes what it holds (the process: stopped, its directory deleted) once
        // every class has run.
        server = context.getRoot().getStore(SHARED)
                .getOrComputeIfAbsent(PostgresProcess.class, k -> startShared(), PostgresProcess.class);
        database = context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT) + "_"
                + CREATED.incrementAndGet();
        server.createDatabase(database);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException, InterruptedException {
        if (server == null) {
            return;
        }
        try {
            if (ownServer) {
                server.close();
            } else {
                server.dropDatabase(database);
            }
        } finally {
            server = null;
        }
    }

    private static PostgresProcess startShared() {
        try {
            return PostgresProcess.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while PostgreSQL started", e);
        }
    }

    /** The database's name. */
    public String database() {
        return database;
    }

    public int port() {
        return server().port();
    }

    /** {@code postgresql://sockets:PASSWORD@127.0.0.1:PORT/DATABASE}, as {@code --store} takes it. */
    public String url() {
        return server().url(PostgresProcess.USER, server().password(), database);
    }

    /** The same database for another user (or password): what a refused login looks like. */
    public String url(String user, String password) {
        return server().url(user, password, database);
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/DATABASE}, for a test to look at the rows itself. */
    public String jdbcUrl() {
        return server().jdbcUrl(database);
    }

    /** Runs {@code sql} in the database through psql as its owner and returns its unaligned output. */
    public String psql(String sql) throws IOException, InterruptedException {
        return server().psql(database, sql);
    }

    /** A fast shutdown of the class's own server ({@link #ownServer()}): its clients lose it, nothing is lost. */
    public void stop() throws IOException, InterruptedException {
        own().stop();
    }

    /** Starts the class's own server again, on the same port, with the same data. */
    public void restart() throws IOException, InterruptedException {
        own().restart();
    }

    private PostgresProcess own() {
        if (!ownServer) {
            throw new IllegalStateException("the server is shared by every test class: take PostgresDatabase.ownServer()"
                    + " to stop or restart one");
        }
        return server();
    }

    private PostgresProcess server() {
        if (server == null) {
            throw new IllegalStateException("no database outside the test class (register this as a static "
                    + "@RegisterExtension field)");
        }
        return server;
    }
}
