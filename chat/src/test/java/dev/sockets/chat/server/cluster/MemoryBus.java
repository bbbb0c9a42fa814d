package dev.sockets.chat.server.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An in-memory backplane for tests: one bus with a total order (like one Redis), a nick registry with
 * leases, and the failures Redis can have: down for everyone ({@link #down}/{@link #up}), or one node
 * gone silent without a goodbye ({@link Node#mute}, as if it were killed).
 */
public final class MemoryBus {

    private static final byte[] DOWN = new byte[0];
    private static final byte[] CLOSED = new byte[0];

    private final Set<Node> listening = ConcurrentHashMap.newKeySet();
    private final Map<String, String> nicks = new ConcurrentHashMap<>();
    private final Map<String, Long> leaseUntil = new ConcurrentHashMap<>();
    private volatile boolean down;

    /** A connection to this bus for one node. */
    public Node connect() {
        return new Node();
    }

    /** The bus fails for everyone: listens end, every call throws. */
    public void down() {
        down = true;
        for (Node n : listening) {
            n.inbox.add(DOWN);
        }
    }

    /** The bus is back, empty, as a restarted Redis without persistence. */
    public void up() {
        nicks.clear();
        leaseUntil.clear();
        down = false;
    }

    /** The node holding {@code nick} (folded), or null. */
    public String owner(String nick) {
        return nicks.get(nick);
    }

    private synchronized void deliver(List<byte[]> messages) {
        for (Node n : listening) {
            (n.deaf ? n.held : n.inbox).addAll(messages);
        }
    }

    private boolean alive(String node) {
        Long until = leaseUntil.get(node);
        return until != null && until - System.nanoTime() > 0;
    }

    /** One node's connection. */
    public final class Node implements Backplane {

        private final BlockingQueue<byte[]> inbox = new LinkedBlockingQueue<>();
        private volatile boolean muted;
        private volatile boolean failNextPublish;
        private final java.util.List<byte[]> held = new java.util.ArrayList<>(); // guarded by MemoryBus.this
        private volatile boolean deaf;
        private volatile boolean closed;

        /** Messages for this node wait (it lags behind the bus) until {@link #hear}; keep it under a lease. */
        public void deafen() {
            synchronized (MemoryBus.this) {
                deaf = true;
            }
        }

        /** Delivers what waited, in order, and listens normally again. */
        public void hear() {
            synchronized (MemoryBus.this) {
                deaf = false;
                inbox.addAll(held);
                held.clear();
            }
        }

        /** The next publish fails (as a pipeline cut by a reset) while the subscription stays up. */
        public void failNextPublish() {
            failNextPublish = true;
        }

        /** From now on this node's publishes and lease renewals are lost: it looks dead to the others. */
        public void mute() {
            muted = true;
        }

        private void check() throws IOException {
            if (down || closed) {
                throw new IOException("memory bus down");
            }
        }

        @Override
        public void listen(Duration silence, Runnable onSubscribed, Consumer<byte[]> onMessage) throws IOException {
            check();
            inbox.clear();
            listening.add(this);
            try {
                onSubscribed.run();
                while (true) {
                    byte[] m = inbox.poll(silence.toMillis(), TimeUnit.MILLISECONDS);
                    if (m == null) {
                        throw new IOException("memory bus silent");
                    }
                    if (m == CLOSED) {
                        return;
                    }
                    if (m == DOWN) {
                        throw new IOException("memory bus down");
                    }
                    onMessage.accept(m);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            } finally {
                listening.remove(this);
            }
        }

        @Override
        public void publish(List<byte[]> messages) throws IOException {
            check();
            if (failNextPublish) {
                failNextPublish = false;
                throw new IOException("memory bus: connection reset");
            }
            if (!muted) {
                deliver(messages);
            }
        }

        @Override
        public boolean renewLease(String node, Duration lease) throws IOException {
            check();
            boolean running = alive(node);
            if (!muted) {
                leaseUntil.put(node, System.nanoTime() + lease.toNanos());
            }
            return running;
        }

        @Override
        public boolean claimNick(String nick, String node) throws IOException {
            check();
            synchronized (MemoryBus.this) {
                String owner = nicks.get(nick);
                if (owner == null || owner.equals(node) || !alive(owner)) {
                    nicks.put(nick, node);
                    return true;
                }
                return false;
            }
        }

        @Override
        public void releaseNick(String nick, String node) throws IOException {
            check();
            nicks.remove(nick, node);
        }

        @Override
        public void leave(String node) throws IOException {
            check();
            nicks.values().removeIf(node::equals);
            leaseUntil.remove(node);
        }

        @Override
        public void close() {
            closed = true;
            inbox.add(CLOSED);
        }
    }
}
