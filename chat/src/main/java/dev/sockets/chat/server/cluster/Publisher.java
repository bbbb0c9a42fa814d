package dev.sockets.chat.server.cluster;

import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.NetworkEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publish pipeline: a bounded queue (65 536 items) that any thread fills without blocking (a
 * committed change under the registry lock, a channel message without it), drained by one thread,
 * "chat-cluster-publish", in batches of up to 1024 messages, each one pipelined round trip. One queue and
 * one drainer keep every sender's order. An action queued with {@link #afterQueued} (a nick release) runs
 * on that thread once everything queued before it is published.
 *
 * <p>Nothing is dropped silently: a sender whose line cannot go out (split, full queue, failed round
 * trip) gets a NOTICE, and a state change that did not go out marks the node {@link #takeOutOfStep out of
 * step}, so the heartbeat sends its state again.
 */
final class Publisher {

    private static final Logger log = LoggerFactory.getLogger(Publisher.class);
    static final int QUEUE = 65_536;
    static final int BATCH = 1024;

    /** Messages to publish in order (one event, or a whole burst) or an action to run in its place. */
    private record Outgoing(List<byte[]> messages, Client from, Runnable action) {
        static final Outgoing STOP = new Outgoing(List.of(), null, null);
    }

    private final Backplane backplane;
    private final BusIdentity self;
    private final Membership membership;
    private final String serverName;
    private final BlockingQueue<Outgoing> queue = new ArrayBlockingQueue<>(QUEUE);
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicBoolean outOfStep = new AtomicBoolean();
    private volatile LongAdder published = new LongAdder();
    private volatile LongAdder failures = new LongAdder();
    private Thread thread;

    /** @param serverName the prefix of NOTICEs to local users */
    Publisher(Backplane backplane, BusIdentity self, Membership membership, String serverName) {
        this.backplane = backplane;
        this.self = self;
        this.membership = membership;
        this.serverName = serverName;
    }

    void countWith(LongAdder publishedCounter, LongAdder failuresCounter) {
        published = publishedCounter;
        failures = failuresCounter;
    }

    void start() {
        thread = Thread.ofPlatform().name("chat-cluster-publish").daemon(true).start(this::publishLoop);
    }

    /**
     * Queues a local event while joined; never blocks.
     *
     * @param from told by a NOTICE when it cannot go out; may be null
     */
    boolean publish(NetworkEvent event, Client from) {
        if (!membership.joined()) {
            tellUndelivered(from);
            return false;
        }
        if (!queue.offer(new Outgoing(List.of(self.encode(new BusMessage.Event(event))), from, null))) {
            log.warn("chat: cluster: {} messages waiting to be published; dropping", QUEUE);
            outOfStep.set(true);
            tellUndelivered(from);
            return false;
        }
        return true;
    }

    /** Queues one of the node's own messages (HELLO, BEAT, ...). */
    void enqueue(BusMessage.Body body) {
        if (!queue.offer(new Outgoing(List.of(self.encode(body)), null, null))) {
            outOfStep.set(true);
        }
    }

    /**
     * Queues this node's whole state as one item, so no burst is ever cut by a full queue; the caller holds
     * the registry lock, so nothing changes between the burst and the events that follow it.
     */
    void burst(List<NetworkEvent> state) {
        List<byte[]> messages = new ArrayList<>(state.size() + 2);
        messages.add(self.encode(new BusMessage.BurstStart()));
        for (NetworkEvent e : state) {
            messages.add(self.encode(new BusMessage.Event(e)));
        }
        messages.add(self.encode(new BusMessage.BurstEnd()));
        if (!queue.offer(new Outgoing(messages, null, null))) {
            outOfStep.set(true);
        }
    }

    /** Runs {@code action} on the publisher thread after everything queued so far; false when the queue is full. */
    boolean afterQueued(Runnable action) {
        return queue.offer(new Outgoing(List.of(), null, action));
    }

    /** Whether a state change may not have reached the others since the last call; clears the mark. */
    boolean takeOutOfStep() {
        return outOfStep.getAndSet(false);
    }

    /** Something of this node's state may not have reached the others. */
    void markOutOfStep() {
        outOfStep.set(true);
    }

    /** The node publishes its whole state now: whatever failed before is in it. */
    void clearOutOfStep() {
        outOfStep.set(false);
    }

    /** The node split: every queued item fails, and each sender among them is told once. */
    void failQueued() {
        List<Outgoing> pending = new ArrayList<>();
        queue.drainTo(pending);
        Set<Client> told = new HashSet<>();
        for (Outgoing o : pending) {
            if (o == Outgoing.STOP) {
                queue.offer(o);
            } else if (o.from() != null && told.add(o.from())) {
                tellUndelivered(o.from());
            }
        }
    }

    /**
     * Publishes BYE after everything queued (so the last lines of this node's users go out first), then
     * stops the thread, waiting for it at most {@code wait}.
     */
    void stop(boolean sayBye, Duration wait) throws InterruptedException {
        if (sayBye) {
            queue.offer(new Outgoing(List.of(self.encode(new BusMessage.Bye())), null, null));
        }
        if (!queue.offer(Outgoing.STOP) && thread != null) {
            thread.interrupt();
        }
        if (thread != null) {
            done.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    void tellUndelivered(Client from) {
        if (from != null && !membership.left()) {
            from.send(IrcLine.formatTrailing(serverName, "NOTICE", from.nickOrStar(),
                    "*** Your message could not reach the other servers: the network is split ("
                            + membership.splitReason() + ")"));
        }
    }

    private void publishLoop() {
        List<Outgoing> batch = new ArrayList<>(BATCH);
        try {
            while (true) {
                batch.clear();
                batch.add(queue.take());
                queue.drainTo(batch, BATCH - 1);
                if (!publishBatch(batch)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            done.countDown();
        }
    }

    /** Publishes a batch, running its actions in their place; false at the stop marker. */
    private boolean publishBatch(List<Outgoing> batch) {
        List<byte[]> messages = new ArrayList<>();
        int first = 0;
        for (int i = 0; i < batch.size(); i++) {
            Outgoing o = batch.get(i);
            if (o == Outgoing.STOP || o.action() != null) {
                flush(messages, batch, first, i);
                first = i + 1;
                if (o == Outgoing.STOP) {
                    return false;
                }
                o.action().run();
            } else {
                messages.addAll(o.messages());
            }
        }
        flush(messages, batch, first, batch.size());
        return true;
    }

    private void flush(List<byte[]> messages, List<Outgoing> batch, int from, int to) {
        if (messages.isEmpty()) {
            return;
        }
        try {
            backplane.publish(messages);
            published.add(messages.size());
        } catch (IOException | RuntimeException e) {
            failures.add(messages.size());
            String reason = e instanceof IOException ? e.getMessage() : e.toString();
            log.debug("chat: cluster: publish failed: {}", reason);
            membership.publishFailed(reason);
            outOfStep.set(true); // state changes among them: the others get a burst once publishing works
            Set<Client> told = new HashSet<>();
            for (Outgoing o : batch.subList(from, to)) {
                if (o.from() != null && told.add(o.from())) {
                    tellUndelivered(o.from());
                }
            }
        }
        messages.clear();
    }
}
