package dev.sockets.common.server;

import dev.sockets.common.tcp.Connection;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** The connections a server is serving now, and a bounded wait for them to end. Thread-safe. */
final class LiveConnections implements Iterable<Connection> {

    private final Map<Connection, ServerStats.Transport> live = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    void add(Connection c, ServerStats.Transport counters) {
        live.put(c, counters);
    }

    /** The counters of the transport {@code c} came in on, or null when it is not served (any more). */
    ServerStats.Transport transportOf(Connection c) {
        return live.get(c);
    }

    void remove(Connection c) {
        live.remove(c);
    }

    /** Wakes {@link #awaitNone} (a connection thread ended). */
    void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int size() {
        return live.size();
    }

    boolean isEmpty() {
        return live.isEmpty();
    }

    List<Connection> snapshot() {
        return List.copyOf(live.keySet());
    }

    @Override
    public Iterator<Connection> iterator() {
        return live.keySet().iterator();
    }

    void closeAll() {
        for (Connection c : live.keySet()) {
            c.close();
        }
    }

    /** Waits up to {@code grace} for every connection to end; true when they did. */
    boolean awaitNone(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        lock.lock();
        try {
            while (!live.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return live.isEmpty();
        } finally {
            lock.unlock();
        }
    }
}
