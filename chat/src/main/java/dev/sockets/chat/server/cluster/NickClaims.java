package dev.sockets.chat.server.cluster;

import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.Replica;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's nicks in the backplane's nick registry, and the lease that keeps them: every nick a local
 * client holds (registered or not) is claimed once, and lives as long as the node's lease. Claims and
 * releases are ordered by the nick lock (second in the {@link OrderedLock} order), so a release that
 * runs late on the publisher thread never removes the claim of a client that took the nick again
 * meanwhile. A release runs after what was queued before it, so the QUIT or NICK reaches the others
 * before the nick is free.
 *
 * <p>Repair: a claim unanswered while joining, or a lease found expired, makes a reclaim due (the
 * heartbeat does it); a release that failed is tried again at each heartbeat, so no nick stays held by
 * nobody.
 */
final class NickClaims {

    private static final Logger log = LoggerFactory.getLogger(NickClaims.class);

    private final Backplane backplane;
    private final String node;
    private final Duration lease;
    private final Membership membership;
    private final Publisher publisher;
    private final OrderedLock nickLock;
    /** Folded nicks local clients hold or are being given; under the nick lock. */
    private final Set<String> localClaims = new HashSet<>();
    /** Releases that failed, tried again at each heartbeat; under the nick lock. */
    private final Set<String> releasesToRetry = new HashSet<>();
    private final AtomicBoolean reclaimDue = new AtomicBoolean();
    private volatile long lastRenewal = System.nanoTime();

    NickClaims(Backplane backplane, String node, Duration lease, Membership membership, Publisher publisher,
            OrderedLock nickLock) {
        this.backplane = backplane;
        this.node = node;
        this.lease = lease;
        this.membership = membership;
        this.publisher = publisher;
        this.nickLock = nickLock;
    }

    /**
     * Claims {@code foldedNick} for a local client (one round trip; never under the registry lock). While
     * the node is split the local registry decides alone, and the claim is made when the network is back.
     * A claim that fails for lack of an answer while joined is refused rather than risk a duplicate.
     */
    boolean reserve(String foldedNick) {
        try (OrderedLock.Held held = nickLock.hold()) {
            if (!localClaims.add(foldedNick)) {
                return false; // another local client has it or is being given it
            }
            if (!membership.subscribed() || membership.left()) {
                return true;
            }
            try {
                if (backplane.claimNick(foldedNick, node)) {
                    return true;
                }
            } catch (IOException e) {
                log.debug("chat: cluster: nick claim failed: {}", e.getMessage());
                if (!membership.joined()) {
                    reclaimDue.set(true); // joining: claimed again with the others at the next heartbeat
                    return true;
                }
            }
            localClaims.remove(foldedNick);
            return false;
        }
    }

    /** Gives back a nick after what is queued to be published; while split, the next join's sweep does it. */
    void release(String foldedNick) {
        if (foldedNick == null) {
            return;
        }
        try (OrderedLock.Held held = nickLock.hold()) {
            localClaims.remove(foldedNick);
        }
        if (membership.subscribed() && !publisher.afterQueued(() -> releaseNow(foldedNick))) {
            retryLater(foldedNick);
        }
    }

    /** Releases a nick in the backplane unless a local client took it again meanwhile. */
    private void releaseNow(String nick) {
        try (OrderedLock.Held held = nickLock.hold()) {
            releasesToRetry.remove(nick);
            if (!localClaims.contains(nick)) {
                backplane.releaseNick(nick, node);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("chat: cluster: nick release failed: {}", e.toString());
            retryLater(nick); // else the nick would stay held by nobody while this node lives
        }
    }

    private void retryLater(String nick) {
        try (OrderedLock.Held held = nickLock.hold()) {
            releasesToRetry.add(nick);
        }
    }

    /** Tries the releases that failed again (heartbeat). */
    void retryReleases() {
        List<String> retry;
        try (OrderedLock.Held held = nickLock.hold()) {
            retry = List.copyOf(releasesToRetry);
        }
        retry.forEach(this::releaseNow);
    }

    /**
     * Claims the nicks of every local client again (after an outage, or a lease found expired), and
     * renames through {@code replica} a client whose nick another node took meanwhile. With {@code fresh},
     * first releases whatever this node held, so claims of clients gone meanwhile do not linger.
     */
    void reclaim(boolean fresh, Replica replica) throws IOException {
        List<String> collided = new ArrayList<>();
        try (OrderedLock.Held held = nickLock.hold()) {
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
        }
        for (String nick : collided) {
            Client c = replica.localClient(nick);
            if (c != null) {
                replica.renameAfterCollision(c, candidates(c.nick()));
            }
        }
    }

    /**
     * Reclaims every nick if a reclaim is due (heartbeat, while joined).
     *
     * @return whether it did: users may have been renamed, so the node's state should go out again
     */
    boolean reclaimIfDue(Replica replica) {
        if (!reclaimDue.get()) {
            return false;
        }
        try {
            reclaim(false, replica);
            reclaimDue.set(false);
            return true;
        } catch (IOException e) {
            log.debug("chat: cluster: claiming nicks again failed: {}", e.getMessage());
            return false;
        }
    }

    /**
     * Renews the node's lease. One that had expired makes a reclaim due (others may have taken its nicks).
     *
     * @return why the node must split: renewals have failed for a whole lease, so the lease is gone
     */
    Optional<String> renewLease() {
        try {
            if (!backplane.renewLease(node, lease)) {
                log.warn("chat: cluster: this node's lease had expired; claiming its nicks again");
                reclaimDue.set(true);
            }
            lastRenewal = System.nanoTime();
            return Optional.empty();
        } catch (IOException e) {
            log.debug("chat: cluster: lease renewal failed: {}", e.getMessage());
            if (System.nanoTime() - lastRenewal > lease.toNanos()) {
                return Optional.of("cannot renew this node's lease: " + e.getMessage());
            }
            return Optional.empty();
        }
    }

    /** Nicks for a user renamed after a collision: its nick cut short plus digits, a few tries. */
    static List<String> candidates(String nick) {
        List<String> nicks = new ArrayList<>();
        String stem = nick.length() > 5 ? nick.substring(0, 5) : nick;
        for (int i = 0; i < 5; i++) {
            nicks.add(stem + ThreadLocalRandom.current().nextInt(10_000, 100_000));
        }
        return nicks;
    }
}
