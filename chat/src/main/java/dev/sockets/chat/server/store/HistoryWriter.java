package dev.sockets.chat.server.store;

import dev.sockets.common.server.ServerStats;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores messages off the fan-out path: {@link #offer} puts a message in a bounded queue and returns at
 * once (the message was already delivered); one platform thread, {@code chat-history-writer}, takes
 * what is queued within {@link #LINGER_MS} of its first message (up to {@link #BATCH}) and inserts it in
 * one transaction, so a message is committed about 10 ms after it was delivered and a batch is
 * stored whole or not at all. When the store fails for a while (down, disk full, locked: {@link
 * Dialect#isTransient}) chat goes on: the outage is logged once and counted, the batch is retried with
 * back-off (100 ms doubling to 5 s) while new messages wait in the queue, and only a message arriving
 * while the queue is full is dropped, with a count. When the store refuses the batch itself (a value or
 * constraint it will not take, or the driver or our code throws), retrying would never end: the batch is
 * written once more row by row, the good rows are stored, and each bad one is dropped and counted
 * ({@code history_rejected}, one log line per kind of failure, never a message's text). Nothing ends
 * the thread but {@link #close}: any other error is logged once per kind, counted ({@code
 * history_writer_errors}), and the writer goes on with the next batch. {@link #close} stores what is
 * pending before it returns (SIGTERM), within a bound.
 *
 * <p>Retention ({@link Retention}) runs on the same thread, at most once a minute.
 */
public final class HistoryWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HistoryWriter.class);
    /** Messages per transaction: one round trip and one fsync for up to this many. */
    static final int BATCH = 1000;
    /** How long the first message of a batch waits for more: the bound on how late a message is stored. */
    static final long LINGER_MS = 10;
    private static final long BACKOFF_MIN_MS = 100;
    private static final long BACKOFF_MAX_MS = 5_000;
    private static final long SWEEP_EVERY_MS = 60_000;
    private final Store store;
    private final HistoryRows rows;
    private final BlockingQueue<Task> queue;
    private final Retention retention;
    private final Thread thread;
    private final LongAdder stored;
    private final LongAdder failures;
    private final LongAdder dropped;
    private final LongAdder rejected;
    private final LongAdder errors;
    /** Kinds of failure already logged (SQL state and code, or a class): one line each, at most {@link #KINDS_LOGGED}. */
    private final Set<String> logged = new HashSet<>();
    private static final int KINDS_LOGGED = 64;
    /** Guards {@link #offered} and {@link #committed}, so that a message's place in the queue is its count. */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition progress = lock.newCondition();
    private long offered;
    /** Messages taken from the queue and done with: stored, or dropped as rejected. */
    private long committed;
    private volatile boolean closing;
    private volatile boolean down;
    /** Set by close() when it stopped waiting: the thread ends at its next attempt. */
    private volatile boolean abandoned;
    private long lastSweep = System.currentTimeMillis();

    /**
     * Starts the writer thread.
     *
     * @param capacity messages kept while the store cannot take them; beyond, new ones are dropped (counted)
     * @param maxAge rows older than this are deleted (null: kept)
     * @param maxPerTarget rows kept per conversation (0: no limit)
     */
    public HistoryWriter(Store store, int capacity, Duration maxAge, int maxPerTarget, ServerStats stats) {
        this.store = store;
        this.rows = new HistoryRows(store);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.retention = new Retention(store, maxAge, maxPerTarget);
        this.stored = stats.counter("history_stored");
        this.failures = stats.counter("history_store_failures");
        this.dropped = stats.counter("history_dropped");
        this.rejected = stats.counter("history_rejected");
        this.errors = stats.counter("history_writer_errors");
        stats.gauge("history_pending", queue::size);
        stats.describe("history_stored", "Messages written to the history.");
        stats.describe("history_store_failures", "Attempts to store a batch while the store was unavailable (each retried).");
        stats.describe("history_dropped", "Messages not stored because the history buffer was full.");
        stats.describe("history_rejected", "Messages not stored because the store refused them (a value or "
                + "constraint it would not take) or writing them failed unexpectedly.");
        stats.describe("history_writer_errors", "Unexpected errors of the history writer (each logged once per kind).");
        stats.describe("history_pending", "Messages delivered and waiting to be stored.");
        this.thread = Thread.ofPlatform().name("chat-history-writer").daemon(true).start(this::run);
    }

    /**
     * What the writer does, in the order offered: store a message, or delete one (a REDACT), so a deletion
     * always finds the message it follows.
     */
    sealed interface Task permits StoredMessage, Forget { }

    /**
     * Deletes the message {@code msgid} and the further lines of a multiline one ({@link HistoryRows#forget}):
     * of {@code channel} (folded), or of a private conversation when null; {@code millis} is the message's
     * time, or -1 when not known (then the channel's chunks are searched whole).
     */
    record Forget(String channel, long millis, String msgid) implements Task { }

    /** Queues a delivered message to be stored; never blocks. False when the buffer was full (counted). */
    public boolean offer(StoredMessage m) {
        return enqueue(m);
    }

    /**
     * Queues the deletion of the message {@code msgid} (a REDACT), done after everything offered before it
     * and retried like a message while the store is unavailable; never blocks. False when the buffer was
     * full (counted as dropped).
     */
    public boolean forget(String channel, long millis, String msgid) {
        return enqueue(new Forget(channel, millis, msgid));
    }

    private boolean enqueue(Task m) {
        lock.lock();
        try {
            if (closing || !queue.offer(m)) {
                dropped.increment();
                return false;
            }
            offered++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until every message offered before this call is stored, so a query right after a message
     * sees it. False when that took longer than {@code timeout} (the store is slow or down).
     */
    public boolean awaitStored(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            long target = offered;
            while (committed < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                progress.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** True while the last attempt to store failed. */
    public boolean isDown() {
        return down;
    }

    /**
     * Stops taking messages and stores what is pending, waiting up to {@code timeout}; what could not be
     * stored by then is logged as lost. Idempotent.
     */
    public void close(Duration timeout) {
        // No interrupt while it may be inside JDBC: the pool would take it for a failure. It notices closing
        // within one poll (100 ms).
        closing = true;
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            abandoned = true;
            thread.interrupt();
            log.warn("chat: history: {} message(s) not stored at shutdown: {} did not take them within {} ms",
                    queue.size(), store, timeout.toMillis());
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    private void run() {
        try {
            loop();
        } finally {
            rows.discard(); // the kept connection goes back to the pool before the store is closed
        }
    }

    private void loop() {
        List<Task> batch = new ArrayList<>(BATCH);
        while (true) {
            try {
                if (batch.isEmpty()) {
                    Task first = closing ? queue.poll() : queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        if (closing) {
                            return;
                        }
                        sweepIfDue();
                        continue;
                    }
                    batch.add(first);
                    linger(batch);
                    number(batch);
                }
                if (write(batch)) {
                    batch.clear();
                    sweepIfDue();
                } else if (!backOff()) {
                    return; // close() stopped waiting and reported what is left
                }
            } catch (InterruptedException e) {
                return; // only close() after giving up interrupts
            } catch (Throwable t) {
                // A bug (ours, the driver's) or an Error outside of one row's insert: retrying the batch could
                // fail the same way for ever, so it is given up, counted, and the writer goes on.
                errors.increment();
                logOnce(t.getClass().getName(), "chat: history: unexpected {}: {} ({} message(s) not stored)",
                        t.getClass().getName(), Store.firstLine(t.getMessage()), batch.size());
                rejected.add(batch.size());
                settled(batch.size());
                batch.clear();
            }
        }
    }

    /**
     * Gathers what arrives within {@link #LINGER_MS} of the first message (less when a batch is waiting
     * already): at a high rate a transaction per message would cost more than the messages themselves. It
     * sleeps through the linger rather than waiting on the queue, which would wake it for every message (a
     * futex call and a context switch on both sides, measured dearer than storing the message).
     */
    private void linger(List<Task> batch) throws InterruptedException {
        if (!closing && queue.size() < BATCH - batch.size()) {
            Thread.sleep(LINGER_MS);
        }
        queue.drainTo(batch, BATCH - batch.size());
    }

    /**
     * Gives each message its {@code seq} once, as it is taken: a batch tried again after an outage is then the
     * same rows and chunks, which the store keeps once.
     */
    private void number(List<Task> batch) {
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i) instanceof StoredMessage m) {
                batch.set(i, m.withId(rows.nextSeq()));
            }
        }
    }

    private long backoffMs = BACKOFF_MIN_MS;

    /** Waits before the next attempt; false once {@link #close} gave up waiting for the store. */
    private boolean backOff() {
        if (abandoned) {
            return false;
        }
        try {
            Thread.sleep(backoffMs);
        } catch (InterruptedException e) {
            return false; // close() gave up waiting
        }
        backoffMs = Math.min(BACKOFF_MAX_MS, backoffMs * 2);
        return !abandoned;
    }

    /**
     * Stores {@code batch}: true when done with it (stored, or its bad rows dropped), false when the store is
     * unavailable and the batch is to be retried as it is.
     */
    private boolean write(List<Task> batch) {
        List<StoredMessage> messages = new ArrayList<>(batch.size());
        List<Forget> forgotten = new ArrayList<>();
        for (Task t : batch) {
            switch (t) {
                case StoredMessage m -> messages.add(m);
                case Forget f -> forgotten.add(f);
            }
        }
        try {
            insertAll(messages, forgotten);
        } catch (SQLException e) {
            if (store.dialect().isTransient(e)) {
                unavailable(e);
                return false;
            }
            return oneByOne(batch);
        } catch (RuntimeException e) {
            return oneByOne(batch); // the driver's or ours: find the row, if it is one row's doing
        }
        available();
        stored.add(messages.size());
        for (StoredMessage m : messages) {
            touch(m);
        }
        settled(batch.size());
        return true;
    }

    /**
     * One transaction for the batch: its messages, then its deletions (each comes after the message it
     * deletes; a message offered after its own deletion does not exist).
     */
    private void insertAll(List<StoredMessage> messages, List<Forget> forgotten) throws SQLException {
        try {
            Connection c = rows.connection();
            Transactions.run(c, () -> {
                rows.insert(messages);
                for (Forget f : forgotten) {
                    HistoryRows.forget(c, store.dialect(), f);
                }
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            rows.discard(); // the next attempt starts on a connection known to be good
            throw e;
        }
    }

    /**
     * The batch was refused for something in it: each row in a transaction of its own, once. A row the store
     * refuses is dropped and counted; when the store becomes unavailable meanwhile, what was done is taken
     * off the batch and the rest is retried later (false).
     */
    private boolean oneByOne(List<Task> batch) {
        int done = 0;
        int good = 0;
        try (Connection c = store.connection()) {
            for (; done < batch.size(); done++) {
                Task t = batch.get(done);
                try {
                    switch (t) {
                        case StoredMessage m -> {
                            HistoryRows.insertOne(c, m);
                            good++;
                            touch(m);
                        }
                        case Forget f -> forgetAlone(c, f);
                    }
                } catch (SQLException e) {
                    if (store.dialect().isTransient(e)) {
                        throw e;
                    }
                    reject(t, (e.getSQLState() == null ? "" : "SQL state " + e.getSQLState() + ", ") + "code "
                            + e.getErrorCode(), "refused", e);
                } catch (RuntimeException e) {
                    reject(t, e.getClass().getName(), "failed to store", e); // a bug: this row's, not the store's
                }
            }
        } catch (SQLException e) {
            // Rows already stored would only be skipped when tried again (ON CONFLICT), but are not tried again.
            stored.add(good);
            settled(done);
            batch.subList(0, done).clear();
            unavailable(e);
            return false;
        }
        if (good > 0) {
            available();
        }
        stored.add(good);
        settled(batch.size());
        return true;
    }

    /** A deletion in a transaction of its own: writing a chunk again is a DELETE and an INSERT, both or neither. */
    private void forgetAlone(Connection c, Forget f) throws SQLException {
        Transactions.run(c, () -> {
            HistoryRows.forget(c, store.dialect(), f);
            return null;
        });
    }

    private void reject(Task t, String kind, String what, Exception e) {
        rejected.increment();
        // The error's first line names the constraint or the type; it never holds a message's text.
        logOnce(kind, "chat: history: {} {} {}, dropped ({}: {}); further ones like it are only counted "
                + "(history_rejected)", store, what, describe(t), kind, Store.firstLine(e.getMessage()));
    }

    /** What a task was about, without a message's text: a message to a channel, a private one, a deletion. */
    private static String describe(Task t) {
        return switch (t) {
            case Forget f -> "the deletion of a redacted message";
            case StoredMessage m -> m.where() instanceof Conversation.OfChannel ch ? "a message to " + ch.folded()
                    : m.where() == null ? "a message to no conversation" : "a private message";
        };
    }

    private void logOnce(String kind, String format, Object... args) {
        if (logged.size() < KINDS_LOGGED && logged.add(kind)) {
            log.warn(format, args);
        }
    }

    private void unavailable(SQLException e) {
        failures.increment();
        if (!down) {
            down = true;
            log.warn("chat: history: cannot store messages in {}: {}; chat goes on, retrying (up to {} messages "
                    + "kept meanwhile)", store, Store.firstLine(e.getMessage()), queue.remainingCapacity() + queue.size());
        }
    }

    private void available() {
        if (down) {
            down = false;
            log.info("chat: history: storing in {} again ({} message(s) dropped while it was unavailable)", store,
                    dropped.sum());
        }
        backoffMs = BACKOFF_MIN_MS;
    }

    private void touch(StoredMessage written) {
        retention.touch(written);
    }

    /** {@code n} more messages are done with: whoever waits for them in {@link #awaitStored} may go on. */
    private void settled(int n) {
        lock.lock();
        try {
            committed += n;
            progress.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Retention, at most once a minute and never while the store is failing. */
    private void sweepIfDue() {
        long now = System.currentTimeMillis();
        if (down || now - lastSweep < SWEEP_EVERY_MS || !retention.limits()) {
            return;
        }
        lastSweep = now;
        sweep(now);
    }

    /** Retention now ({@link Retention#sweep}); for tests, which cannot wait a minute. */
    void sweep(long now) {
        retention.sweep(now);
    }
}
