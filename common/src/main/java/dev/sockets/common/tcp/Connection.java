package dev.sockets.common.tcp;

import dev.sockets.common.net.Endpoint;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;

/**
 * One connected TCP socket: the per-client socket a server gets from accept, or the socket a client
 * gets from connect. Blocking I/O; meant to be used from one reading thread and at most one writing
 * thread at a time (a reader and a writer may run concurrently).
 *
 * <p>Reads and writes are available as a {@link ByteChannel} ({@link #read(ByteBuffer)},
 * {@link #write(ByteBuffer)}, which writes every remaining byte) and as streams ({@link #input()},
 * {@link #output()}, which honour {@link #setReadTimeout(Duration)}). Bytes are counted either way.
 * {@link #close()} is idempotent and may be called from any thread; it unblocks a blocked reader or
 * writer. Whoever creates a connection closes it: a server closes it when its handler returns.
 */
public final class Connection implements ByteChannel, Closeable {

    private static final LongConsumer NO_COUNTER = n -> { };

    private final SocketChannel channel;
    private final Endpoint local;
    private final Endpoint remote;
    private final LongConsumer bytesInCounter;
    private final LongConsumer bytesOutCounter;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean inherited;
    // Replaced once by layer(): the streams of a socket layered over this one (TLS).
    private volatile InputStream input;
    private volatile OutputStream output;
    private volatile Socket layer;
    private volatile InputStream layerIn;
    private volatile OutputStream layerOut;

    // Read by the server's watchdog thread; written by the connection's own threads.
    private volatile long bytesIn;
    private volatile long bytesOut;
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile long writeStartedNanos; // 0 while no write is in progress

    // Set once by onLoop(): reads and writes then wait for that loop's selector (see EventLoop).
    private volatile LoopSocket onLoop;

    /**
     * Wraps a connected, blocking channel. The counters receive every byte count read and written (for
     * server-wide statistics); the connection keeps its own totals too.
     */
    public Connection(SocketChannel channel, LongConsumer bytesInCounter, LongConsumer bytesOutCounter)
            throws IOException {
        this.channel = channel;
        this.local = Endpoint.of(channel.getLocalAddress());
        this.remote = Endpoint.of(channel.getRemoteAddress());
        this.bytesInCounter = bytesInCounter == null ? NO_COUNTER : bytesInCounter;
        this.bytesOutCounter = bytesOutCounter == null ? NO_COUNTER : bytesOutCounter;
        InputStream rawIn = channel.socket().getInputStream();
        OutputStream rawOut = channel.socket().getOutputStream();
        this.input = new CountingInput(rawIn);
        this.output = new CountingOutput(rawOut);
    }

    /** Wraps a connected channel without server-wide counters (client side). */
    public Connection(SocketChannel channel) throws IOException {
        this(channel, null, null);
    }

    public Endpoint local() {
        return local;
    }

    public Endpoint remote() {
        return remote;
    }

    /** The underlying channel, for socket options. Do not close it directly: use {@link #close()}. */
    public SocketChannel channel() {
        return channel;
    }

    /**
     * From now on every read and write of this connection passes through {@code layer}, a socket layered
     * over this connection's own socket: typically a server-mode {@link javax.net.ssl.SSLSocket} from
     * {@code sslContext.getSocketFactory().createSocket(connection.channel().socket(), null, true)} whose
     * handshake the caller has completed. {@link #read}, {@link #write}, {@link #input()}, {@link #output()}
     * and {@link #shutdownOutput()} then use the layer (counters count the layer's plaintext bytes; the
     * write timeout still applies; {@link #setReadTimeout} now also bounds {@link #read}). {@link #close()}
     * and {@link #abort()} still close the TCP socket itself, without a TLS close_notify; call
     * {@link #shutdownOutput()} first for an orderly end.
     *
     * <p>Threading: call it once, on the handler's thread, before any other thread uses the connection.
     */
    public void layer(Socket layer) throws IOException {
        if (this.layer != null) {
            throw new IllegalStateException("connection " + this + " is already layered");
        }
        InputStream in = layer.getInputStream();
        OutputStream out = layer.getOutputStream();
        this.layerIn = in;
        this.layerOut = out;
        this.input = new CountingInput(in);
        this.output = new CountingOutput(out);
        this.layer = layer;
    }

    /** The socket {@link #layer} put between this connection and its peer (TLS), or null. */
    public Socket layered() {
        return layer;
    }

    /** Whether {@link #layer} put a socket (TLS) between this connection and its peer. */
    public boolean isLayered() {
        return layer != null;
    }

    /**
     * From now on this connection's reads and writes wait for {@code loop}'s selector instead of the JDK's
     * poller (see {@link EventLoop}): the socket becomes non-blocking, {@link #read} and {@link #write} still
     * block their caller. Call it once, before any I/O, on a virtual thread of that loop, which is then the
     * only thread to read or write; {@link #input()}, {@link #output()} and {@link #layer} are not for a
     * loop connection (a non-blocking socket's streams throw {@code IllegalBlockingModeException}), nor is
     * {@link #setReadTimeout} (the server's idle timeout still closes it).
     */
    public void onLoop(EventLoop loop) throws IOException {
        channel.configureBlocking(false);
        onLoop = new LoopSocket(loop, channel, closed);
    }

    /** Reads into {@code dst}; returns -1 at end of stream. Blocks until at least one byte arrives. */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        InputStream in = layerIn;
        LoopSocket loop = onLoop;
        int n;
        if (loop != null) {
            n = loop.read(dst);
        } else if (in == null) {
            n = channel.read(dst);
        } else if (!dst.hasRemaining()) {
            n = 0;
        } else if (dst.hasArray()) {
            n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
            if (n > 0) {
                dst.position(dst.position() + n);
            }
        } else {
            byte[] b = new byte[Math.min(dst.remaining(), 16 * 1024)];
            n = in.read(b);
            if (n > 0) {
                dst.put(b, 0, n);
            }
        }
        if (n > 0) {
            countIn(n);
        }
        return n;
    }

    /** Writes every remaining byte of {@code src}, blocking while the peer's window is full. */
    @Override
    public int write(ByteBuffer src) throws IOException {
        int total = src.remaining();
        writeStartedNanos = System.nanoTime() | 1;
        try {
            OutputStream out = layerOut;
            LoopSocket loop = onLoop;
            if (loop != null) {
                loop.write(src);
            } else if (out == null) {
                while (src.hasRemaining()) {
                    channel.write(src);
                }
            } else {
                writeThrough(out, src);
            }
        } finally {
            writeStartedNanos = 0;
        }
        countOut(total);
        return total;
    }

    /** Gathering write of every remaining byte of {@code srcs}. */
    public long write(ByteBuffer[] srcs) throws IOException {
        long total = 0;
        for (ByteBuffer b : srcs) {
            total += b.remaining();
        }
        writeStartedNanos = System.nanoTime() | 1;
        try {
            OutputStream out = layerOut;
            LoopSocket loop = onLoop;
            if (loop != null) {
                loop.write(srcs, total);
            } else if (out == null) {
                long left = total;
                while (left > 0) {
                    left -= channel.write(srcs);
                }
            } else {
                for (ByteBuffer b : srcs) {
                    writeThrough(out, b);
                }
            }
        } finally {
            writeStartedNanos = 0;
        }
        countOut(total);
        return total;
    }

    private static void writeThrough(OutputStream out, ByteBuffer src) throws IOException {
        if (src.hasArray()) {
            out.write(src.array(), src.arrayOffset() + src.position(), src.remaining());
            src.position(src.limit());
        } else {
            byte[] b = new byte[Math.min(src.remaining(), 16 * 1024)];
            while (src.hasRemaining()) {
                int n = Math.min(b.length, src.remaining());
                src.get(b, 0, n);
                out.write(b, 0, n);
            }
        }
        out.flush();
    }

    /** A stream of the bytes received; honours the read timeout. Not buffered. */
    public InputStream input() {
        return input;
    }

    /** A stream to the peer. Not buffered: wrap it in a BufferedOutputStream for many small writes. */
    public OutputStream output() {
        return output;
    }

    /**
     * Sets how long a read through {@link #input()} may block before it throws
     * {@link java.net.SocketTimeoutException}; {@code null} or zero means forever.
     */
    public void setReadTimeout(Duration timeout) throws SocketException {
        long ms = timeout == null ? 0 : Math.max(1, timeout.toMillis());
        channel.socket().setSoTimeout((int) Math.min(Integer.MAX_VALUE, ms));
    }

    /** Enables or disables Nagle's algorithm (TCP_NODELAY = !enabled). */
    public void setNoDelay(boolean noDelay) throws IOException {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, noDelay);
    }

    /**
     * Half-close: send FIN (after a TLS close_notify when {@linkplain #layer layered}); the peer reads end
     * of stream, we can still read. Idempotent.
     */
    public void shutdownOutput() throws IOException {
        if (channel.isOpen()) {
            try {
                Socket l = layer;
                if (l != null) {
                    if (!l.isOutputShutdown()) {
                        // close_notify is a write: the write timeout must cover a peer that does not read
                        writeStartedNanos = System.nanoTime() | 1;
                        try {
                            l.shutdownOutput();
                        } finally {
                            writeStartedNanos = 0;
                        }
                    }
                    return;
                }
                channel.shutdownOutput();
            } catch (java.nio.channels.NotYetConnectedException | java.nio.channels.ClosedChannelException e) {
                // already gone: nothing to half-close
            }
        }
    }

    /**
     * Lingering close, the part before {@link #close()}: after {@link #shutdownOutput()}, reads and discards
     * what the peer still sends until it closes, for at most {@code linger} and {@code maxBytes}. Closing a
     * socket with unread input sends a reset, and a reset can destroy the last lines before the peer reads
     * them (a client that pasted more after its QUIT). Returns true when the peer closed in time.
     */
    public boolean discardInput(Duration linger, int maxBytes) throws IOException {
        setReadTimeout(linger);
        long deadline = System.nanoTime() + linger.toNanos();
        byte[] discard = new byte[4096];
        long total = 0;
        try {
            while (total < maxBytes && System.nanoTime() < deadline) {
                int n = input.read(discard);
                if (n < 0) {
                    return true;
                }
                total += n;
            }
        } catch (java.net.SocketTimeoutException e) {
            // it never closed: the caller closes now
        }
        return false;
    }

    /**
     * Closes with a reset (SO_LINGER 0) instead of a FIN, so no TIME_WAIT is left and the peer sees
     * "connection reset". Used for abortive closes.
     */
    public void abort() {
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException | RuntimeException e) {
            // already closed
        }
        close();
    }

    public boolean isOpen() {
        return !closed.get() && channel.isOpen();
    }

    /**
     * Marks this connection's socket as inherited from inetd/systemd: {@link #close()} then shuts it
     * down both ways instead of closing the descriptor, because the JDK closes an inherited channel by
     * pointing descriptors 0, 1 and 2 at /dev/null, which would silence every later log line. The
     * descriptor itself goes when the process exits.
     */
    public void keepDescriptorOnClose() {
        inherited = true;
    }

    /** Idempotent; unblocks any thread blocked in read or write. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                if (inherited) {
                    channel.shutdownOutput();
                    channel.shutdownInput();
                } else {
                    channel.close();
                }
            } catch (IOException e) {
                // closing a socket can only fail if it is already broken: nothing to do
            }
            LoopSocket loop = onLoop;
            if (loop != null) {
                loop.closed();
            }
        }
    }

    public long bytesIn() {
        return bytesIn;
    }

    public long bytesOut() {
        return bytesOut;
    }

    /** Nanos (System.nanoTime) of the last byte read or written. */
    public long lastActivityNanos() {
        return lastActivityNanos;
    }

    /** Nanos when the write in progress started, or 0 when no write is blocked. */
    public long writeStartedNanos() {
        return writeStartedNanos;
    }

    @Override
    public String toString() {
        return "Connection[" + remote + " -> " + local + "]";
    }

    private void countIn(int n) {
        bytesIn += n;
        lastActivityNanos = System.nanoTime();
        bytesInCounter.accept(n);
    }

    private void countOut(long n) {
        bytesOut += n;
        lastActivityNanos = System.nanoTime();
        bytesOutCounter.accept(n);
    }

    private final class CountingInput extends InputStream {
        private final InputStream in;

        CountingInput(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                countIn(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                countIn(n);
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() {
            Connection.this.close();
        }
    }

    private final class CountingOutput extends OutputStream {
        private final OutputStream out;

        CountingOutput(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            writeStartedNanos = System.nanoTime() | 1;
            try {
                out.write(b, off, len);
            } finally {
                writeStartedNanos = 0;
            }
            countOut(len);
        }

        @Override
        public void close() {
            Connection.this.close();
        }
    }
}
