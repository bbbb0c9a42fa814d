package dev.sockets.chat.server.cluster;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The other nodes whose state this node has (their burst arrived), with when each was last heard, and the
 * nodes asked for their state. The liveness lock (third in the {@link OrderedLock} order) serialises
 * applying a node's messages ({@link #whileApplying}) with declaring it lost ({@link #forgetSilent}), so a
 * node's users never come back from a message applied after their node was dropped.
 */
final class KnownNodes {

    /** Node name to when it was last heard (System.nanoTime); changed under the liveness lock. */
    private final Map<String, Long> lastHeard = new ConcurrentHashMap<>();
    private final Set<String> helloSent = ConcurrentHashMap.newKeySet();
    private final OrderedLock liveness;

    KnownNodes(OrderedLock liveness) {
        this.liveness = liveness;
    }

    /** Runs {@code apply} (one message of the bus) so that no node is declared lost meanwhile. */
    void whileApplying(Runnable apply) {
        try (OrderedLock.Held held = liveness.hold()) {
            apply.run();
        }
    }

    /** Records that {@code node} is alive; false when its state is unknown here. */
    boolean heard(String node) {
        return lastHeard.replace(node, System.nanoTime()) != null;
    }

    /** Whether this is the first time {@code node} is to be asked for its state since it was last known. */
    boolean firstHelloTo(String node) {
        return helloSent.add(node);
    }

    /** {@code node}'s burst begins: it is known from now on. */
    void burstStarted(String node) {
        lastHeard.put(node, System.nanoTime());
        helloSent.remove(node);
    }

    /** {@code node} said goodbye; under {@link #whileApplying}. */
    void forget(String node) {
        lastHeard.remove(node);
    }

    /** The node split: none of the others is known any more. */
    void forgetAll() {
        try (OrderedLock.Held held = liveness.hold()) {
            lastHeard.clear();
            helloSent.clear();
        }
    }

    /** Any node may be asked for its state again (a HELLO of ours may have been lost). */
    void forgetHellos() {
        helloSent.clear();
    }

    /** Drops every node silent for longer than {@code limitNanos}, calling {@code lost} for each under the lock. */
    void forgetSilent(long limitNanos, Consumer<Silent> lost) {
        try (OrderedLock.Held held = liveness.hold()) {
            long now = System.nanoTime();
            for (Iterator<Map.Entry<String, Long>> it = lastHeard.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Long> e = it.next();
                if (now - e.getValue() > limitNanos) {
                    it.remove();
                    lost.accept(new Silent(e.getKey(), now - e.getValue()));
                }
            }
        }
    }

    /** A node dropped for silence, and for how long it was silent. */
    record Silent(String node, long nanos) { }

    /** The known nodes' names, sorted. */
    List<String> names() {
        return lastHeard.keySet().stream().sorted().toList();
    }

    int size() {
        return lastHeard.size();
    }
}
