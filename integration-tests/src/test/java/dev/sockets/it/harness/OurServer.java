package dev.sockets.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.common.net.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of our servers run as a process the way the README says ({@code java -jar echo.jar server --bind
 * 127.0.0.1 --port P ...}), on a free loopback port, ready once it logged {@code NAME: listening on}.
 * {@link #stop()} sends SIGTERM and checks what every server promises: exit status 0 and a final
 * {@code NAME: stopped; server=NAME key=value...} line. {@link #close()} kills it by PID if it still runs.
 * Not thread-safe; one test (class) owns it.
 */
public final class OurServer implements AutoCloseable {

    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final int BIND_ATTEMPTS = 5;
    private static final Pattern STOPPED = Pattern.compile("(?m)^.*?(\\S+): stopped[^;\\n]*; (server=.*)$");

    /** The data directories made by {@link #ownDataDir}, deleted when the test JVM exits. */
    private static final java.util.Set<Path> DATA_DIRS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> DATA_DIRS.forEach(OurServer::deleteQuietly)));
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Best effort: a temporary directory.
        }
    }

    private final Suite suite;
    private final ExternalProcess process;
    private final int port;
    private final String bindAddress;

    private OurServer(Suite suite, ExternalProcess process, int port, String bindAddress) {
        this.suite = suite;
        this.bindAddress = bindAddress;
        this.process = process;
        this.port = port;
    }

    /** Starts {@code suite server --bind 127.0.0.1 --port FREE extraArgs...} and waits until it listens. */
    public static OurServer start(Suite suite, String... extraArgs) {
        return startOn(suite, "127.0.0.1", extraArgs);
    }

    /** Like {@link #start} bound to {@code bindAddress} (a loopback address: {@code 127.0.0.1} or {@code ::1}). */
    public static OurServer startOn(Suite suite, String bindAddress, String... extraArgs) {
        return startOn(suite, bindAddress, Map.of(), extraArgs);
    }

    /**
     * Like {@link #start} with the JVM's clock starting at {@code start} ({@code 2001-02-03 04:05:06}, UTC)
     * through libfaketime (Debian's package faketime), so what the server stamps (IRCv3 server-time) is
     * told apart from the client's own clock.
     */
    public static OurServer startAtFakeTime(Suite suite, String start, String... extraArgs) {
        return startOn(suite, "127.0.0.1", Map.of("LD_PRELOAD", Tools.libfaketime(), "FAKETIME", "@" + start,
                "TZ", "UTC"), extraArgs);
    }

    private static OurServer startOn(Suite suite, String bindAddress, Map<String, String> env, String... extraArgs) {
        AssertionError last = null;
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            int port = FreePorts.tcpAndUdp();
            List<String> args = new ArrayList<>(List.of("--bind", bindAddress, "--port", String.valueOf(port)));
            args.addAll(List.of(extraArgs));
            args.addAll(ownDataDir(suite, extraArgs));
            ExternalProcess.Builder b = ExternalProcess.named(suite.serverName() + " server")
                    .command(suite.command("server", args.toArray(String[]::new)));
            env.forEach(b::env);
            ExternalProcess p = b.start();
            try {
                p.awaitStderr(suite.serverName() + ": listening on", START_TIMEOUT);
                return new OurServer(suite, p, port, bindAddress);
            } catch (AssertionError e) {
                // somebody took the port between our probe and the server's bind: pick another
                boolean portTaken = p.stderr().contains("already in use"); // before close(), which deletes the output
                p.close();
                last = e;
                if (!portTaken) {
                    throw e;
                }
            }
        }
        throw last;
    }

    /**
     * Like {@link #start} with the server's open-file limit lowered to {@code maxOpenFiles}, as
     * {@code bash -c 'ulimit -n N && exec java -jar ...'} (exec: the process, and so its PID, is the
     * server's own JVM).
     */
    public static OurServer startWithOpenFileLimit(Suite suite, int maxOpenFiles, String... extraArgs) {
        String bash = Tools.require("bash", "bash");
        AssertionError last = null;
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            int port = FreePorts.tcpAndUdp();
            List<String> args = new ArrayList<>(List.of("--bind", "127.0.0.1", "--port", String.valueOf(port)));
            args.addAll(List.of(extraArgs));
            args.addAll(ownDataDir(suite, extraArgs));
            List<String> command = new ArrayList<>(List.of(bash, "-c", "ulimit -n " + maxOpenFiles + " && exec \"$@\"", "bash"));
            command.addAll(suite.command("server", args.toArray(String[]::new)));
            ExternalProcess p = ExternalProcess.named(suite.serverName() + " server (ulimit -n " + maxOpenFiles + ")")
                    .command(command).start();
            try {
                p.awaitStderr(suite.serverName() + ": listening on", START_TIMEOUT);
                return new OurServer(suite, p, port, "127.0.0.1");
            } catch (AssertionError e) {
                boolean portTaken = p.stderr().contains("already in use"); // before close(), which deletes the output
                p.close();
                last = e;
                if (!portTaken) {
                    throw e;
                }
            }
        }
        throw last;
    }

    /**
     * A chat server keeps its store in the working directory by default: each one a test starts gets a data
     * directory of its own instead, so no test sees another's history, unless the test chose one itself.
     */
    private static List<String> ownDataDir(Suite suite, String... extraArgs) {
        if (suite != Suite.CHAT || List.of(extraArgs).contains("--data-dir") || List.of(extraArgs).contains("--store")) {
            return List.of();
        }
        try {
            Path dir = Files.createTempDirectory("chat-data-");
            DATA_DIRS.add(dir);
            return List.of("--data-dir", dir.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** The address it listens on, as given to {@code --bind}. */
    public String host() {
        return bindAddress;
    }

    public Endpoint endpoint() {
        try {
            return new Endpoint(InetAddress.getByName(bindAddress), port);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError("not an address literal: " + bindAddress, e);
        }
    }

    public ExternalProcess process() {
        return process;
    }

    /**
     * SIGTERM, then asserts exit status 0 and one final stats line; returns its counters
     * ({@code connections_total} etc., numbers only).
     */
    public Map<String, Long> stop() {
        process.terminate();
        return awaitStopped();
    }

    /** Sends SIGTERM once, without waiting: the test watches the shutdown, then calls {@link #awaitStopped()}. */
    public void terminate() {
        process.terminate();
    }

    /** Waits for the exit after a {@link #terminate()}; asserts and returns what {@link #stop()} does. */
    public Map<String, Long> awaitStopped() {
        int status = process.awaitExit(STOP_TIMEOUT);
        assertThat(status).as("exit status after SIGTERM of %s", process.describe()).isZero();
        Matcher m = STOPPED.matcher(process.stderr());
        assertThat(m.find()).as("a final '%s: stopped; server=...' line from %s", suite.serverName(),
                process.describe()).isTrue();
        assertThat(m.group(1)).isEqualTo(suite.serverName());
        Map<String, Long> stats = new LinkedHashMap<>();
        for (String pair : m.group(2).trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(eq + 1).matches("-?\\d+")) {
                stats.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
            }
        }
        assertThat(m.group(2)).startsWith("server=" + suite.serverName());
        return stats;
    }

    @Override
    public void close() {
        process.close();
    }
}
