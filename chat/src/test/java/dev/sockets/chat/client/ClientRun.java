package dev.sockets.chat.client;

import dev.sockets.common.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the chat client in-process on its own thread, the way a shell would: stdin is a pipe the test
 * types into (or closes), stdout and stderr are captured. The clock is fixed at 12:04 UTC. Every wait is
 * bounded (5 s).
 */
final class ClientRun implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(5);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T12:04:00Z"), ZoneOffset.UTC);

    private final Stdin stdin = new Stdin();
    private final LineCapture stdout = new LineCapture();
    private final StringWriter stderr = new StringWriter();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private ClientRun(String... args) {
        ChatClientCommand command = new ChatClientCommand(stdin, new PrintStream(stdout, true, StandardCharsets.UTF_8), CLOCK);
        var cl = Cli.commandLine(command);
        cl.setErr(new PrintWriter(stderr, true));
        cl.setOut(new PrintWriter(stderr, true));
        Thread.ofPlatform().daemon().name("client-under-test").start(() -> {
            try {
                exit.complete(cl.execute(args));
            } catch (Throwable t) {
                exit.completeExceptionally(t);
            }
        });
    }

    /** Starts the client with {@code args}; stdin stays open until {@link #endInput()}. */
    static ClientRun start(String... args) {
        return new ClientRun(args);
    }

    /** Starts the client with a whole script on stdin, followed by end of input. */
    static ClientRun script(String script, String... args) {
        ClientRun run = new ClientRun(args);
        run.stdin.add(script.getBytes(StandardCharsets.UTF_8));
        run.endInput();
        return run;
    }

    /** Types one line. */
    ClientRun type(String line) {
        stdin.add((line + "\n").getBytes(StandardCharsets.UTF_8));
        return this;
    }

    void endInput() {
        stdin.add(new byte[0]);
    }

    /** Waits for an output line containing {@code text} and returns it. */
    String awaitOutput(String text) throws InterruptedException {
        return stdout.await(text);
    }

    int awaitExit() throws Exception {
        try {
            return exit.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("client did not exit within " + WAIT + "; output: " + stdout.lines() + " err: " + stderr);
        }
    }

    boolean exited() {
        return exit.isDone();
    }

    List<String> output() {
        return stdout.lines();
    }

    String err() {
        return stderr.toString();
    }

    @Override
    public void close() {
        endInput();
    }

    /** A pipe as stdin: chunks added by the test; an empty chunk is end of input. */
    private static final class Stdin extends InputStream {
        private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
        private byte[] current = new byte[0];
        private int pos;
        private boolean eof;

        void add(byte[] chunk) {
            chunks.add(chunk);
        }

        @Override
        public synchronized int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            while (!eof && pos == current.length) {
                try {
                    current = chunks.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException();
                }
                pos = 0;
                eof = current.length == 0;
            }
            if (eof) {
                return -1;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    /** Collects what the client prints, line by line, and lets the test wait for a line. */
    private static final class LineCapture extends OutputStream {
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        private final List<String> lines = new ArrayList<>();

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                lines.add(partial.toString(StandardCharsets.UTF_8));
                partial.reset();
                notifyAll();
            } else {
                partial.write(b);
            }
        }

        synchronized List<String> lines() {
            return List.copyOf(lines);
        }

        synchronized String await(String text) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            int checked = 0;
            while (true) {
                for (; checked < lines.size(); checked++) {
                    if (lines.get(checked).contains(text)) {
                        return lines.get(checked);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no output line with '" + text + "' within " + WAIT + "; output: " + lines);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }
}
