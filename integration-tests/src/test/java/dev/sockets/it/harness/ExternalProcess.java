package dev.sockets.it.harness;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One external process started by a test: its stdout and stderr go to files in a private temp dir (so a
 * test can poll them while it runs), stdin is a pipe unless redirected. Every wait is bounded and fails
 * with an {@link AssertionError} that shows the command, its state and the tail of its output.
 * {@link #close()} ends the process and any children it left behind, each by its own PID: SIGTERM, then
 * SIGKILL after a few seconds, and deletes the output files. Methods are safe to call from any thread.
 */
public final class ExternalProcess implements AutoCloseable {

    private static final Duration KILL_GRACE = Duration.ofSeconds(5);
    private static final int TAIL = 4000;

    private final String name;
    private final List<String> command;
    private final Process process;
    private final Collector stdout;
    private final Collector stderr;
    private final Path outputDir;

    private ExternalProcess(String name, List<String> command, Process process, Path outputDir) {
        this.name = name;
        this.command = List.copyOf(command);
        this.process = process;
        this.outputDir = outputDir;
        this.stdout = new Collector(outputDir.resolve("stdout"));
        this.stderr = new Collector(outputDir.resolve("stderr"));
    }

    /** A builder for a process named {@code name} (the name appears in failure messages). */
    public static Builder named(String name) {
        return new Builder(name);
    }

    /** Builder for {@link ExternalProcess}; not thread-safe. */
    public static final class Builder {
        private final String name;
        private final List<String> command = new ArrayList<>();
        private Path directory;
        private Path stdinFile;
        private final Map<String, String> environment = new java.util.HashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder command(List<String> words) {
            command.addAll(words);
            return this;
        }

        public Builder command(String... words) {
            return command(List.of(words));
        }

        public Builder directory(Path dir) {
            this.directory = dir;
            return this;
        }

        /** Feeds stdin from a file (EOF at its end) instead of a pipe. */
        public Builder stdin(Path file) {
            this.stdinFile = file;
            return this;
        }

        public Builder env(String key, String value) {
            environment.put(key, value);
            return this;
        }

        public ExternalProcess start() {
            ProcessBuilder pb = new ProcessBuilder(command);
            if (directory != null) {
                pb.directory(directory.toFile());
            }
            if (stdinFile != null) {
                pb.redirectInput(stdinFile.toFile());
            }
            pb.environment().putAll(environment);
            try {
                Path out = Files.createTempDirectory("sockets-it-out-");
                pb.redirectOutput(out.resolve("stdout").toFile());
                pb.redirectError(out.resolve("stderr").toFile());
                return new ExternalProcess(name, command, pb.start(), out);
            } catch (IOException e) {
                throw new AssertionError("cannot start " + name + " " + command + ": " + e.getMessage(), e);
            }
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything written to stdout so far, decoded as UTF-8. */
    public String stdout() {
        return stdout.text();
    }

    public byte[] stdoutBytes() {
        return stdout.bytes();
    }

    /** Everything written to stderr so far, decoded as UTF-8. */
    public String stderr() {
        return stderr.text();
    }

    /** Writes {@code text} (UTF-8) to stdin and flushes. */
    public ExternalProcess write(String text) {
        return write(text.getBytes(StandardCharsets.UTF_8));
    }

    public ExternalProcess write(byte[] bytes) {
        try {
            OutputStream in = process.getOutputStream();
            in.write(bytes);
            in.flush();
        } catch (IOException e) {
            throw new AssertionError("cannot write to stdin of " + describe() + ": " + e.getMessage(), e);
        }
        return this;
    }

    /** Closes stdin: the process reads end of file. */
    public ExternalProcess closeStdin() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Waits until stdout contains {@code text}. */
    public String awaitStdout(String text, Duration atMost) {
        return awaitOutput("stdout", stdout, s -> s.contains(text), "'" + text + "'", atMost);
    }

    /** Waits until stderr contains {@code text}. */
    public String awaitStderr(String text, Duration atMost) {
        return awaitOutput("stderr", stderr, s -> s.contains(text), "'" + text + "'", atMost);
    }

    /** Waits until stdout has at least {@code n} bytes; returns them all. */
    public byte[] awaitStdoutBytes(int n, Duration atMost) {
        awaitOutput("stdout", stdout, s -> stdout.size() >= n, n + " bytes", atMost);
        return stdout.bytes();
    }

    private String awaitOutput(String which, Collector c, Predicate<String> done, String what, Duration atMost) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(20)).pollDelay(Duration.ZERO)
                    .until(() -> done.test(c.text()) || !process.isAlive());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no " + what + " on " + which + " within " + atMost + ": " + describe());
        }
        String text = c.text();
        if (!done.test(text)) {
            throw new AssertionError("ended without " + what + " on " + which + ": " + describe());
        }
        return text;
    }

    /**
     * Waits for the process to exit; returns the exit status (its output is then complete).
     * Fails (and kills it) when it is still running after {@code atMost}.
     */
    public int awaitExit(Duration atMost) {
        try {
            if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
                String state = describe();
                close();
                throw new AssertionError("did not exit within " + atMost + ": " + state);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + name, e);
        }
        return process.exitValue();
    }

    /** Sends SIGTERM (what {@link Process#destroy()} does on Linux). */
    public void terminate() {
        process.destroy();
    }

    /** The command, its state and the tail of stdout and stderr, for failure messages. */
    public String describe() {
        String state = process.isAlive() ? "running (pid " + pid() + ")" : "exited " + process.exitValue();
        return name + " " + command + " " + state + "\n--- stdout:\n" + tail(stdout.text()) + "\n--- stderr:\n"
                + tail(stderr.text()) + "\n---";
    }

    private static String tail(String s) {
        return s.length() <= TAIL ? s : "..." + s.substring(s.length() - TAIL);
    }

    /**
     * Ends the process if it still runs (SIGTERM, then SIGKILL after a grace period), then any
     * descendants it left behind (xinetd's per-connection children), each by its own PID, and deletes the
     * output files. Idempotent.
     */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the pipe is gone with the process
        }
        if (!process.isAlive()) {
            stdout.delete();
            stderr.delete();
            try {
                Files.deleteIfExists(outputDir);
            } catch (IOException ignored) {
                // not empty or gone: harmless
            }
        }
    }

    /**
     * One output stream of the process, redirected to a file. A file, not a pipe read by a thread: when a
     * process exits, the JDK drains and closes its pipes under a reading thread's feet, and the last lines
     * (the stats line) can be lost ("Stream closed"). A file has everything once the process is gone.
     */
    private static final class Collector {
        private final Path file;

        Collector(Path file) {
            this.file = file;
        }

        byte[] bytes() {
            try {
                return Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                return new byte[0];
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String text() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        int size() {
            try {
                return Files.exists(file) ? (int) Files.size(file) : 0;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void delete() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }
}
