package dev.sockets.chat.server.cluster;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A real {@code redis-server} for tests: on a free port of 127.0.0.1, in a temporary directory, without
 * persistence, optionally with a password. It can be stopped (SIGTERM) or killed (SIGKILL) and started
 * again on the same port, so tests can take Redis away from a client and give it back.
 *
 * <p>Needs the Debian package {@code redis-server} (see {@code .ci/install-test-deps.sh}).
 */
public final class RedisProcess implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    /** Another process may take the port between our probe and Redis binding it: try a few. */
    private static final int PORT_ATTEMPTS = 5;

    /** Whatever a crashed test leaves running dies with the test JVM. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
    }

    private final String executable;
    private final Path dir;
    private final int port;
    private final String password;
    private Process process;

    private RedisProcess(String executable, Path dir, int port, String password) {
        this.executable = executable;
        this.dir = dir;
        this.port = port;
        this.password = password;
    }

    /** Starts a Redis without a password and waits until it answers. */
    public static RedisProcess start() throws IOException {
        return start(null);
    }

    /** Starts a Redis that requires {@code password} (none when null) and waits until it answers. */
    static RedisProcess start(String password) throws IOException {
        String executable = executable();
        Path dir = Files.createTempDirectory("redis-test-");
        try {
            for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
                RedisProcess redis = new RedisProcess(executable, dir, freePort(), password);
                if (redis.launch()) {
                    return redis;
                }
            }
        } catch (IOException | RuntimeException e) {
            deleteRecursively(dir);
            throw e;
        }
        deleteRecursively(dir);
        throw new IllegalStateException("redis-server found no free port in " + PORT_ATTEMPTS + " attempts");
    }

    int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT}, without the password. */
    public URI uri() {
        return URI.create("redis://" + HOST + ":" + port);
    }

    /** A new connection to inspect the data directly; the caller closes it. */
    Jedis jedis() {
        var config = DefaultJedisClientConfig.builder()
                .serverDefaultProtocol()
                .timeoutMillis(2000)
                .password(password)
                .build();
        return new Jedis(new HostAndPort(HOST, port), config);
    }

    /** Sends SIGTERM and waits for Redis to exit. */
    void stop() throws InterruptedException {
        end(false);
    }

    /** Sends SIGKILL and waits for Redis to exit: a crash, as far as its clients can tell. */
    void kill() throws InterruptedException {
        end(true);
    }

    /** Starts Redis again, on the same port and with the same password (and empty). */
    void restart() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " is still running");
        }
        if (!launch()) {
            throw new IllegalStateException("redis-server could not bind port " + port + " again: taken\n" + logTail());
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            end(true);
        } finally {
            deleteRecursively(dir);
        }
    }

    /** Starts redis-server on {@link #port}: true once it answers, false if the port was taken. */
    private boolean launch() throws IOException {
        List<String> command = new ArrayList<>(List.of(executable,
                "--port", Integer.toString(port), "--bind", HOST,
                "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--dir", dir.toString()));
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        Path logFile = dir.resolve("redis-" + port + ".log");
        process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        RUNNING.add(process);
        Process started = process;
        try {
            await("redis-server on port " + port + " answering")
                    .atMost(START_TIMEOUT)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> !started.isAlive() || answers(started));
        } catch (ConditionTimeoutException e) {
            started.destroyForcibly();
            throw new IllegalStateException("redis-server on port " + port + " did not answer within "
                    + START_TIMEOUT + ":\n" + logTail(), e);
        }
        if (started.isAlive()) {
            return true;
        }
        RUNNING.remove(started);
        String log = logTail();
        if (log.contains("Address already in use")) {
            return false;
        }
        throw new IllegalStateException("redis-server exited with status " + started.exitValue() + ":\n" + log);
    }

    /** PING works, and the server answering is this process, not another one that holds the port. */
    private boolean answers(Process started) {
        try (Jedis jedis = jedis()) {
            if (!"PONG".equals(jedis.ping())) {
                return false;
            }
            String pid = "process_id:" + started.pid();
            return jedis.info("server").lines().anyMatch(pid::equals);
        } catch (JedisException e) {
            return false;
        }
    }

    private void end(boolean kill) throws InterruptedException {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        if (kill) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            throw new IllegalStateException("redis-server on port " + port + " ignored SIGTERM for " + STOP_TIMEOUT);
        }
        RUNNING.remove(p);
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("redis-" + port + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static String executable() {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(List.of("/usr/bin", "/usr/local/bin", "/usr/sbin"));
        return dirs.stream()
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, "redis-server"))
                .filter(Files::isExecutable)
                .findFirst()
                .map(Path::toString)
                .orElseThrow(() -> new IllegalStateException("redis-server not found on PATH: install the Debian "
                        + "package redis-server (apt-get install redis-server, or run .ci/install-test-deps.sh as root)"));
    }

    /** A port free right now; Redis has no "--port 0", so it gets this one and may find it taken. */
    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return probe.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
