package dev.sockets.chat.server.cluster;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A reentrant lock that knows its place in the cluster's lock order: every lock made by {@link #inner}
 * comes after this one, and the registry lock comes after all of them. Taking a lock while holding one
 * that comes after it, or while holding the registry lock, throws {@link IllegalStateException}: the
 * deadlock that order prevents shows up at the first wrong call, in any test, instead of once in a while
 * in production. The order is: join, then nick claims, then liveness, then the registry.
 */
final class OrderedLock {

    /** Held until closed; a try-with-resources block is one critical section. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    private final BooleanSupplier registryHeld;
    private final OrderedLock outer;
    /** Every lock ranked after this one. */
    private final List<OrderedLock> later = new CopyOnWriteArrayList<>();
    private final Held unlock = this::unlock;

    /**
     * The first lock of an order.
     *
     * @param registryHeld whether the calling thread holds the registry lock, which comes last
     */
    OrderedLock(String name, BooleanSupplier registryHeld) {
        this(name, registryHeld, null);
    }

    private OrderedLock(String name, BooleanSupplier registryHeld, OrderedLock outer) {
        this.name = name;
        this.registryHeld = registryHeld;
        this.outer = outer;
    }

    /** A lock that comes after this one (and after every lock this one comes after). */
    OrderedLock inner(String innerName) {
        OrderedLock next = new OrderedLock(innerName, registryHeld, this);
        for (OrderedLock o = this; o != null; o = o.outer) {
            o.later.add(next);
        }
        return next;
    }

    /** Blocks until this thread holds the lock. */
    Held hold() {
        checkOrder();
        lock.lock();
        return unlock;
    }

    /** The lock if free now, else null (nothing to close). */
    Held tryHold() {
        checkOrder();
        return lock.tryLock() ? unlock : null;
    }

    boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    private void unlock() {
        lock.unlock();
    }

    private void checkOrder() {
        if (lock.isHeldByCurrentThread()) {
            return; // reentry takes nothing new
        }
        for (OrderedLock l : later) {
            if (l.isHeldByCurrentThread()) {
                throw new IllegalStateException("lock order: taking the " + name + " lock while holding the "
                        + l.name + " lock");
            }
        }
        if (registryHeld.getAsBoolean()) {
            throw new IllegalStateException("lock order: taking the " + name + " lock while holding the registry lock");
        }
    }

    @Override
    public String toString() {
        return name + " lock";
    }
}
