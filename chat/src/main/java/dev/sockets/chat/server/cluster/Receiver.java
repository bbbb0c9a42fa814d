package dev.sockets.chat.server.cluster;

import dev.sockets.chat.server.state.NetworkEvent;
import dev.sockets.chat.server.state.Replica;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this node does with each message of the bus, on the listen thread, in bus order: lines go to the
 * local recipients at once (they need no replica state, so even before the sender's burst arrived); state
 * events of known nodes go to the {@link Replica}; HELLO is answered with this node's burst; a node heard
 * of but unknown is asked for its state. While not joined only lines are applied: the bursts that follow
 * this node's HELLO bring the rest.
 */
final class Receiver implements Consumer<byte[]> {

    private static final Logger log = LoggerFactory.getLogger(Receiver.class);
    private static final int MAX_DUPLICATE_NAMES_LOGGED = 16;

    private final BusIdentity self;
    private final Membership membership;
    private final KnownNodes known;
    private final Publisher publisher;
    private final Replica replica;
    private final LongAdder received;
    private final Set<String> duplicateBoots = ConcurrentHashMap.newKeySet();

    Receiver(BusIdentity self, Membership membership, KnownNodes known, Publisher publisher, Replica replica,
            LongAdder received) {
        this.self = self;
        this.membership = membership;
        this.known = known;
        this.publisher = publisher;
        this.replica = replica;
        this.received = received;
    }

    @Override
    public void accept(byte[] bytes) {
        received.increment();
        known.whileApplying(() -> {
            try {
                receive(bytes);
            } catch (RuntimeException e) {
                // Our bug, triggered by this message: keep listening, the replica heals at the next burst.
                log.error("chat: cluster: failed to apply a message from the bus", e);
            }
        });
    }

    private void receive(byte[] bytes) {
        BusMessage m;
        try {
            m = BusMessage.decode(bytes);
        } catch (IllegalArgumentException e) {
            log.debug("chat: cluster: ignoring a message on the bus: {}", e.getMessage());
            return;
        }
        if (self.sameName(m)) {
            if (self.impostor(m) && duplicateBoots.size() < MAX_DUPLICATE_NAMES_LOGGED && duplicateBoots.add(m.boot())) {
                log.error("chat: cluster: another server uses the node name {}; give each a distinct --node-name",
                        self.node());
            }
            return;
        }
        String from = m.node();
        if (m.body() instanceof BusMessage.Event e && isLine(e.event())) {
            heard(from);
            replica.apply(from, e.event());
            return;
        }
        if (!membership.joined()) {
            return;
        }
        switch (m.body()) {
            case BusMessage.Hello h -> {
                if (h.target().equals("*") || h.target().equals(self.node())) {
                    replica.locked(() -> publisher.burst(replica.burst()));
                }
            }
            case BusMessage.BurstStart b -> {
                known.burstStarted(from);
                replica.beginBurst(from);
            }
            case BusMessage.BurstEnd b -> replica.endBurst(from);
            case BusMessage.Bye b -> {
                known.forget(from);
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

    /** Records that {@code from} is alive; false (and a HELLO to it) when its state is unknown here. */
    private boolean heard(String from) {
        if (known.heard(from)) {
            return true;
        }
        if (membership.joined() && known.firstHelloTo(from)) {
            publisher.enqueue(new BusMessage.Hello(from));
        }
        return false;
    }
}
