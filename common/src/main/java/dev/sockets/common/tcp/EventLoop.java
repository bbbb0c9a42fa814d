package dev.sockets.common.tcp;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One platform thread with a {@link Selector} that is also the only carrier of the virtual threads made by
 * {@link #newThread}. A handler on such a thread blocks in {@link Connection#read} as anywhere else, but on
 * a {@linkplain Connection#onLoop loop connection} that read waits for this selector instead of the JDK's
 * poller, and the loop resumes the handler on its own thread: read, handler and write run on one thread,
 * the socket is registered once, as in Netty's event loop. Per ping-pong message that is one {@code read},
 * one {@code write} and a share of one {@code epoll_wait}; the JDK's virtual-thread I/O adds a read that
 * finds nothing, an {@code epoll_ctl} to re-arm and a hand-off between threads (2.0 reads, 1.2
 * {@code epoll_ctl}, 2.0 {@code futex} per message against 1.0, 0 and 0.03; docs/BENCHMARKS.md).
 *
 * <p>Giving virtual threads a carrier of our own needs the JDK's scheduler hook, which is not public API:
 * the constructor the JDK's own tests use, {@code java.lang.ThreadBuilders$VirtualThreadBuilder(Executor)},
 * opened by {@code Add-Opens: java.base/java.lang} in echo.jar's manifest (the chat and daytime jars do not
 * open it). Where it is missing or closed, {@link EventLoops#open} says so and connections get a virtual
 * thread each on the default scheduler. Only JDK 25 was measured and tested; JDK 21 differs where it matters
 * here (it submits some continuations from the carrier, and a {@code synchronized} block pins).
 *
 * <p>What a handler on a loop must not do: hold its carrier, because every connection of the loop waits
 * meanwhile: a native call that waits (DNS, file I/O, so also a log line to a file or a full pipe), a park
 * while pinned (on JDK 21 any wait inside {@code synchronized}, which deadlocks the loop for good when the
 * owner of the monitor is another thread of the same loop). Parking is fine (locks, queues, sleeps): a
 * parked virtual thread gives the loop back. Every virtual thread a handler creates (with
 * {@code Thread.ofVirtual()}, or a virtual-thread executor asked from the handler) inherits the loop as its
 * scheduler: it runs on the loop's thread too, under the same rules. Work that blocks goes to a platform
 * thread or to an executor whose threads were made outside the loop.
 */
public final class EventLoop implements Executor, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);
    /** Outside tasks run between two selects at most: threads unparking each other cannot starve the sockets. */
    private static final int TASKS_PER_SELECT = 1024;
    /** Rounds of tasks run after the loop ends, so a handler that keeps yielding cannot keep its thread. */
    private static final int FINAL_ROUNDS = 16;

    private final Selector selector;
    private final Thread thread;
    private final Thread.Builder.OfVirtual builder;
    // Continuations submitted by the loop thread itself (a socket ready, a yield) and by any other thread.
    private final ArrayDeque<Runnable> ownTasks = new ArrayDeque<>();
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean selecting = new AtomicBoolean();
    private volatile boolean closed;
    // Set as the loop's thread is about to end (closed, or failed): execute() rejects from then on.
    private volatile boolean ended;

    EventLoop(String name, Constructor<?> virtualThreadBuilder) throws IOException, ReflectiveOperationException {
        this.builder = (Thread.Builder.OfVirtual) virtualThreadBuilder.newInstance(this);
        this.selector = Selector.open();
        this.thread = Thread.ofPlatform().name(name).daemon(true).start(this::loop);
    }

    /** An unstarted virtual thread carried by this loop's thread. */
    public Thread newThread(String name, Runnable task) {
        synchronized (builder) { // a builder is not thread-safe
            return builder.name(name).unstarted(task);
        }
    }

    Selector selector() {
        return selector;
    }

    /**
     * The scheduler's side: runs {@code task} (a virtual thread's continuation) on the loop thread. Only a
     * loop blocked in select needs waking, and then the caller is another thread: while the loop thread
     * runs tasks (its virtual threads unparking each other, yielding) it is not selecting.
     *
     * @throws RejectedExecutionException once the loop is closed or its thread has ended: the task would never
     *     run, so {@code Thread.start} and {@code unpark} fail instead and their caller cleans up
     */
    @Override
    public void execute(Runnable task) {
        if (Thread.currentThread() == thread) { // the loop itself: sockets it found ready, yields, unparks
            ownTasks.add(task);
            return;
        }
        if (closed || ended) {
            throw new RejectedExecutionException("event loop " + thread.getName() + " is closed");
        }
        tasks.add(task);
        // The loop sets ended before its last drain of tasks: either that drain sees this task or we see ended.
        if (ended && tasks.remove(task)) {
            throw new RejectedExecutionException("event loop " + thread.getName() + " has ended");
        }
        if (selecting.get()) {
            selector.wakeup();
        }
    }

    /** Whether the loop still runs new work: not closed, and its thread has not died. */
    boolean isRunning() {
        return !closed && !ended;
    }

    /** Wakes the loop, so that its selector closes a just closed socket's descriptor now. */
    void wakeup() {
        selector.wakeup();
    }

    private void loop() {
        try {
            while (!closed) {
                selecting.set(true);
                try {
                    // Tasks left over (continuations the last batch unparked or yielded, or beyond its bound)
                    // must not wait for an unrelated socket event.
                    if (tasks.isEmpty() && ownTasks.isEmpty()) {
                        selector.select(EventLoop::ready);
                    } else {
                        selector.selectNow(EventLoop::ready);
                    }
                } finally {
                    selecting.set(false);
                }
                runTasks();
            }
        } catch (ClosedSelectorException e) {
            // closed: done
        } catch (IOException | RuntimeException e) {
            log.error("event loop {} failed; its connections stop", thread.getName(), e);
        } finally {
            ended = true;
            // What was started before is run once more (a connection queued at stop closes and gives its
            // places back; one that waits for the closed selector gets a ClosedChannelException).
            for (int round = 0; round < FINAL_ROUNDS && !(tasks.isEmpty() && ownTasks.isEmpty()); round++) {
                runTasks();
            }
        }
    }

    private static void ready(SelectionKey key) {
        ((LoopSocket) key.attachment()).ready(key);
    }

    private void runTasks() {
        // Only those queued now: a handler that keeps yielding re-enters ownTasks and runs again after the
        // next select, not before it.
        for (int n = ownTasks.size(); n > 0; n--) {
            run(ownTasks.poll());
        }
        Runnable task;
        for (int i = 0; i < TASKS_PER_SELECT && (task = tasks.poll()) != null; i++) {
            run(task);
        }
    }

    private void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) { // a continuation reports its own failures; this one is a JDK's bug
            log.error("event loop {}: a virtual thread failed", thread.getName(), e);
        }
    }

    /** Stops the loop; the connections it carried should have ended before (their threads never run again). */
    @Override
    public void close() {
        closed = true;
        try {
            selector.close(); // wakes a select in progress; the loop then ends
        } catch (IOException e) {
            log.debug("event loop {}: closing its selector: {}", thread.getName(), e.toString());
        }
    }
}
