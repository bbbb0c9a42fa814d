package dev.sockets.chat.server.web;

import dev.sockets.chat.server.session.Transport;
import dev.sockets.common.net.Endpoint;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.webserver.ConnectionContext;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsSession;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One IRC client over a WebSocket, as the IRCv3 WebSocket specification has it: every message is one IRC
 * line without CR LF, in text frames ({@code text.ircv3.net}, also when no subprotocol was asked for) or
 * binary frames ({@code binary.ircv3.net}). To the session it is a byte stream like a socket: each message
 * received becomes a line ended by LF (a message containing CR or LF is several lines, as over TCP), and
 * each line written becomes one message.
 *
 * <p>Helidon reads the socket on its own virtual thread and hands each message to {@link #received};
 * that call blocks while {@link #MAX_INBOUND} bytes wait for the session, so a client that sends faster
 * than its lines are processed stops being read, as over TCP. In text mode a line that is not valid UTF-8
 * (a TCP client may send Latin-1) is converted, each invalid byte sequence replaced by U+FFFD, since a text
 * frame must be UTF-8.
 */
final class WebTransport implements Transport {

    static final String TEXT = "text.ircv3.net";
    static final String BINARY = "binary.ircv3.net";
    /** Input received and not yet read by the session, at most. */
    static final int MAX_INBOUND = 64 * 1024;

    private final WsSession ws;
    private final boolean binary;
    private final Endpoint remote;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final Condition writable = lock.newCondition();
    private final ArrayDeque<byte[]> inbound = new ArrayDeque<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private int inboundBytes;
    private int headOffset;
    private boolean ended;
    private volatile boolean finished;

    WebTransport(WsSession ws, boolean binary, Endpoint remote) {
        this.ws = ws;
        this.binary = binary;
        this.remote = remote;
    }

    /** A message or a fragment of one from the client; {@code last} ends the line. Blocks while the backlog is full. */
    void received(byte[] bytes, boolean last) throws InterruptedException {
        byte[] line = bytes;
        if (last) {
            line = java.util.Arrays.copyOf(bytes, bytes.length + 1);
            line[bytes.length] = '\n';
        }
        if (line.length == 0) {
            return;
        }
        lock.lock();
        try {
            while (inboundBytes >= MAX_INBOUND && !ended) {
                writable.await();
            }
            if (ended) {
                return;
            }
            inbound.addLast(line);
            inboundBytes += line.length;
            readable.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The WebSocket closed or failed: the session reads the end of its input. */
    void closedByPeer() {
        endInput();
        closed.countDown();
    }

    @Override
    public Endpoint remote() {
        return remote;
    }

    @Override
    public int read(ByteBuffer into) throws IOException {
        lock.lock();
        try {
            while (inbound.isEmpty() && !ended) {
                readable.await();
            }
            if (inbound.isEmpty()) {
                return -1;
            }
            int n = 0;
            while (!inbound.isEmpty() && into.hasRemaining()) {
                byte[] head = inbound.peekFirst();
                int take = Math.min(into.remaining(), head.length - headOffset);
                into.put(head, headOffset, take);
                headOffset += take;
                n += take;
                if (headOffset == head.length) {
                    inbound.pollFirst();
                    headOffset = 0;
                }
            }
            inboundBytes -= n;
            writable.signal();
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading a WebSocket");
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int available() {
        lock.lock();
        try {
            return inboundBytes;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void write(ByteBuffer lines) throws IOException {
        byte[] b = lines.array();
        int from = lines.arrayOffset() + lines.position();
        int end = lines.arrayOffset() + lines.limit();
        try {
            for (int i = from; i < end; i++) {
                if (b[i] != '\n') {
                    continue;
                }
                int stop = i > from && b[i - 1] == '\r' ? i - 1 : i;
                if (stop > from) {
                    if (binary) {
                        ws.send(BufferData.create(b, from, stop - from), true);
                    } else {
                        ws.send(new String(b, from, stop - from, StandardCharsets.UTF_8), true);
                    }
                }
                from = i + 1;
            }
        } catch (RuntimeException e) {
            // Helidon reports a failed socket write as an unchecked exception.
            throw new IOException("WebSocket write failed: " + e.getMessage(), e);
        }
        lines.position(lines.limit());
    }

    @Override
    public boolean inputEndsOutput() {
        return true;
    }

    @Override
    public void endInput() {
        lock.lock();
        try {
            ended = true;
            inbound.clear();
            inboundBytes = 0;
            readable.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Sends the close frame and waits, at most {@code linger}, for the client's; what it still sends is dropped. */
    @Override
    public void finish(Duration linger, int maxBytes) throws IOException {
        finished = true;
        endInput();
        try {
            ws.close(WsCloseCodes.NORMAL_CLOSE, "");
            if (!closed.await(linger.toNanos(), TimeUnit.NANOSECONDS)) {
                abort();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
        } catch (RuntimeException e) {
            abort();
        }
    }

    /** After the session: a connection that did not end in order (a writer stuck on a client that does not read) is cut. */
    void release() {
        if (!finished) {
            abort();
        }
    }

    /** Closes the socket under the WebSocket, which also fails a write blocked on a client that does not read. */
    void abort() {
        endInput();
        try {
            if (ws.socketContext() instanceof ConnectionContext ctx) {
                HelidonSocket socket = ctx.serverSocket();
                socket.close();
            }
        } catch (RuntimeException e) {
            // closed already
        }
        closed.countDown();
    }

    @Override
    public String toString() {
        return remote + " (websocket)";
    }
}
