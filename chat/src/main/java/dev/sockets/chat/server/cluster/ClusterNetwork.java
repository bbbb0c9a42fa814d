package dev.sockets.chat.server.cluster;

import dev.sockets.chat.server.network.Network;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.NetworkEvent;
import dev.sockets.chat.server.state.Replica;
import dev.sockets.chat.protocol.CaseMapping;
import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.common.server.ServerStats;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chat server as one node of a network of several, over a {@link Backplane} (Redis). Every node keeps a
 * full {@link Replica} of the others' users and channels from what they publish, and publishes what its
 * own users do: a channel message is one publish, delivered by each node to its local members. Nicks are
 * unique network-wide through the backplane's nick registry, whose entries live as long as their node's
 * lease.
 *
 * <p>Joining (at start and after every outage): release whatever this node held, renew its lease, claim
 * the nicks of its local users again (a user whose nick another node took meanwhile is renamed), then
 * publish HELLO ("send me your state") followed by its own burst. Every node answers a HELLO with its
 * burst, so all replicas converge.
 *
 * <p>Failure handling: a node that says BYE (it stops) or stays silent for a lease is lost, and its users
 * quit for everyone else ({@value Replica#SPLIT_REASON}). When this node loses the backplane it is split:
 * its users are told by NOTICE, the other nodes' users quit, it serves its local users alone and
 * reconnects with backoff (100 ms doubling to 5 s), then joins again. A line that cannot be published is
 * not dropped silently: its sender gets a NOTICE.
 *
 * <p>Nicks: every nick a local client holds (registered or not) is claimed once in the backplane, under
 * {@link #nickLock}, which also orders claims against the publisher's delayed releases (a release never
 * removes the claim of a client that took the nick again meanwhile). A claim that fails for lack of an
 * answer while joined is refused (433) rather than risk a duplicate.
 *
 * <p>Self-repair, at the next heartbeat: when a state change could not be published although the node
 * is joined (a failed pipeline, a full queue), it publishes a burst of its own state, which the others
 * apply as a difference; when its lease was found expired or a claim went unanswered while joining, it
 * claims its nicks again (renaming any user whose nick another node took); a nick release that failed is
 * tried again. So nothing stays out of step, and no nick stays held by nobody.
 *
 * <p>Threads: one listener (receives and applies, in order), one publisher (drains a bounded queue in
 * batches, so the per-sender order is the queue's order), one heartbeat; joins run on a virtual thread.
 * {@link #publish} only enqueues, so it may be called under the registry lock. Lock order: join, then
 * liveness or nicks, then the registry lock; nothing takes one of these while holding the registry lock.
 */
public final class ClusterNetwork implements Network {

    private static final Logger log = LoggerFactory.getLogger(ClusterNetwork.class);
    private static final int QUEUE = 65_536;
    private static final int BATCH = 1024;
    private static final int MAX_DUPLICATE_NAMES_LOGGED = 16;
    private static final Duration BACKOFF_MIN = Duration.ofMillis(100);
    private static final Duration BACKOFF_MAX = Duration.ofSeconds(5);

    private enum State { STARTING, JOINED, SPLIT, LEFT }

    /**
     * One item of the publish queue: messages to publish in order (one event, or a whole burst), a nick to
     * release, or the stop marker. {@code from} is told if the messages cannot be published.
     */
    private record Outgoing(List<byte[]> messages, Client from, String releaseNick) {
        static final Outgoing STOP = new Outgoing(List.of(), null, null);
    }

    private final Backplane backplane;
    private final String node;
    private final String boot = Long.toHexString(ThreadLocalRandom.current().nextLong());
    private final Duration lease;
    private final Duration tick;
    private final String where;
    private final String serverName;
    private final BlockingQueue<Outgoing> queue = new ArrayBlockingQueue<>(QUEUE);
    /** Nodes whose burst we have, with when we last heard them (System.nanoTime); changed under liveness. */
    private final Map<String, Long> known = new ConcurrentHashMap<>();
    private final Set<String> helloSent = ConcurrentHashMap.newKeySet();
    private final Set<String> duplicateNames = ConcurrentHashMap.newKeySet();
    /** Serialises joining and splitting. */
    private final ReentrantLock joinLock = new ReentrantLock();
    /** Serialises applying a node's messages with declaring it lost. */
    private final ReentrantLock liveness = new ReentrantLock();
    /** Guards localClaims and orders claims and releases in the backplane. */
    private final ReentrantLock nickLock = new ReentrantLock();
    /** Folded nicks local clients hold or are being given; guarded by nickLock. */
    private final Set<String> localClaims = new HashSet<>();
    private final CountDownLatch firstAttempt = new CountDownLatch(1);
    private final CountDownLatch publisherDone = new CountDownLatch(1);
    private volatile State state = State.STARTING;
    private volatile boolean subscribed;
    /** Set at the first successful join: the first join after a failed start is not a rejoin. */
    private volatile boolean joinedOnce;
    /** Something this node changed may not have reached the others: publish a burst of its own. */
    private volatile boolean outOfStep;
    /** Local nicks must be claimed again (lease found expired, or a claim went unanswered). */
    private volatile boolean reclaimDue;
    /** Releases that failed, tried again at each heartbeat; guarded by nickLock. */
    private final Set<String> releasesToRetry = new HashSet<>();
    private volatile long lastRenewal = System.nanoTime();
    private volatile String splitReason = "not connected yet";
    private volatile Replica replica;
    private LongAdder published = new LongAdder();
    private LongAdder received = new LongAdder();
    private LongAdder publishFailures = new LongAdder();
    private LongAdder splits = new LongAdder();
    private Thread listener;
    private Thread publisher;
    private Thread heartbeat;

    /**
     * @param node this node's name, unique in the network
     * @param lease how long this node counts as alive without a heartbeat; others detect its death in that time
     * @param where the backplane as users should read it ({@code redis://127.0.0.1:6379})
     * @param serverName the server name, the prefix of NOTICEs to local users
     */
    public ClusterNetwork(Backplane backplane, String node, Duration lease, String where, String serverName) {
        this.backplane = backplane;
        this.node = node;
        this.lease = lease;
        this.tick = lease.dividedBy(4);
        this.where = where;
        this.serverName = serverName;
    }

    /** This node's name. */
    public String node() {
        return node;
    }

    /** Whether this node is part of the network now (false while split). */
    public boolean isJoined() {
        return state == State.JOINED;
    }

    /** Nodes this one has the state of now, itself excluded. */
    public Set<String> knownNodes() {
        return Set.copyOf(known.keySet());
    }

    @Override
    public List<String> otherServers() {
        return known.keySet().stream().sorted().toList();
    }

    @Override
    public void start(Replica r) {
        this.replica = r;
        listener = Thread.ofPlatform().name("chat-cluster-listen").daemon(true).start(this::listenLoop);
        publisher = Thread.ofPlatform().name("chat-cluster-publish").daemon(true).start(this::publishLoop);
        heartbeat = Thread.ofPlatform().name("chat-cluster-heartbeat").daemon(true).start(this::heartbeatLoop);
        // Serve no one before the first answer from the backplane: joined, or clearly split.
        try {
            if (!firstAttempt.await(lease.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("chat: cluster: no answer from {} within {} ms; serving local users until it answers",
                        where, lease.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- the Network interface (called by the registry, channels and users) ---

    @Override
    public boolean reserveNick(String foldedNick) {
        nickLock.lock();
        try {
            if (!localClaims.add(foldedNick)) {
                return false; // another local client has it or is being given it
            }
            if (!subscribed || state == State.LEFT) {
                return true; // split: the local registry decides; claimed again when the network is back
            }
            try {
                if (backplane.claimNick(foldedNick, node)) {
                    return true;
                }
            } catch (IOException e) {
                log.debug("chat: cluster: nick claim failed: {}", e.getMessage());
                if (state != State.JOINED) {
                    reclaimDue = true; // joining: claimed again with the others at the next heartbeat
                    return true;
                }
            }
            localClaims.remove(foldedNick);
            return false;
        } finally {
            nickLock.unlock();
        }
    }

    @Override
    public void releaseNick(String foldedNick) {
        if (foldedNick == null) {
            return;
        }
        nickLock.lock();
        try {
            localClaims.remove(foldedNick);
        } finally {
            nickLock.unlock();
        }
        // After what is queued: the QUIT or NICK reaches the others before the nick is free. While split,
        // the next join's sweep releases whatever this node no longer holds.
        if (subscribed && !queue.offer(new Outgoing(List.of(), null, foldedNick))) {
            retryRelease(foldedNick);
        }
    }

    @Override
    public boolean publish(NetworkEvent event, Client from) {
        if (state != State.JOINED) {
            tellUndelivered(from);
            return false;
        }
        byte[] message = encode(new BusMessage.Event(event));
        if (!queue.offer(new Outgoing(List.of(message), from, null))) {
            log.warn("chat: cluster: {} messages waiting to be published; dropping", QUEUE);
            outOfStep = true;
            tellUndelivered(from);
            return false;
        }
        return true;
    }

    @Override
    public void addStats(ServerStats stats) {
        stats.gauge("cluster_servers", this::serverCount);
        stats.gauge("cluster_joined", () -> state == State.JOINED ? 1 : 0);
        published = stats.counter("bus_published");
        received = stats.counter("bus_received");
        publishFailures = stats.counter("bus_publish_failures");
        splits = stats.counter("cluster_splits");
        stats.describe("cluster_servers", "Servers of the cluster this node knows, itself included.");
        stats.describe("cluster_joined", "1 while this node has joined its cluster, else 0.");
        stats.describe("bus_published", "Events this node published to the cluster bus.");
        stats.describe("bus_received", "Events this node received from the cluster bus.");
        stats.describe("bus_publish_failures", "Events that could not be published to the cluster bus.");
        stats.describe("cluster_splits", "Times this node lost the cluster backplane while joined (a split).");
    }

    @Override
    public boolean clustered() {
        return true;
    }

    @Override
    public int serverCount() {
        return 1 + known.size();
    }

    @Override
    public String nodeName() {
        return node;
    }

    @Override
    public void leave() {
        joinLock.lock();
        State before;
        try {
            before = state;
            state = State.LEFT;
        } finally {
            joinLock.unlock();
        }
        if (before == State.JOINED) {
            // After everything queued, so the last lines of this node's users go out before its BYE.
            queue.offer(new Outgoing(List.of(encode(new BusMessage.Bye())), null, null));
        }
        if (!queue.offer(Outgoing.STOP) && publisher != null) {
            publisher.interrupt();
        }
        try {
            if (publisher != null) {
                publisherDone.await(2, TimeUnit.SECONDS);
            }
            if (before != State.STARTING || subscribed) {
                backplane.leave(node);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.debug("chat: cluster: leaving: {}", e.getMessage());
        }
        backplane.close();
        if (heartbeat != null) {
            heartbeat.interrupt();
        }
    }

    // --- receiving ---

    private void listenLoop() {
        Duration backoff = BACKOFF_MIN;
        while (state != State.LEFT) {
            String reason;
            try {
                backplane.listen(lease, this::subscribed, this::received);
                reason = "connection closed";
            } catch (IOException e) {
                reason = e.getMessage();
            } catch (RuntimeException e) {
                reason = e.toString();
                log.error("chat: cluster: listener failed", e);
            }
            subscribed = false;
            if (state == State.LEFT) {
                break;
            }
            if (state == State.JOINED) {
                backoff = BACKOFF_MIN;
            }
            split(reason);
            firstAttempt.countDown();
            try {
                Thread.sleep(backoff); // reconnect backoff, not synchronisation
            } catch (InterruptedException e) {
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(BACKOFF_MAX) > 0 ? BACKOFF_MAX : backoff.multipliedBy(2);
        }
    }

    private void subscribed() {
        subscribed = true;
        Thread.ofVirtual().name("chat-cluster-join").start(this::join);
    }

    /**
     * Joins (or rejoins) the network once subscribed: see the class comment. Runs at most once at a time;
     * on failure the heartbeat tries again while the subscription lasts.
     */
    private void join() {
        if (!joinLock.tryLock()) {
            return;
        }
        try {
            if (!subscribed || state == State.JOINED || state == State.LEFT) {
                return;
            }
            reclaimNicks(true);
            boolean rejoined = joinedOnce;
            replica.locked(() -> {
                if (state == State.LEFT || !subscribed) {
                    return;
                }
                state = State.JOINED;
                joinedOnce = true;
                outOfStep = false;
                if (rejoined) {
                    // Before the others' bursts, whose JOINs it announces.
                    replica.noticeAll("*** Network rejoined: users of the other servers are coming back");
                }
                enqueue(new BusMessage.Hello("*"));
                enqueueBurst();
            });
            if (state == State.JOINED) {
                log.info("chat: cluster: node {} {} the network through {}", node, rejoined ? "rejoined" : "joined", where);
            }
        } catch (IOException e) {
            log.debug("chat: cluster: join failed: {}", e.getMessage());
        } finally {
            joinLock.unlock();
            firstAttempt.countDown();
        }
    }

    /**
     * Claims the nicks of every local client again (after an outage, or a lease found expired); a client
     * whose nick another node took meanwhile is renamed. With {@code fresh}, first releases whatever this
     * node held, so claims of clients gone meanwhile do not linger.
     */
    private void reclaimNicks(boolean fresh) throws IOException {
        List<String> collided = new ArrayList<>();
        nickLock.lock();
        try {
            if (fresh) {
                backplane.leave(node);
                releasesToRetry.clear(); // the sweep released them
            }
            backplane.renewLease(node, lease);
            lastRenewal = System.nanoTime();
            for (String nick : List.copyOf(localClaims)) {
                if (!backplane.claimNick(nick, node)) {
                    collided.add(nick);
                }
            }
        } finally {
            nickLock.unlock();
        }
        for (String nick : collided) {
            Client c = replica.localClient(nick);
            if (c != null) {
                replica.renameAfterCollision(c, candidates(c.nick()));
            }
        }
    }

    /** Nicks for a user renamed after a collision: its nick cut short plus digits, a few tries. */
    private static List<String> candidates(String nick) {
        List<String> nicks = new ArrayList<>();
        String stem = nick.length() > 5 ? nick.substring(0, 5) : nick;
        for (int i = 0; i < 5; i++) {
            nicks.add(stem + ThreadLocalRandom.current().nextInt(10_000, 100_000));
        }
        return nicks;
    }

    private void received(byte[] bytes) {
        received.increment();
        liveness.lock();
        try {
            receive(bytes);
        } catch (RuntimeException e) {
            // Our bug, triggered by this message: keep listening, the replica heals at the next burst.
            log.error("chat: cluster: failed to apply a message from the bus", e);
        } finally {
            liveness.unlock();
        }
    }

    private void receive(byte[] bytes) {
        BusMessage m;
        try {
            m = BusMessage.decode(bytes);
        } catch (IllegalArgumentException e) {
            log.debug("chat: cluster: ignoring a message on the bus: {}", e.getMessage());
            return;
        }
        if (m.node().equals(node)) {
            if (!m.boot().equals(boot) && duplicateNames.size() < MAX_DUPLICATE_NAMES_LOGGED
                    && duplicateNames.add(m.boot())) {
                log.error("chat: cluster: another server uses the node name {}; give each a distinct --node-name", node);
            }
            return;
        }
        String from = m.node();
        if (m.body() instanceof BusMessage.Event e && isLine(e.event())) {
            // A line needs no replica state: deliver it even before the sender's burst arrived.
            heard(from);
            replica.apply(from, e.event());
            return;
        }
        if (state != State.JOINED) {
            return; // the bursts that follow our HELLO bring everything
        }
        switch (m.body()) {
            case BusMessage.Hello h -> {
                if (h.target().equals("*") || h.target().equals(node)) {
                    replica.locked(this::enqueueBurst);
                }
            }
            case BusMessage.BurstStart b -> {
                known.put(from, System.nanoTime());
                helloSent.remove(from);
                replica.beginBurst(from);
            }
            case BusMessage.BurstEnd b -> replica.endBurst(from);
            case BusMessage.Bye b -> {
                known.remove(from);
                replica.nodeLost(from);
                log.info("chat: cluster: node {} left the network", from);
            }
            case BusMessage.Heartbeat h -> heard(from);
            case BusMessage.Event e -> {
                if (heard(from)) {
                    replica.apply(from, e.event());
                }
            }
        }
    }

    private static boolean isLine(NetworkEvent e) {
        return e instanceof NetworkEvent.ToChannel || e instanceof NetworkEvent.ToUser
                || e instanceof NetworkEvent.ToPeers || e instanceof NetworkEvent.Wallops;
    }

    /** Records that {@code from} is alive; false (and a HELLO to it) when we lack its state. */
    private boolean heard(String from) {
        if (known.replace(from, System.nanoTime()) != null) {
            return true;
        }
        if (state == State.JOINED && helloSent.add(from)) {
            enqueue(new BusMessage.Hello(from));
        }
        return false;
    }

    /** Queues this node's whole state as one item (so no burst is ever cut by a full queue); under the registry lock. */
    private void enqueueBurst() {
        List<byte[]> messages = new ArrayList<>();
        messages.add(encode(new BusMessage.BurstStart()));
        for (NetworkEvent e : replica.burst()) {
            messages.add(encode(new BusMessage.Event(e)));
        }
        messages.add(encode(new BusMessage.BurstEnd()));
        if (!queue.offer(new Outgoing(messages, null, null))) {
            outOfStep = true;
        }
    }

    /** {@code body} as this node says it on the bus. */
    private byte[] encode(BusMessage.Body body) {
        return new BusMessage(node, boot, body).encode();
    }

    private void enqueue(BusMessage.Body body) {
        if (!queue.offer(new Outgoing(List.of(encode(body)), null, null))) {
            outOfStep = true;
        }
    }

    // --- split ---

    /** This node lost the backplane: tell local users, drop the other nodes' users, fail what is queued. */
    private void split(String failure) {
        // The backplane's messages name it already: "redis://h:p: Connection refused".
        String reason = failure != null && failure.startsWith(where + ": ") ? failure.substring(where.length() + 2) : failure;
        joinLock.lock();
        State before;
        try {
            splitReason = reason;
            before = state;
            if (before == State.LEFT || before == State.SPLIT) {
                return;
            }
            state = State.SPLIT;
        } finally {
            joinLock.unlock();
        }
        if (before == State.JOINED) {
            splits.increment();
        }
        liveness.lock();
        try {
            known.clear();
            helloSent.clear();
        } finally {
            liveness.unlock();
        }
        failQueued();
        if (before == State.STARTING) {
            log.warn("chat: cluster: cannot reach {}: {}; serving local users, retrying", where, reason);
            return;
        }
        log.warn("chat: cluster: lost {}: {}; network split, serving local users, reconnecting", where, reason);
        replica.noticeAll("*** Network split: lost the connection to the other servers (" + reason
                + "); their users are gone until it is back, local users can go on");
        replica.allNodesLost();
    }

    private void failQueued() {
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

    private void tellUndelivered(Client from) {
        if (from != null && state != State.LEFT) {
            from.send(IrcLine.formatTrailing(serverName, "NOTICE", from.nickOrStar(),
                    "*** Your message could not reach the other servers: the network is split (" + splitReason + ")"));
        }
    }

    // --- publishing ---

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
            publisherDone.countDown();
        }
    }

    /** Publishes a batch, nick releases in their place; false at the stop marker. */
    private boolean publishBatch(List<Outgoing> batch) {
        List<byte[]> messages = new ArrayList<>();
        int first = 0;
        for (int i = 0; i < batch.size(); i++) {
            Outgoing o = batch.get(i);
            if (o == Outgoing.STOP || o.releaseNick() != null) {
                flush(messages, batch, first, i);
                first = i + 1;
                if (o == Outgoing.STOP) {
                    return false;
                }
                release(o.releaseNick());
            } else {
                messages.addAll(o.messages());
            }
        }
        flush(messages, batch, first, batch.size());
        return true;
    }

    /** Releases a nick in the backplane unless a local client took it again meanwhile. */
    private void release(String nick) {
        nickLock.lock();
        try {
            releasesToRetry.remove(nick);
            if (!localClaims.contains(nick)) {
                backplane.releaseNick(nick, node);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("chat: cluster: nick release failed: {}", e.toString());
            releasesToRetry.add(nick); // else the nick would stay held by nobody while this node lives
        } finally {
            nickLock.unlock();
        }
    }

    private void retryRelease(String nick) {
        nickLock.lock();
        try {
            releasesToRetry.add(nick);
        } finally {
            nickLock.unlock();
        }
    }

    private void retryReleases() {
        List<String> retry;
        nickLock.lock();
        try {
            retry = List.copyOf(releasesToRetry);
        } finally {
            nickLock.unlock();
        }
        retry.forEach(this::release);
    }

    private void flush(List<byte[]> messages, List<Outgoing> batch, int from, int to) {
        if (messages.isEmpty()) {
            return;
        }
        try {
            backplane.publish(messages);
            published.add(messages.size());
        } catch (IOException | RuntimeException e) {
            publishFailures.add(messages.size());
            String reason = e instanceof IOException ? e.getMessage() : e.toString();
            log.debug("chat: cluster: publish failed: {}", reason);
            splitReason = reason;
            outOfStep = true; // state changes among them: the others get a burst once publishing works
            Set<Client> told = new HashSet<>();
            for (Outgoing o : batch.subList(from, to)) {
                if (o.from() != null && told.add(o.from())) {
                    tellUndelivered(o.from());
                }
            }
        }
        messages.clear();
    }

    // --- heartbeat and failure detection ---

    private void heartbeatLoop() {
        while (state != State.LEFT) {
            try {
                Thread.sleep(Math.max(1, tick.toMillis())); // a period, not synchronisation
            } catch (InterruptedException e) {
                return;
            }
            try {
                beat();
            } catch (RuntimeException e) {
                log.error("chat: cluster: heartbeat failed", e);
            }
        }
    }

    private void beat() {
        if (!subscribed || state == State.LEFT) {
            return;
        }
        // While subscribed, even while joining: the bus must not fall silent for this node's listener.
        enqueue(new BusMessage.Heartbeat());
        if (state != State.JOINED) {
            join(); // the last attempt failed half-way: the subscription is there, try again
            return;
        }
        renew();
        if (reclaimDue && state == State.JOINED) {
            try {
                reclaimNicks(false);
                reclaimDue = false;
                outOfStep = true; // renamed users, if any, and the state of this node to be sure
            } catch (IOException e) {
                log.debug("chat: cluster: claiming nicks again failed: {}", e.getMessage());
            }
        }
        retryReleases();
        if (outOfStep && state == State.JOINED) {
            outOfStep = false;
            log.info("chat: cluster: some changes could not be published; sending this node's state again");
            helloSent.clear(); // a lost HELLO of ours is asked again too
            replica.locked(this::enqueueBurst);
        }
        forgetSilentNodes();
    }

    private void renew() {
        try {
            if (!backplane.renewLease(node, lease)) {
                log.warn("chat: cluster: this node's lease had expired; claiming its nicks again");
                reclaimDue = true;
            }
            lastRenewal = System.nanoTime();
        } catch (IOException e) {
            log.debug("chat: cluster: lease renewal failed: {}", e.getMessage());
            if (System.nanoTime() - lastRenewal > lease.toNanos()) {
                // The lease is gone and others may take this node's nicks: go through a rejoin.
                split("cannot renew this node's lease: " + e.getMessage());
            }
        }
    }

    /** Nodes silent for a lease (less a tick, so the others see the split within the lease) are lost. */
    private void forgetSilentNodes() {
        long limit = lease.minus(tick).toNanos();
        liveness.lock();
        try {
            long now = System.nanoTime();
            for (Iterator<Map.Entry<String, Long>> it = known.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Long> e = it.next();
                if (now - e.getValue() > limit) {
                    it.remove();
                    log.info("chat: cluster: node {} silent for {} ms: lost", e.getKey(),
                            TimeUnit.NANOSECONDS.toMillis(now - e.getValue()));
                    replica.nodeLost(e.getKey());
                }
            }
        } finally {
            liveness.unlock();
        }
    }
}
