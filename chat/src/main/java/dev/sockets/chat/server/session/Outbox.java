package dev.sockets.chat.server.session;

import dev.sockets.chat.server.state.ReplySource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded outgoing queue of one client and the virtual thread that drains it to the socket.
 *
 * <p>Any thread may {@link #offer} a formatted line; offering never blocks on the network and takes only
 * this queue's lock for a few instructions, so a slow reader never slows its senders. When the queued
 * bytes would exceed the limit the line is refused and {@code onOverflow} runs (the session then
 * disconnects the client with "SendQ exceeded"). The writer takes everything queued (up to 64 KiB) at
 * once, copies it into one buffer and writes it with a single call, so a burst of lines costs one
 * system call; no lock is held while writing. {@link #close} queues a last line, accepts nothing more
 * and lets the writer finish; the socket itself belongs to the server, which closes it.
 *
 * <p>A long reply is not offered line by line but {@link #stream streamed}: the writer pulls its next
 * chunk (about {@link #chunkBytes} bytes) from the {@link ReplySource} whenever what is queued falls below
 * the low-water mark, so the reply goes out at the pace the client reads, whatever its length, and other
 * senders' lines still fit beside it. Producing runs on this client's writer thread, outside this
 * queue's lock (a source may take the registry lock, whose holders offer here).
 */
public final class Outbox {

    private static final int MAX_BATCH = 64 * 1024;

    private final Transport transport;
    private final int limitBytes;
    private final Runnable onOverflow;
    private final Runnable onWriteFailure;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition streamsDone = lock.newCondition();
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final ArrayDeque<ReplySource> sources = new ArrayDeque<>();
    private final int lowWaterBytes;
    private final int chunkBytes;
    private final CountDownLatch finished = new CountDownLatch(1);
    private int queuedBytes;
    private boolean closed;
    private boolean writerWaiting;
    private byte[] buffer = new byte[2048];

    /**
     * @param onOverflow runs (on the offering thread, without locks) when a line does not fit
     * @param onWriteFailure runs on the writer thread when the socket write fails
     */
    public Outbox(Transport transport, int limitBytes, Runnable onOverflow, Runnable onWriteFailure) {
        this.transport = transport;
        this.limitBytes = limitBytes;
        this.onOverflow = onOverflow;
        this.onWriteFailure = onWriteFailure;
        // A chunk always fits beside what is queued below the mark, even in the smallest send queue.
        this.lowWaterBytes = Math.min(16 * 1024, limitBytes / 4);
        this.chunkBytes = Math.min(8 * 1024, limitBytes / 4);
    }

    /** Starts the writer thread. */
    public void start(String name) {
        Thread.ofVirtual().name(name).start(this::drain);
    }

    /**
     * Queues {@code line} (never copied: callers must not change it afterwards, so one array can go to
     * many clients).
     *
     * @return false when refused: closed, or over the limit (then {@code onOverflow} has run)
     */
    public boolean offer(byte[] line) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            if (queuedBytes + line.length <= limitBytes) {
                queue.addLast(line);
                queuedBytes += line.length;
                if (writerWaiting) {
                    writerWaiting = false;
                    notEmpty.signal();
                }
                return true;
            }
        } finally {
            lock.unlock();
        }
        onOverflow.run();
        return false;
    }

    /**
     * Queues a long reply after the lines queued so far; the writer produces it chunk by chunk as the
     * client reads.
     *
     * @return false when closed (the source is not used)
     */
    public boolean stream(ReplySource source) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            sources.addLast(source);
            if (writerWaiting) {
                writerWaiting = false;
                notEmpty.signal();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every streamed reply has been produced (or the outbox closed). */
    public void awaitStreamed() throws InterruptedException {
        lock.lock();
        try {
            while (!sources.isEmpty() && !closed) {
                streamsDone.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops accepting lines: queues {@code last} (if not null) after what is queued, or instead of it when
     * {@code dropPending}; the writer flushes and ends. Idempotent: only the first call counts.
     */
    public void close(byte[] last, boolean dropPending) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            sources.clear();
            streamsDone.signalAll();
            if (dropPending) {
                queue.clear();
                queuedBytes = 0;
            }
            if (last != null) {
                queue.addLast(last);
                queuedBytes += last.length;
            }
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the writer has flushed everything after {@link #close} (or failed); true if it did. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Bytes queued and not yet taken by the writer. */
    public int queuedBytes() {
        lock.lock();
        try {
            return queuedBytes;
        } finally {
            lock.unlock();
        }
    }

    private void drain() {
        try {
            while (true) {
                pump();
                int n = takeBatch();
                if (n < 0) {
                    return;
                }
                if (n > 0) {
                    transport.write(ByteBuffer.wrap(buffer, 0, n));
                }
            }
        } catch (IOException e) {
            failed();
        } catch (InterruptedException e) {
            failed();
        } finally {
            finished.countDown();
        }
    }

    private void failed() {
        lock.lock();
        try {
            closed = true;
            queue.clear();
            queuedBytes = 0;
            sources.clear();
            streamsDone.signalAll();
        } finally {
            lock.unlock();
        }
        onWriteFailure.run();
    }

    /** Produces streamed replies, a chunk at a time, until the queue is above the low-water mark. */
    private void pump() {
        while (true) {
            ReplySource source;
            lock.lock();
            try {
                if (closed || sources.isEmpty() || queuedBytes >= lowWaterBytes) {
                    return;
                }
                source = sources.peekFirst();
            } finally {
                lock.unlock();
            }
            boolean more;
            try {
                more = source.fill(this::offer, chunkBytes);
            } catch (RuntimeException e) {
                // A bug in one reply must not end the connection's writer: that reply ends here.
                more = false;
            }
            lock.lock();
            try {
                if (!more && sources.peekFirst() == source) {
                    sources.pollFirst();
                    if (sources.isEmpty()) {
                        streamsDone.signalAll();
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Moves queued lines into {@link #buffer}; returns the byte count, 0 when nothing is queued but a
     * streamed reply waits to be produced, or -1 when closed and empty.
     */
    private int takeBatch() throws InterruptedException {
        lock.lock();
        try {
            boolean waited = false;
            while (queue.isEmpty() && sources.isEmpty() && !closed) {
                writerWaiting = true;
                notEmpty.await();
                waited = true;
            }
            writerWaiting = false;
            if (waited && !closed) {
                // Woken by the first line of a burst (a fan-out, a reply burst): give the producers one
                // scheduling turn so the rest of the burst goes out in the same write.
                lock.unlock();
                try {
                    Thread.yield();
                } finally {
                    lock.lock();
                }
            }
            if (queue.isEmpty()) {
                return closed ? -1 : 0;
            }
            int n = 0;
            while (!queue.isEmpty() && n + queue.peekFirst().length <= MAX_BATCH) {
                byte[] line = queue.pollFirst();
                if (n + line.length > buffer.length) {
                    buffer = java.util.Arrays.copyOf(buffer, Math.min(MAX_BATCH, Math.max(buffer.length * 2, n + line.length)));
                }
                System.arraycopy(line, 0, buffer, n, line.length);
                n += line.length;
            }
            queuedBytes -= n;
            return n;
        } finally {
            lock.unlock();
        }
    }
}
