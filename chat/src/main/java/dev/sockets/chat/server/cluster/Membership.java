package dev.sockets.chat.server.cluster;

import dev.sockets.chat.server.state.Replica;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node is part of the network: the subscription to the bus (the "chat-cluster-listen"
 * thread, reconnecting with backoff, 100 ms doubling to 5 s) and the {@link Phase} it is in. Joining
 * (at start and after every outage, once subscribed): the nick claims are made afresh, then, under the
 * registry lock, the node becomes {@link Phase#JOINED} and announces itself (HELLO and its burst), so
 * every change committed before is in the burst and every change after it is published. Losing the bus
 * splits the node: its users are told, the other nodes' users quit, and what was queued fails.
 *
 * <p>Thread-safe. Joining, splitting and leaving are serialised by the join lock, the first lock of the
 * cluster's {@link OrderedLock} order; the phase and the subscription are read without it.
 */
final class Membership {

    private static final Logger log = LoggerFactory.getLogger(Membership.class);
    private static final Duration BACKOFF_MIN = Duration.ofMillis(100);
    private static final Duration BACKOFF_MAX = Duration.ofSeconds(5);

    /** STARTING until the first join or split; LEFT is final. */
    enum Phase { STARTING, JOINED, SPLIT, LEFT }

    /** What joining and splitting do to the rest of the cluster node. */
    interface Steps {
        /** Claims every local nick again, from a clean slate (under the join lock, not the registry's). */
        void claimNicksAfresh() throws IOException;

        /** Says HELLO and publishes this node's burst (under the registry lock, as the node joins). */
        void announce();

        /** Forgets the other nodes and fails whatever waits to be published (the node just split). */
        void forgetOthers();
    }

    private final Backplane backplane;
    private final String node;
    private final String where;
    private final Duration lease;
    private final OrderedLock joinLock;
    private final CountDownLatch firstAnswer = new CountDownLatch(1);
    private volatile Phase phase = Phase.STARTING;
    private volatile boolean subscribed;
    /** Whether a join ever succeeded, so the first join after a failed start is not a rejoin; under the join lock. */
    private boolean joinedOnce;
    private volatile String splitReason = "not connected yet";
    private volatile LongAdder splits = new LongAdder();
    private Replica replica;
    private Steps steps;
    private Consumer<byte[]> onMessage;

    /**
     * @param where the backplane as users should read it ({@code redis://127.0.0.1:6379})
     * @param lease the longest the bus may stay silent before the subscription counts as failed
     */
    Membership(Backplane backplane, String node, String where, Duration lease, OrderedLock joinLock) {
        this.backplane = backplane;
        this.node = node;
        this.where = where;
        this.lease = lease;
        this.joinLock = joinLock;
    }

    /** Starts the listen thread: every message of the bus goes to {@code onMessage}, in bus order. */
    void start(Replica r, Steps s, Consumer<byte[]> messages) {
        this.replica = r;
        this.steps = s;
        this.onMessage = messages;
        Thread.ofPlatform().name("chat-cluster-listen").daemon(true).start(this::listenLoop);
    }

    /** Waits until the backplane first answered (joined, or clearly split), at most a lease. */
    void awaitFirstAnswer() {
        try {
            if (!firstAnswer.await(lease.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("chat: cluster: no answer from {} within {} ms; serving local users until it answers",
                        where, lease.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Phase phase() {
        return phase;
    }

    boolean joined() {
        return phase == Phase.JOINED;
    }

    boolean left() {
        return phase == Phase.LEFT;
    }

    /** Whether the bus subscription is up (also while joining, before {@link Phase#JOINED}). */
    boolean subscribed() {
        return subscribed;
    }

    /** Why the node is split, or the last failure to publish, as users should read it. */
    String splitReason() {
        return splitReason;
    }

    /** A publish failed: users told their line did not go out are told this reason. */
    void publishFailed(String reason) {
        splitReason = reason;
    }

    void countSplitsWith(LongAdder counter) {
        splits = counter;
    }

    private void listenLoop() {
        Duration backoff = BACKOFF_MIN;
        while (phase != Phase.LEFT) {
            String reason;
            try {
                backplane.listen(lease, this::onSubscribed, onMessage);
                reason = "connection closed";
            } catch (IOException e) {
                reason = e.getMessage();
            } catch (RuntimeException e) {
                reason = e.toString();
                log.error("chat: cluster: listener failed", e);
            }
            subscribed = false;
            if (phase == Phase.LEFT) {
                break;
            }
            if (phase == Phase.JOINED) {
                backoff = BACKOFF_MIN;
            }
            split(reason);
            firstAnswer.countDown();
            try {
                Thread.sleep(backoff); // reconnect backoff, not synchronisation
            } catch (InterruptedException e) {
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(BACKOFF_MAX) > 0 ? BACKOFF_MAX : backoff.multipliedBy(2);
        }
    }

    private void onSubscribed() {
        subscribed = true;
        Thread.ofVirtual().name("chat-cluster-join").start(this::join);
    }

    /**
     * Joins (or rejoins) the network if subscribed and not joined yet. Runs at most once at a time (a call
     * while another join runs returns at once); on failure the heartbeat tries again while the
     * subscription lasts.
     */
    void join() {
        OrderedLock.Held held = joinLock.tryHold();
        if (held == null) {
            return;
        }
        try (held) {
            if (!subscribed || phase == Phase.JOINED || phase == Phase.LEFT) {
                return;
            }
            steps.claimNicksAfresh();
            boolean rejoined = joinedOnce;
            replica.locked(() -> {
                if (phase == Phase.LEFT || !subscribed) {
                    return;
                }
                phase = Phase.JOINED;
                joinedOnce = true;
                if (rejoined) {
                    // Before the others' bursts, whose JOINs it announces.
                    replica.noticeAll("*** Network rejoined: users of the other servers are coming back");
                }
                steps.announce();
            });
            if (phase == Phase.JOINED) {
                log.info("chat: cluster: node {} {} the network through {}", node, rejoined ? "rejoined" : "joined", where);
            }
        } catch (IOException e) {
            log.debug("chat: cluster: join failed: {}", e.getMessage());
        } finally {
            firstAnswer.countDown();
        }
    }

    /** This node lost the backplane: tell local users, drop the other nodes' users, fail what is queued. */
    void split(String failure) {
        // The backplane's messages name it already: "redis://h:p: Connection refused".
        String reason = failure != null && failure.startsWith(where + ": ") ? failure.substring(where.length() + 2) : failure;
        Phase before;
        try (OrderedLock.Held held = joinLock.hold()) {
            splitReason = reason;
            before = phase;
            if (before == Phase.LEFT || before == Phase.SPLIT) {
                return;
            }
            phase = Phase.SPLIT;
        }
        if (before == Phase.JOINED) {
            splits.increment();
        }
        steps.forgetOthers();
        if (before == Phase.STARTING) {
            log.warn("chat: cluster: cannot reach {}: {}; serving local users, retrying", where, reason);
            return;
        }
        log.warn("chat: cluster: lost {}: {}; network split, serving local users, reconnecting", where, reason);
        replica.noticeAll("*** Network split: lost the connection to the other servers (" + reason
                + "); their users are gone until it is back, local users can go on");
        replica.allNodesLost();
    }

    /** The node stops taking part, for good (idempotent). */
    Phase leave() {
        try (OrderedLock.Held held = joinLock.hold()) {
            Phase before = phase;
            phase = Phase.LEFT;
            return before;
        }
    }
}
