package dev.sockets.echo.client;

import dev.sockets.common.cli.Cli;
import dev.sockets.common.cli.DurationConverter;
import dev.sockets.common.tcp.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Line mode over TCP: standard input is copied to the connection and everything echoed is copied to
 * standard output as it arrives (typed lines come back line by line). At the end of input the client
 * half-closes and waits until every byte it sent has come back and the server has closed its side.
 *
 * <p>Threads: a daemon platform thread pumps input (reading a terminal cannot be interrupted, so it must
 * not hold up the exit when the server goes away first); the calling thread copies echoes to output.
 * The session closes the connection it is given.
 */
final class StreamSession {

    private final Connection connection;
    private final Duration timeout;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    // Set before the half-close, so it is visible by the time the server can have answered the FIN.
    private volatile boolean inputEnded;
    private final AtomicReference<IOException> sendFailure = new AtomicReference<>();

    /** @param timeout how long to wait without progress for the rest of the echo after end of input */
    StreamSession(Connection connection, Duration timeout) {
        this.connection = connection;
        this.timeout = timeout;
    }

    /** Runs until the echo is complete, the server closes or the wait times out; returns the exit status. */
    int run(InputStream in, OutputStream out, PrintWriter err) throws IOException {
        try (connection) {
            Thread.ofPlatform().name("echo-client-input").daemon(true).start(() -> pump(in));
            Thread echo = Thread.ofVirtual().name("echo-client-output").start(() -> copyEchoes(out));
            awaitEnd(echo);
            out.flush();
            if (sendFailure.get() != null) {
                err.println("echo client: " + message(sendFailure.get()));
                return Cli.EXIT_FAILURE;
            }
            if (!inputEnded) {
                err.println("echo client: connection closed by the server");
                return Cli.EXIT_FAILURE;
            }
            if (received.get() < sent.get()) {
                err.println("echo client: " + (echo.isAlive() ? "no progress for " + DurationConverter.format(timeout) + ": " : "")
                        + "got " + received.get() + " of " + sent.get() + " bytes back");
                return Cli.EXIT_FAILURE;
            }
            return Cli.EXIT_OK;
        } finally {
            err.flush();
        }
    }

    /** Waits for the echo copier to end; after end of input, gives up when nothing arrives for {@code timeout}. */
    private void awaitEnd(Thread echo) throws IOException {
        try {
            while (echo.isAlive() && !inputEnded) {
                echo.join(200); // bounded: re-check whether input ended
            }
            long lastSeen = -1;
            while (echo.isAlive() && received.get() != lastSeen) {
                lastSeen = received.get();
                echo.join(timeout);
            }
            if (echo.isAlive()) {
                connection.abort();
                echo.join(TimeUnit.SECONDS.toMillis(2));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.abort();
        }
    }

    private void pump(InputStream in) {
        byte[] buf = new byte[16 * 1024];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                connection.write(ByteBuffer.wrap(buf, 0, n));
                sent.addAndGet(n);
            }
            inputEnded = true;
            connection.shutdownOutput();
        } catch (IOException e) {
            if (connection.isOpen()) {
                sendFailure.compareAndSet(null, e);
                connection.abort();
            }
        }
    }

    private void copyEchoes(OutputStream out) {
        ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
        try {
            while (connection.read(buf) >= 0) {
                out.write(buf.array(), 0, buf.position());
                out.flush();
                received.addAndGet(buf.position());
                buf.clear();
            }
        } catch (IOException e) {
            // a reset or our own abort: the counts tell what was missed
        }
    }

    private static String message(IOException e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
