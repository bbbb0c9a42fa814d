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
 * opened by {@code Add-Opens: java.base/java.lang} in the jars' manifests. Where it is missing or closed,
 * {@link EventLoops#open} says so and connections get a virtual thread each on the default scheduler.
 *
 * <p>What a handler on a loop must not do: hold its carrier (a native call that waits, a park while
 * pinned); every connection of the loop waits meanwhile. Parking is fine (locks, queues, sleeps): a parked
 * virtual thread gives the loop back.
 */
public final class EventLoop implements Executor, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);
    /** Tasks run between two selects at most, so handlers that keep yielding cannot starve the sockets. */
    private static final int TASKS_PER_SELECT = 1024;

    private final Selector selector;
    private final Thread thread;
    private final Thread.Builder.OfVirtual builder;
    // Continuations unparked by the loop thread itself (a socket ready) and by any other thread.
    private final ArrayDeque<Runnable> ownTasks = new ArrayDeque<>();
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean selecting = new AtomicBoolean();
    private volatile boolean closed;

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
     */
    @Override
    public void execute(Runnable task) {
        if (Thread.currentThread() == thread) { // the loop itself, with sockets it found ready
            ownTasks.add(task);
            return;
        }
        tasks.add(task);
        if (selecting.get()) {
            selector.wakeup();
        }
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
                    if (tasks.isEmpty()) {
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
        }
    }

    private static void ready(SelectionKey key) {
        ((LoopSocket) key.attachment()).ready(key);
    }

    private void runTasks() {
        Runnable task;
        while ((task = ownTasks.poll()) != null) { // as many as sockets were ready
            run(task);
        }
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
