package dev.sockets.common.server;

import dev.sockets.common.tcp.Connection;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** The connections a server is serving now, and a bounded wait for them to end. Thread-safe. */
final class LiveConnections implements Iterable<Connection> {

    private final Set<Connection> live = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    void add(Connection c) {
        live.add(c);
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
        return List.copyOf(live);
    }

    @Override
    public Iterator<Connection> iterator() {
        return live.iterator();
    }

    void closeAll() {
        for (Connection c : live) {
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
