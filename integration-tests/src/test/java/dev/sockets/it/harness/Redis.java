package dev.sockets.it.harness;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code redis-server} in the foreground on a free port of 127.0.0.1, without persistence ({@code --save ""
 * --appendonly no}) and with its working directory in a private temp dir: the backplane of a chat
 * cluster. Ready once it logged {@code Ready to accept connections} (so the process answering is this
 * one, not another that holds the port) and answers {@code PING} with {@code +PONG}. It can be stopped
 * (SIGTERM), killed (SIGKILL) and started again, empty, on the same port, so tests can take Redis away
 * from the chat servers and give it back. Closing kills it by PID. Not thread-safe.
 */
public final class Redis implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final String HOST = "127.0.0.1";

    private final String executable;
    private final Path dir;
    private final int port;
    private ExternalProcess process;

    private Redis(String executable, Path dir, int port) {
        this.executable = executable;
        this.dir = dir;
        this.port = port;
    }

    /** Starts redis-server with its working directory in {@code dir}, retrying on a port taken meanwhile. */
    public static Redis start(Path dir) throws IOException {
        String executable = Tools.require("redis-server", "redis-server");
        AssertionError last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Redis redis = new Redis(executable, Files.createDirectories(dir.resolve("redis-" + attempt)),
                    FreePorts.tcpAndUdp());
            try {
                redis.launch();
                return redis;
            } catch (AssertionError e) {
                last = e;
                if (!e.getMessage().contains("Address already in use")) {
                    throw e;
                }
            }
        }
        throw last;
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT}, as {@code chat server --cluster} takes it. */
    public String uri() {
        return "redis://" + HOST + ":" + port;
    }

    public ExternalProcess process() {
        return process;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** SIGTERM, and waits until it has exited: Redis closes every client connection on its way out. */
    public void stop() {
        end(false);
    }

    /** SIGKILL, and waits until it has exited: a crash, as far as its clients can tell. */
    public void kill() {
        end(true);
    }

    /** Starts it again, empty, on the same port; fails if the port was taken while it was down. */
    public void restart() {
        if (isRunning()) {
            throw new IllegalStateException("redis-server on port " + port + " is still running");
        }
        launch();
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }

    private void launch() {
        ExternalProcess p = ExternalProcess.named("redis-server").directory(dir).command(executable,
                "--port", String.valueOf(port), "--bind", HOST, "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--dir", dir.toString()).start();
        process = p;
        try {
            p.awaitStdout("Ready to accept connections", START_TIMEOUT);
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(20)).pollDelay(Duration.ZERO)
                    .until(() -> answersPing() || !p.isAlive());
        } catch (AssertionError | org.awaitility.core.ConditionTimeoutException e) {
            String state = p.describe(); // before close(), which deletes the output
            p.close();
            throw new AssertionError("redis-server did not answer PING on port " + port + " within " + START_TIMEOUT
                    + ": " + state, e);
        }
        if (!p.isAlive()) {
            String state = p.describe();
            p.close();
            throw new AssertionError("redis-server exited right after starting: " + state);
        }
    }

    /** A PING over a fresh connection answered {@code +PONG}: RESP inline commands need no client library. */
    private boolean answersPing() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getByName(HOST), port), 1000);
            s.setSoTimeout(1000);
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] expected = "+PONG\r\n".getBytes(StandardCharsets.US_ASCII);
            byte[] got = in.readNBytes(expected.length);
            return java.util.Arrays.equals(expected, got);
        } catch (IOException e) {
            return false;
        }
    }

    private void end(boolean kill) {
        ExternalProcess p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        ProcessHandle handle = ProcessHandle.of(p.pid()).orElse(null);
        if (kill && handle != null) {
            handle.destroyForcibly();
        } else {
            p.terminate();
        }
        int status = p.awaitExit(STOP_TIMEOUT);
        if (!kill && status != 0) {
            throw new AssertionError("redis-server exited " + status + " after SIGTERM: " + p.describe());
        }
        p.close();
    }
}
