package dev.sockets.it.harness;

import dev.sockets.common.net.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One TCP echo client streaming verified data: a writer thread sends a pseudo-random byte stream (a
 * function of the seed and the byte's position, so nothing needs to be kept), a reader thread checks
 * every byte that comes back against it. The writer stays at most {@link #WINDOW} bytes ahead of what
 * was verified, so neither side's buffers grow and the pair runs as fast as the server echoes. It streams
 * until {@link #finishAfter(long)}, then half-closes and expects the rest back and a close.
 *
 * <p>The {@link Result} says how it ended: every byte back and a clean close ({@link Outcome#COMPLETE}),
 * closed or reset early with every byte received so far correct ({@link Outcome#CLOSED}), or a wrong byte
 * ({@link Outcome#CORRUPT}, the failure an echo server must never produce). Every wait is bounded.
 * Thread-safe; closing it closes the socket.
 */
public final class EchoStream implements AutoCloseable {

    /** How far the writer may run ahead of the verified bytes. */
    public static final int WINDOW = 64 * 1024;
    private static final int CHUNK = 8 * 1024;
    private static final Duration STALL = Duration.ofSeconds(20);

    /** How a stream ended. */
    public enum Outcome { COMPLETE, CLOSED, CORRUPT, STALLED }

    /** The end of a stream: its outcome, bytes written and verified, and what happened (for messages). */
    public record Result(Outcome outcome, long written, long verified, String detail) { }

    private final Socket socket;
    private final long seed;
    private final Semaphore window = new Semaphore(WINDOW);
    private final CompletableFuture<Result> result = new CompletableFuture<>();
    private volatile long written;
    private volatile long verified;
    private volatile long stopAt = Long.MAX_VALUE;
    private volatile boolean allWritten;
    private volatile String writerError;

    private EchoStream(Socket socket, long seed) {
        this.socket = socket;
        this.seed = seed;
    }

    /** Connects (bounded) and starts streaming on two virtual threads. */
    public static EchoStream start(Endpoint server, long seed) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(server.address(), server.port()), 5000);
        s.setSoTimeout((int) STALL.toMillis());
        EchoStream stream = new EchoStream(s, seed);
        Thread.ofVirtual().name("echo-stream-writer-" + seed).start(stream::writeLoop);
        Thread.ofVirtual().name("echo-stream-reader-" + seed).start(stream::readLoop);
        return stream;
    }

    /** Writes {@code moreBytes} more (from about now), then half-closes. */
    public void finishAfter(long moreBytes) {
        stopAt = written + moreBytes;
    }

    public long verified() {
        return verified;
    }

    public long written() {
        return written;
    }

    /** Waits for the end of the stream. */
    public Result await(Duration atMost) {
        try {
            return result.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("echo stream " + seed + " still running after " + atMost + ": written " + written
                    + ", verified " + verified);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    /** The byte at {@code position} of stream {@code seed}: a SplitMix64 hash of its 8-byte block. */
    static byte expected(long seed, long position) {
        long z = seed * 0x9E3779B97F4A7C15L + (position >>> 3) + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (byte) (z >>> ((position & 7) << 3));
    }

    private void writeLoop() {
        byte[] chunk = new byte[CHUNK];
        try {
            OutputStream out = socket.getOutputStream();
            while (written < stopAt) {
                int n = (int) Math.min(CHUNK, stopAt - written);
                if (!window.tryAcquire(n, STALL.toMillis(), TimeUnit.MILLISECONDS)) {
                    finish(Outcome.STALLED, "nothing echoed for " + STALL);
                    return;
                }
                long at = written;
                for (int i = 0; i < n; i++) {
                    chunk[i] = expected(seed, at + i);
                }
                out.write(chunk, 0, n);
                written = at + n;
            }
            allWritten = true; // before the half-close: the server's close, which the reader sees, follows it
            socket.shutdownOutput();
        } catch (IOException e) {
            writerError = e.toString(); // the server closed or reset: the reader sees it too and decides
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readLoop() {
        byte[] buf = new byte[CHUNK];
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    boolean all = allWritten && writerError == null && verified == written;
                    finish(all ? Outcome.COMPLETE : Outcome.CLOSED, "end of stream"
                            + (writerError == null ? "" : "; writer: " + writerError));
                    return;
                }
                long at = verified;
                for (int i = 0; i < n; i++) {
                    if (buf[i] != expected(seed, at + i)) {
                        verified = at + i;
                        finish(Outcome.CORRUPT, String.format("byte %d is 0x%02x, sent 0x%02x", at + i, buf[i] & 0xff,
                                expected(seed, at + i) & 0xff));
                        return;
                    }
                }
                verified = at + n;
                window.release(n);
            }
        } catch (SocketTimeoutException e) {
            finish(Outcome.STALLED, "nothing echoed for " + STALL);
        } catch (IOException e) {
            finish(Outcome.CLOSED, e.toString()); // a reset: a clean end as far as the data goes
        }
    }

    private void finish(Outcome outcome, String detail) {
        result.complete(new Result(outcome, written, verified, detail));
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
