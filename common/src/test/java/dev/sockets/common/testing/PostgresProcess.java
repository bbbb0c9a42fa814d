package dev.sockets.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for tests, from Debian's {@code postgresql} package: {@code initdb} in a temporary
 * directory, the server on a free port of 127.0.0.1 with its unix socket in that directory, one database
 * {@code sockets} owned by user {@code sockets} with a random password (password authentication, so a
 * wrong one is refused as in production). {@link #stop()}, {@link #kill()} and {@link #restart()} take it
 * away from its clients and give it back; {@link #close()} stops it and deletes the directory.
 *
 * <p>PostgreSQL refuses to run as root: as root, the directory is handed to the {@code postgres} user
 * (which the package creates) and the server runs through {@code runuser}. Durability is off
 * ({@code fsync=off}): tests need a database that answers, not one that survives the machine.
 *
 * <p>Needs the Debian package {@code postgresql} (see {@code .ci/install-test-deps.sh}).
 */
public final class PostgresProcess implements AutoCloseable {

    public static final String USER = "sockets";
    public static final String DATABASE = "sockets";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int PORT_ATTEMPTS = 5;
    private static final String OS_USER = "postgres";

    /** Whatever a crashed test leaves running dies with the test JVM. */
    private static final Set<PostgresProcess> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(p -> p.pgCtlQuietly("immediate"))));
    }

    private final Path bin;
    private final Path dir;
    private final String password = UUID.randomUUID().toString().replace("-", "");
    private final boolean asRoot = "root".equals(System.getProperty("user.name"));
    private int port;

    private PostgresProcess(Path bin, Path dir) {
        this.bin = bin;
        this.dir = dir;
    }

    /** initdb, start on a free port, create the database; returns once it accepts logins. */
    public static PostgresProcess start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("postgres-test-");
        PostgresProcess pg = new PostgresProcess(binDir(), dir);
        try {
            pg.initdb();
            for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
                pg.port = freePort();
                if (pg.launch()) {
                    RUNNING.add(pg);
                    pg.createDatabase(DATABASE);
                    return pg;
                }
            }
            throw new IllegalStateException("postgres found no free port in " + PORT_ATTEMPTS + " attempts");
        } catch (IOException | InterruptedException | RuntimeException e) {
            pg.pgCtlQuietly("immediate");
            deleteRecursively(dir);
            throw e;
        }
    }

    public int port() {
        return port;
    }

    public String password() {
        return password;
    }

    /** {@code postgresql://sockets:PASSWORD@127.0.0.1:PORT/sockets}, as {@code --store} takes it. */
    public String url() {
        return url(USER, password);
    }

    /** The same database for another user (or password): what a refused login looks like. */
    public String url(String user, String password) {
        return url(user, password, DATABASE);
    }

    /** Another database of this server ({@link #createDatabase}), as {@code user} with {@code password}. */
    public String url(String user, String password, String database) {
        return "postgresql://" + user + ":" + password + "@127.0.0.1:" + port + "/" + database;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/sockets}, for a test to look at the rows itself. */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/DATABASE}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Runs {@code sql} through psql as the database's owner and returns its unaligned output. */
    public String psql(String sql) throws IOException, InterruptedException {
        return psql(DATABASE, sql);
    }

    /** Runs {@code sql} in {@code database} through psql as user {@value #USER}; its unaligned output. */
    public String psql(String database, String sql) throws IOException, InterruptedException {
        return run(List.of(bin.resolve("psql").toString(), "-h", dir.resolve("run").toString(), "-p",
                Integer.toString(port), "-U", USER, "-d", database, "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-c", sql));
    }

    /** A new, empty database owned by {@value #USER}. */
    public void createDatabase(String name) throws IOException, InterruptedException {
        run(List.of(bin.resolve("createdb").toString(), "-h", dir.resolve("run").toString(), "-p",
                Integer.toString(port), "-U", USER, "-O", USER, name));
    }

    /** Drops {@code name}, ending the sessions still connected to it (a pool a test did not close). */
    public void dropDatabase(String name) throws IOException, InterruptedException {
        run(List.of(bin.resolve("dropdb").toString(), "-h", dir.resolve("run").toString(), "-p",
                Integer.toString(port), "-U", USER, "--force", name));
    }

    /** A fast shutdown (SIGINT to the postmaster: connections are cut, nothing lost). */
    public void stop() throws IOException, InterruptedException {
        pgCtl("stop", "-m", "fast");
        RUNNING.remove(this);
    }

    /** A crash as its clients see it: the server ends at once, without a checkpoint. */
    public void kill() throws IOException, InterruptedException {
        pgCtl("stop", "-m", "immediate");
        RUNNING.remove(this);
    }

    /** Starts it again on the same port, with the same data. */
    public void restart() throws IOException, InterruptedException {
        if (!launch()) {
            throw new IllegalStateException("postgres could not bind port " + port + " again: taken\n" + logTail());
        }
        RUNNING.add(this);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (RUNNING.remove(this)) {
                pgCtl("stop", "-m", "immediate");
            }
        } finally {
            deleteRecursively(dir);
        }
    }

    private void initdb() throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("run"));
        Path pwfile = dir.resolve("pwfile");
        Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
        if (asRoot) {
            chownRecursively(dir);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", USER,
                "--pwfile=" + pwfile, "-A", "scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync"));
    }

    /** pg_ctl start -w on {@link #port}: true once it accepts connections, false if the port was taken. */
    private boolean launch() throws IOException, InterruptedException {
        String options = "-p " + port + " -k " + dir.resolve("run") + " -c listen_addresses=127.0.0.1"
                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=16MB"
                + " -c max_connections=40";
        Files.deleteIfExists(dir.resolve("server.log"));
        Result r = exec(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                "-l", dir.resolve("server.log").toString(), "-w", "-t", Long.toString(TIMEOUT.toSeconds()),
                "-o", options, "start"));
        if (r.status == 0) {
            return true;
        }
        String log = logTail();
        if (log.contains("could not bind") || log.contains("Address already in use")) {
            return false;
        }
        throw new IllegalStateException("pg_ctl start failed (" + r.status + "): " + r.output + "\n" + log);
    }

    private void pgCtl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D",
                dir.resolve("data").toString(), "-w", "-t", Long.toString(TIMEOUT.toSeconds())));
        command.addAll(List.of(args));
        run(command);
    }

    private void pgCtlQuietly(String mode) {
        try {
            exec(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", mode,
                    "-w", "stop"));
        } catch (IOException | InterruptedException | RuntimeException e) {
            // Best effort on the way out: the directory is temporary either way.
        }
    }

    private String run(List<String> command) throws IOException, InterruptedException {
        Result r = exec(command);
        if (r.status != 0) {
            throw new IllegalStateException(String.join(" ", command.subList(0, 1)) + " failed (" + r.status + "): "
                    + r.output);
        }
        return r.output;
    }

    private record Result(int status, String output) {
    }

    /** Runs a PostgreSQL program (as the postgres user when we are root), bounded by {@link #TIMEOUT}. */
    private Result exec(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asRoot) {
            full.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true).directory(dir.toFile());
        pb.environment().put("PGPASSWORD", password);
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        // Output is small (a few lines); read it all, then the exit status, both within the timeout.
        var output = new java.util.concurrent.CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            try {
                output.complete(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.complete("(output unreadable: " + e + ")");
            }
        });
        if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not finish within " + TIMEOUT);
        }
        try {
            return new Result(p.exitValue(), output.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).strip());
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return new Result(p.exitValue(), "(no output: " + e + ")");
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("server.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The newest installed PostgreSQL's programs: /usr/lib/postgresql/VERSION/bin. */
    private static Path binDir() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(v -> parseOrZero(v.getFileName().toString())));
                if (newest.isPresent()) {
                    return newest.get().resolve("bin");
                }
            }
        }
        throw new IllegalStateException("PostgreSQL not found under /usr/lib/postgresql: install the Debian package "
                + "postgresql (apt-get install postgresql, or run .ci/install-test-deps.sh as root)");
    }

    private static int parseOrZero(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void chownRecursively(Path dir) throws IOException {
        UserPrincipalLookupService lookup = dir.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user = lookup.lookupPrincipalByName(OS_USER);
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(OS_USER);
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.toList()) {
                PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
                view.setOwner(user);
                view.setGroup(group);
            }
        }
    }

    /** A port free right now; postgres has no "-p 0", so it gets this one and may find it taken. */
    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
