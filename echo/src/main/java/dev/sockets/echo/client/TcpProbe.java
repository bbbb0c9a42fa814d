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
        try {
            if (connection == null) {
                connection = TcpClient.connect(server, timeout);
                if (expired.get()) {
                    connection.abort();
                }
            }
            connection.write(ByteBuffer.wrap(payload));
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
            ok = true;
            return Outcome.ok(System.nanoTime() - start);
        } catch (IOException e) {
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
