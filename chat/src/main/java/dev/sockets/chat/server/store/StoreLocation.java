package dev.sockets.chat.server.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Where the store lives: one SQLite file in a data directory, or a PostgreSQL database. */
public sealed interface StoreLocation {

    /** The file name of the embedded database inside {@code --data-dir}. */
    String EMBEDDED_FILE = "chat.db";

    /** What a log line or an error message calls it (never with a password). */
    String describe();

    /** The embedded default: {@code DIR/chat.db}, the directory created on first start. */
    record Embedded(Path dataDir) implements StoreLocation {
        public Path file() {
            return dataDir.resolve(EMBEDDED_FILE);
        }

        @Override
        public String describe() {
            return "sqlite " + file();
        }
    }

    /** A PostgreSQL database shared by the servers of a network. */
    record Postgres(String host, int port, String database, String user, String password) implements StoreLocation {
        public String jdbcUrl() {
            String h = host.contains(":") ? "[" + host + "]" : host;
            return "jdbc:postgresql://" + h + ":" + port + "/" + database;
        }

        @Override
        public String describe() {
            String h = host.contains(":") ? "[" + host + "]" : host;
            return "postgresql://" + user + "@" + h + ":" + port + "/" + database;
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    /**
     * Parses {@code postgresql://USER:PASSWORD@HOST[:PORT]/DATABASE} (also {@code postgres://}; the port
     * defaults to 5432; user and password may be percent-encoded).
     *
     * @throws IllegalArgumentException saying in one line what is wrong, never echoing the password
     */
    static Postgres parsePostgres(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL; expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE");
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new IllegalArgumentException("expected postgresql://USER:PASSWORD@HOST:PORT/DATABASE");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("needs a host: postgresql://USER:PASSWORD@HOST:PORT/DATABASE");
        }
        String db = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
        if (db.isEmpty() || db.contains("/")) {
            throw new IllegalArgumentException("needs a database name: postgresql://USER:PASSWORD@HOST:PORT/DATABASE");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("takes no ?parameters or #fragment");
        }
        String info = uri.getRawUserInfo();
        if (info == null || info.isEmpty() || info.startsWith(":")) {
            throw new IllegalArgumentException("needs a user: postgresql://USER:PASSWORD@HOST:PORT/DATABASE");
        }
        int colon = info.indexOf(':');
        String user = decode(colon < 0 ? info : info.substring(0, colon));
        String password = colon < 0 ? "" : decode(info.substring(colon + 1));
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        int port = uri.getPort() < 0 ? 5432 : uri.getPort();
        if (port == 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535");
        }
        return new Postgres(host, port, decode(db), user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * The location the flags ask for: {@code --store URL} when given, else the file under {@code --data-dir}.
     *
     * @throws IllegalArgumentException for a URL that is not {@code postgresql://USER:PASSWORD@HOST:PORT/DATABASE}
     */
    public static StoreLocation of(String storeUrl, Path dataDir) {
        return storeUrl == null ? new Embedded(dataDir) : parsePostgres(storeUrl);
    }
}
