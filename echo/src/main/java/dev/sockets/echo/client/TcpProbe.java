package dev.sockets.echo.client;

import dev.sockets.common.cli.DurationConverter;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.tcp.Connection;
import dev.sockets.common.tcp.TcpClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Probe} over TCP: a new connection per message (the round trip then includes the connect,
 * as echoping measures it), or one kept connection with {@code keep}. One deadline covers connect,
 * write and read: when it passes, a watchdog aborts the connection, which unblocks whatever waits.
 * After a failed exchange a kept connection is dropped (its stream is out of step) and the next message
 * opens a new one, so servers that close after each message are measured too.
 */
final class TcpProbe implements Probe {

    private final Endpoint server;
    private final Duration timeout;
    private final boolean keep;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("echo-client-watchdog").daemon(true).factory());
    private volatile Connection connection;

    TcpProbe(Endpoint server, Duration timeout, boolean keep) {
        this.server = server;
        this.timeout = timeout;
        this.keep = keep;
    }

    @Override
    public Outcome exchange(long seq, byte[] payload) {
        long start = System.nanoTime();
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> deadline = watchdog.schedule(() -> {
            expired.set(true);
            Connection c = connection;
            if (c != null) {
                c.abort();
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        int got = 0;
        boolean ok = false;
        AtomicReference<IOException> writeFailure = new AtomicReference<>();
        try {
            if (connection == null) {
                connection = TcpClient.connect(server, timeout);
                if (expired.get()) {
                    connection.abort();
                }
            }
            Connection c = connection;
            // Written concurrently with the reading below: a message larger than both socket buffers
            // together would otherwise block the write forever while the server waits for us to read.
            Thread writer = Thread.ofVirtual().name("echo-client-writer").start(() -> send(c, payload, writeFailure));
            ByteBuffer in = ByteBuffer.allocate(Math.min(payload.length, 64 * 1024));
            while (got < payload.length) {
                in.clear().limit(Math.min(in.capacity(), payload.length - got));
                if (connection.read(in) < 0) {
                    return Outcome.failed("connection closed by the server after " + got + " of " + payload.length + " bytes");
                }
                in.flip();
                while (in.hasRemaining()) {
                    byte b = in.get();
                    if (b != payload[got]) {
                        return Outcome.failed(String.format("byte %d differs: expected 0x%02x, got 0x%02x",
                                got, payload[got] & 0xff, b & 0xff));
                    }
                    got++;
                }
            }
            // Every byte came back, so every byte was written: the writer is returning, not blocked
            // (and were it blocked, the watchdog's abort would end it by the deadline).
            writer.join();
            ok = true;
            return Outcome.ok(System.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed("interrupted");
        } catch (IOException e) {
            IOException sendFailure = writeFailure.get();
            if (sendFailure != null && !expired.get()) {
                e = sendFailure;
            }
            if (expired.get()) {
                return Outcome.failed("timed out after " + DurationConverter.format(timeout) + " (got " + got + " of "
                        + payload.length + " bytes)");
            }
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            return Outcome.failed(connection == null ? why
                    : why.toLowerCase(java.util.Locale.ROOT) + " after " + got + " of " + payload.length + " bytes");
        } finally {
            deadline.cancel(false);
            if (!ok || !keep || expired.get()) {
                disconnect();
            }
        }
    }

    /** Writes the whole message; on failure records why and aborts, so the reader stops waiting. */
    private static void send(Connection c, byte[] payload, AtomicReference<IOException> failure) {
        try {
            c.write(ByteBuffer.wrap(payload));
        } catch (IOException e) {
            failure.compareAndSet(null, e);
            c.abort();
        }
    }

    private void disconnect() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public void close() {
        disconnect();
        watchdog.shutdownNow();
    }
}
