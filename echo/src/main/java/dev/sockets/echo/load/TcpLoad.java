package dev.sockets.echo.load;

import dev.sockets.common.tcp.Connection;
import dev.sockets.common.tcp.TcpClient;
import dev.sockets.echo.client.Payload;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TCP load: each connection has a writer (virtual thread) that keeps up to {@code depth} messages in
 * flight and a reader (virtual thread) that verifies every echoed byte in order and records each
 * message's latency. When the duration is over the writer half-closes; the server then echoes the rest
 * and closes, which ends the reader. Whatever has not finished {@code timeout} after the end is aborted
 * and its missing echoes count as unanswered, so a run always ends.
 */
final class TcpLoad {

    private static final Logger log = LoggerFactory.getLogger(TcpLoad.class);

    private final LoadPlan plan;
    private final LoadTally tally;
    private final long endNanos;
    private final Pacer pacer;
    private final java.util.Set<Connection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean deadlinePassed;

    TcpLoad(LoadPlan plan, LoadTally tally, long startNanos) {
        this.plan = plan;
        this.tally = tally;
        this.endNanos = startNanos + plan.duration().toNanos();
        this.pacer = plan.rate() > 0 ? new Pacer(plan.rate(), startNanos) : null;
    }

    /** Runs every connection to its end; returns when all are done. */
    void run() {
        ScheduledExecutorService deadline = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("echo-load-deadline").daemon(true).factory());
        long untilDeadline = endNanos + plan.timeout().toNanos() - System.nanoTime();
        deadline.schedule(this::abortAll, untilDeadline, TimeUnit.NANOSECONDS);
        try (var threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("echo-load-", 0).factory())) {
            List<Integer> ids = IntStream.range(0, plan.connections()).boxed().toList();
            ids.forEach(id -> threads.submit(() -> flow(id)));
        } finally {
            deadline.shutdownNow();
        }
    }

    private void abortAll() {
        deadlinePassed = true;
        open.forEach(Connection::abort);
    }

    private void flow(int id) {
        Connection connection;
        try {
            connection = TcpClient.connect(plan.server(), plan.timeout());
        } catch (IOException e) {
            tally.connectFailures.increment();
            log.debug("connection {}: {}", id, e.getMessage());
            return;
        }
        open.add(connection);
        if (deadlinePassed) {
            connection.abort();
        }
        Semaphore window = new Semaphore(plan.depth());
        AtomicLongArray sentAt = new AtomicLongArray(plan.depth());
        Writer writer = new Writer(id, connection, window, sentAt);
        Thread writerThread = Thread.ofVirtual().name("echo-load-writer-" + id).start(writer);
        long answered = read(id, connection, window, sentAt);
        connection.abort();
        writerThread.interrupt(); // it may be waiting for window space that will never come
        try {
            writerThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        open.remove(connection);
        long missing = writer.sent - answered;
        if (missing > 0 && answered >= 0) {
            tally.unanswered.add(missing);
        }
    }

    /** Verifies echoes until end of stream; returns the messages answered, or -1 after a mismatch. */
    private long read(int id, Connection connection, Semaphore window, AtomicLongArray sentAt) {
        int size = plan.size();
        int depth = plan.depth();
        ByteBuffer buf = ByteBuffer.allocate(Math.max(size, 16 * 1024));
        byte[] b = buf.array();
        long seq = 0;
        long seed = LoadPlan.seed(id, 0);
        int offset = 0;
        try {
            int n;
            while ((n = connection.read(buf)) >= 0) {
                for (int i = 0; i < n; i++) {
                    if (b[i] != Payload.at(seed, offset)) {
                        tally.mismatches.increment();
                        log.debug("connection {}: message {} byte {} differs", id, seq, offset);
                        return -1;
                    }
                    if (++offset == size) {
                        tally.verified(System.nanoTime() - sentAt.get((int) (seq % depth)));
                        window.release();
                        seq++;
                        seed = LoadPlan.seed(id, seq);
                        offset = 0;
                    }
                }
                buf.clear();
            }
        } catch (IOException e) {
            if (!deadlinePassed) {
                tally.ioErrors.increment();
                log.debug("connection {}: {}", id, e.toString());
            }
        }
        return seq;
    }

    /** Sends messages while the window allows, until the duration is over; then half-closes. */
    private final class Writer implements Runnable {
        private final int id;
        private final Connection connection;
        private final Semaphore window;
        private final AtomicLongArray sentAt;
        volatile long sent;

        Writer(int id, Connection connection, Semaphore window, AtomicLongArray sentAt) {
            this.id = id;
            this.connection = connection;
            this.window = window;
            this.sentAt = sentAt;
        }

        @Override
        public void run() {
            byte[] message = new byte[plan.size()];
            long seq = 0;
            try {
                while (true) {
                    long left = endNanos - System.nanoTime();
                    if (left <= 0 || !window.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                        break;
                    }
                    if (pacer != null && !pacer.await(endNanos)) {
                        break;
                    }
                    long seed = LoadPlan.seed(id, seq);
                    for (int i = 0; i < message.length; i++) {
                        message[i] = Payload.at(seed, i);
                    }
                    sentAt.set((int) (seq % plan.depth()), System.nanoTime());
                    connection.write(ByteBuffer.wrap(message));
                    sent = ++seq;
                    tally.sent.increment();
                }
                connection.shutdownOutput();
            } catch (IOException e) {
                // the reader sees the same failure and reports it once
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
