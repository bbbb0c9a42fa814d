package dev.sockets.common.testing;

import dev.sockets.common.net.Endpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A line-oriented TCP test client with bounded waits: every read has a deadline (default 5 s) and
 * fails with an {@link AssertionError} naming what it waited for and what it saw. Lines are sent with
 * CRLF; received lines are split on LF with a trailing CR removed. Text is UTF-8 both ways; use
 * {@link #sendRaw(byte[])} and {@link #readBytes(int)} when exact bytes matter. Not thread-safe: one test
 * thread per client. Closing it closes the socket.
 */
public final class LineClient implements AutoCloseable {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final List<String> seen = new ArrayList<>();
    private Duration timeout = DEFAULT_TIMEOUT;

    private LineClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    public static LineClient connect(Endpoint endpoint) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(endpoint.address(), endpoint.port()), (int) DEFAULT_TIMEOUT.toMillis());
        return new LineClient(s);
    }

    /** Connects from the local address {@code from} (e.g. 127.0.0.2, so a server sees another client address). */
    public static LineClient connectFrom(java.net.InetAddress from, Endpoint endpoint) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress(endpoint.address(), endpoint.port()), (int) DEFAULT_TIMEOUT.toMillis());
        return new LineClient(s);
    }

    public LineClient timeout(Duration t) {
        this.timeout = t;
        return this;
    }

    /** Sends {@code line} + CRLF (UTF-8). */
    public LineClient send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /** Sends raw bytes as they are. */
    public LineClient sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** The next line, or an AssertionError after the timeout; null at end of stream. */
    public String readLine() throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = takeLine();
            if (line != null) {
                seen.add(line);
                return line;
            }
            int b = readByte(deadline, "a line");
            if (b < 0) {
                if (pending.size() > 0) {
                    String rest = pending.toString(StandardCharsets.UTF_8);
                    pending.reset();
                    seen.add(rest);
                    return rest;
                }
                return null;
            }
            pending.write(b);
        }
    }

    /** Reads lines until one matches; fails after the timeout listing the lines seen. */
    public String readUntil(Predicate<String> match, String description) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Duration saved = timeout;
            timeout = Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
            String line;
            try {
                line = readLine();
            } finally {
                timeout = saved;
            }
            if (line == null) {
                throw new AssertionError("connection closed while waiting for " + description + "; lines seen: " + seen);
            }
            if (match.test(line)) {
                return line;
            }
        }
        throw new AssertionError("no line with " + description + " within " + timeout + "; lines seen: " + seen);
    }

    /** Reads lines until one contains {@code text}. */
    public String readUntilContains(String text) throws IOException {
        return readUntil(l -> l.contains(text), "'" + text + "'");
    }

    /** Reads exactly {@code n} bytes, failing after the timeout. */
    public byte[] readBytes(int n) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buf = new byte[n];
        int off = 0;
        byte[] p = pending.toByteArray();
        int fromPending = Math.min(n, p.length);
        System.arraycopy(p, 0, buf, 0, fromPending);
        pending.reset();
        pending.write(p, fromPending, p.length - fromPending);
        off = fromPending;
        while (off < n) {
            setTimeout(deadline, "bytes " + off + ".." + n);
            int r;
            try {
                r = in.read(buf, off, n - off);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("timed out after " + timeout + " with " + off + " of " + n + " bytes");
            }
            if (r < 0) {
                throw new AssertionError("connection closed after " + off + " of " + n + " bytes");
            }
            off += r;
        }
        return buf;
    }

    /** Reads everything until the server closes (bounded by the timeout). */
    public byte[] readToEnd() throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(pending.toByteArray());
        pending.reset();
        byte[] buf = new byte[8192];
        while (true) {
            setTimeout(deadline, "end of stream");
            int r;
            try {
                r = in.read(buf);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("server did not close within " + timeout + "; got " + all.size() + " bytes");
            }
            if (r < 0) {
                return all.toByteArray();
            }
            all.write(buf, 0, r);
        }
    }

    /** Asserts the server closes the connection within the timeout (reading and discarding). */
    public void awaitClosed() throws IOException {
        try {
            readToEnd();
        } catch (java.net.SocketException e) {
            // a reset is a close too
        }
    }

    /** Half-close: the server reads end of stream. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    public Socket socket() {
        return socket;
    }

    public Endpoint local() {
        return Endpoint.of(socket.getLocalSocketAddress());
    }

    /** Every line read so far. */
    public List<String> seen() {
        return List.copyOf(seen);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private String takeLine() {
        byte[] b = pending.toByteArray();
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                int end = i > 0 && b[i - 1] == '\r' ? i - 1 : i;
                String line = new String(b, 0, end, StandardCharsets.UTF_8);
                pending.reset();
                pending.write(b, i + 1, b.length - i - 1);
                return line;
            }
        }
        return null;
    }

    private int readByte(long deadline, String what) throws IOException {
        setTimeout(deadline, what);
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no " + what + " within " + timeout + "; partial: '"
                    + pending.toString(StandardCharsets.UTF_8) + "'; lines seen: " + seen);
        }
    }

    private void setTimeout(long deadline, String what) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; lines seen: " + seen);
        }
        socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
    }
}
