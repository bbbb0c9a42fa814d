package dev.sockets.chat.server.cluster;

import dev.sockets.chat.server.network.Network;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.NetworkEvent;
import dev.sockets.chat.server.state.Replica;
import dev.sockets.common.server.ServerStats;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chat server as one node of a network of several, over a {@link Backplane} (Redis). Every node keeps a
 * full {@link Replica} of the others' users and channels from what they publish, and publishes what its
 * own users do: a channel message is one publish, delivered by each node to its local members. Nicks are
 * unique network-wide through the backplane's nick registry, whose entries live as long as their node's
 * lease.
 *
 * <p>This class only puts the parts together: {@link Membership} (the bus subscription, joining and
 * splitting), {@link NickClaims} (nicks and the lease), {@link Publisher} (the publish pipeline),
 * {@link Receiver} (what each message of the bus does), {@link KnownNodes} and {@link Heartbeat}
 * (liveness, failure detection and repairs). Their locks are {@link OrderedLock}s made here in their one
 * order (join, nick claims, liveness, then the registry), so an out-of-order lock fails at once.
 *
 * <p>Threads: the listener, the publisher and the heartbeat (platform threads), and a virtual thread per
 * join. {@link #publish} only enqueues, so it may be called under the registry lock.
 */
public final class ClusterNetwork implements Network {

    private static final Logger log = LoggerFactory.getLogger(ClusterNetwork.class);

    private final Backplane backplane;
    private final BusIdentity self;
    private final Duration lease;
    private final OrderedLock joinLock;
    private final Membership membership;
    private final Publisher publisher;
    private final NickClaims nicks;
    private final KnownNodes known;
    private LongAdder received = new LongAdder();
    private volatile Replica replica;
    private Heartbeat heartbeat;

    /**
     * @param node this node's name, unique in the network
     * @param lease how long this node counts as alive without a heartbeat; others detect its death in that time
     * @param where the backplane as users should read it ({@code redis://127.0.0.1:6379})
     * @param serverName the server name, the prefix of NOTICEs to local users
     */
    public ClusterNetwork(Backplane backplane, String node, Duration lease, String where, String serverName) {
        this.backplane = backplane;
        this.self = BusIdentity.of(node);
        this.lease = lease;
        // The registry lock is the last of the order; until start there is no registry to hold.
        this.joinLock = new OrderedLock("join", this::registryHeld);
        OrderedLock nickLock = joinLock.inner("nick claims");
        OrderedLock liveness = nickLock.inner("liveness");
        this.membership = new Membership(backplane, node, where, lease, joinLock);
        this.publisher = new Publisher(backplane, self, membership, serverName);
        this.nicks = new NickClaims(backplane, node, lease, membership, publisher, nickLock);
        this.known = new KnownNodes(liveness);
    }

    private boolean registryHeld() {
        Replica r = replica;
        return r != null && r.lockedByCurrentThread();
    }

    /** This node's name. */
    public String node() {
        return self.node();
    }

    /** Whether this node is part of the network now (false while split). */
    public boolean isJoined() {
        return membership.joined();
    }

    /** Nodes this one has the state of now, itself excluded. */
    public Set<String> knownNodes() {
        return Set.copyOf(known.names());
    }

    // The parts, for their tests.

    Membership membership() {
        return membership;
    }

    Publisher publisher() {
        return publisher;
    }

    NickClaims nickClaims() {
        return nicks;
    }

    KnownNodes known() {
        return known;
    }

    @Override
    public List<String> otherServers() {
        return known.names();
    }

    @Override
    public void start(Replica r) {
        this.replica = r;
        Receiver receiver = new Receiver(self, membership, known, publisher, r, received);
        heartbeat = new Heartbeat(lease, membership, nicks, publisher, known, r);
        membership.start(r, new Membership.Steps() {
            @Override
            public void claimNicksAfresh() throws IOException {
                nicks.reclaim(true, r);
            }

            @Override
            public void announce() {
                publisher.clearOutOfStep();
                publisher.enqueue(new BusMessage.Hello("*"));
                publisher.burst(r.burst());
            }

            @Override
            public void forgetOthers() {
                known.forgetAll();
                publisher.failQueued();
            }
        }, receiver);
        publisher.start();
        heartbeat.start();
        // Serve no one before the first answer from the backplane: joined, or clearly split.
        membership.awaitFirstAnswer();
    }

    @Override
    public boolean reserveNick(String foldedNick) {
        return nicks.reserve(foldedNick);
    }

    @Override
    public void releaseNick(String foldedNick) {
        nicks.release(foldedNick);
    }

    @Override
    public boolean publish(NetworkEvent event, Client from) {
        return publisher.publish(event, from);
    }

    @Override
    public void addStats(ServerStats stats) {
        stats.gauge("cluster_servers", this::serverCount);
        stats.gauge("cluster_joined", () -> membership.joined() ? 1 : 0);
        publisher.countWith(stats.counter("bus_published"), stats.counter("bus_publish_failures"));
        received = stats.counter("bus_received");
        membership.countSplitsWith(stats.counter("cluster_splits"));
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
        return self.node();
    }

    @Override
    public void leave() {
        Membership.Phase before = membership.leave();
        try {
            publisher.stop(before == Membership.Phase.JOINED, Duration.ofSeconds(2));
            if (before != Membership.Phase.STARTING || membership.subscribed()) {
                backplane.leave(self.node());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.debug("chat: cluster: leaving: {}", e.getMessage());
        }
        backplane.close();
        if (heartbeat != null) {
            heartbeat.stop();
        }
    }
}
