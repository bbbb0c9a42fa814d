package dev.sockets.common.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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

/**
 * A real {@code redis-server} for tests: on a free port of 127.0.0.1, in a temporary directory, without
 * persistence, optionally with a password. It can be stopped (SIGTERM) or killed (SIGKILL) and started
 * again on the same port, so tests can take Redis away from a client and give it back. A test class
 * takes one through the {@link RedisServer} extension; this class speaks just enough RESP to know the
 * server is up, so common's test jar needs no Redis client library.
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
    public static RedisProcess start(String password) throws IOException {
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

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT}, without the password. */
    public URI uri() {
        return URI.create("redis://" + HOST + ":" + port);
    }

    /** Sends SIGTERM and waits for Redis to exit. */
    public void stop() throws InterruptedException {
        end(false);
    }

    /** Sends SIGKILL and waits for Redis to exit: a crash, as far as its clients can tell. */
    public void kill() throws InterruptedException {
        end(true);
    }

    /** Starts Redis again, on the same port and with the same password (and empty). */
    public void restart() throws IOException {
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

    /**
     * INFO answers, and with this process's PID: the server answering is this process, not another one that
     * holds the port.
     */
    private boolean answers(Process started) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName(HOST), port), 1000);
            s.setSoTimeout(2000);
            InputStream in = s.getInputStream();
            if (password != null) {
                s.getOutputStream().write(command("AUTH", password));
                if (!"+OK".equals(readLine(in))) {
                    return false;
                }
            }
            s.getOutputStream().write(command("INFO", "server"));
            String header = readLine(in); // a bulk string: $LENGTH, then that many bytes
            if (header == null || !header.startsWith("$") || header.equals("$-1")) {
                return false;
            }
            String info = new String(in.readNBytes(Integer.parseInt(header.substring(1))), StandardCharsets.UTF_8);
            String pid = "process_id:" + started.pid();
            return info.lines().anyMatch(pid::equals);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** A RESP array of bulk strings, which any Redis takes whatever the arguments hold. */
    private static byte[] command(String... args) {
        StringBuilder out = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            out.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One reply line without its CR LF, or null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                int end = line.length() - (line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? 1 : 0);
                return line.substring(0, end);
            }
            line.append((char) b);
        }
        return null;
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
        if (!kill && p.exitValue() != 0) {
            // Redis closes every client on a clean SIGTERM; anything else is not the outage a test means
            throw new IllegalStateException("redis-server exited with status " + p.exitValue() + " after SIGTERM:\n"
                    + logTail());
        }
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
