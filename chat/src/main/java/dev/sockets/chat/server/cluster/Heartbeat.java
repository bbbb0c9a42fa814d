package dev.sockets.chat.server.cluster;

import dev.sockets.chat.server.state.Replica;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "chat-cluster-heartbeat" thread, every quarter of the lease: says BEAT on the bus (so neither the
 * others nor this node's own listener hear silence), retries a join that failed half-way, renews the
 * lease, makes the repairs due (nicks claimed again, releases retried, this node's state sent again when
 * something did not go out), and drops nodes silent for a lease less a tick (failure detection: the
 * others see a dead node's users quit within a lease).
 */
final class Heartbeat {

    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final Duration tick;
    private final long silenceLimitNanos;
    private final Membership membership;
    private final NickClaims nicks;
    private final Publisher publisher;
    private final KnownNodes known;
    private final Replica replica;
    private Thread thread;

    Heartbeat(Duration lease, Membership membership, NickClaims nicks, Publisher publisher, KnownNodes known,
            Replica replica) {
        this.tick = lease.dividedBy(4);
        this.silenceLimitNanos = lease.minus(tick).toNanos();
        this.membership = membership;
        this.nicks = nicks;
        this.publisher = publisher;
        this.known = known;
        this.replica = replica;
    }

    void start() {
        thread = Thread.ofPlatform().name("chat-cluster-heartbeat").daemon(true).start(this::loop);
    }

    void stop() {
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void loop() {
        while (!membership.left()) {
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

    /** One tick's work (the loop's body). */
    void beat() {
        if (!membership.subscribed() || membership.left()) {
            return;
        }
        // While subscribed, even while joining: the bus must not fall silent for this node's listener.
        publisher.enqueue(new BusMessage.Heartbeat());
        if (!membership.joined()) {
            membership.join(); // the last attempt failed half-way: the subscription is there, try again
            return;
        }
        Optional<String> lost = nicks.renewLease();
        if (lost.isPresent()) {
            membership.split(lost.get()); // others may take this node's nicks: go through a rejoin
        }
        if (membership.joined() && nicks.reclaimIfDue(replica)) {
            publisher.markOutOfStep(); // renamed users, if any, and the state of this node to be sure
        }
        nicks.retryReleases();
        if (membership.joined() && publisher.takeOutOfStep()) {
            log.info("chat: cluster: some changes could not be published; sending this node's state again");
            known.forgetHellos(); // a lost HELLO of ours is asked again too
            replica.locked(() -> publisher.burst(replica.burst()));
        }
        known.forgetSilent(silenceLimitNanos, silent -> {
            log.info("chat: cluster: node {} silent for {} ms: lost", silent.node(),
                    TimeUnit.NANOSECONDS.toMillis(silent.nanos()));
            replica.nodeLost(silent.node());
        });
    }
}
