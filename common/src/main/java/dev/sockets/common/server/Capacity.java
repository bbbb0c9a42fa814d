package dev.sockets.common.server;

import java.util.concurrent.Semaphore;

/**
 * The server-wide connection limit, one of three behaviours: {@linkplain #unlimited() none},
 * {@linkplain #waitInBacklog(int) wait in the backlog} (the listener stops accepting while full, so the
 * kernel holds further clients) or {@linkplain #refuseWhenFull(int) refuse} (accept and refuse the
 * excess). Thread-safe.
 */
public sealed interface Capacity {

    static Capacity unlimited() {
        return Unlimited.INSTANCE;
    }

    static Capacity waitInBacklog(int max) {
        return new WaitInBacklog(new Semaphore(max));
    }

    static Capacity refuseWhenFull(int max) {
        return new RefuseWhenFull(new Semaphore(max));
    }

    /** The capacity {@code limits} describe. */
    static Capacity of(Limits limits) {
        if (limits.maxConnections() == 0) {
            return unlimited();
        }
        return limits.refuseWhenFull() ? refuseWhenFull(limits.maxConnections()) : waitInBacklog(limits.maxConnections());
    }

    /** On the accept thread before accepting: blocks while full when clients wait in the backlog. */
    void awaitRoom() throws InterruptedException;

    /** Gives back what {@link #awaitRoom()} took when accept failed. */
    void acceptFailed();

    /** After accepting: takes a place for the new connection; false when it must be refused as full. */
    boolean enter();

    /**
     * Takes a place without waiting, for a connection accepted by a listener the server does not run
     * (which never called {@link #awaitRoom()}); false when full. {@link #leave()} gives it back.
     */
    boolean tryEnter();

    /** Gives back the place {@link #enter()} or {@link #tryEnter()} took. */
    void leave();

    /** No limit. */
    enum Unlimited implements Capacity {
        INSTANCE;

        @Override
        public void awaitRoom() {
        }

        @Override
        public void acceptFailed() {
        }

        @Override
        public boolean enter() {
            return true;
        }

        @Override
        public boolean tryEnter() {
            return true;
        }

        @Override
        public void leave() {
        }
    }

    /** The place is taken before accepting, so a full server accepts nobody. */
    record WaitInBacklog(Semaphore places) implements Capacity {
        @Override
        public void awaitRoom() throws InterruptedException {
            places.acquire();
        }

        @Override
        public void acceptFailed() {
            places.release();
        }

        @Override
        public boolean enter() {
            return true; // taken in awaitRoom
        }

        @Override
        public boolean tryEnter() {
            return places.tryAcquire();
        }

        @Override
        public void leave() {
            places.release();
        }
    }

    /** Everyone is accepted; the excess is refused. */
    record RefuseWhenFull(Semaphore places) implements Capacity {
        @Override
        public void awaitRoom() {
        }

        @Override
        public void acceptFailed() {
        }

        @Override
        public boolean enter() {
            return places.tryAcquire();
        }

        @Override
        public boolean tryEnter() {
            return places.tryAcquire();
        }

        @Override
        public void leave() {
            places.release();
        }
    }
}
