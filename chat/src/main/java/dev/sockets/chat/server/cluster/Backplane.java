package dev.sockets.chat.server.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The shared engine under a network of chat servers ("nodes"): one message bus every node hears, and a
 * registry of nicknames whose owners hold leases. {@link RedisBackplane} is the real one; tests use an
 * in-memory one. The cluster logic above it ({@link ClusterNetwork}) decides what to say; a backplane
 * only carries it.
 *
 * <p>Every method may block on the network and throws {@link IOException} when the engine cannot be
 * reached or answers with an error; the caller then treats the network as split and reconnects by
 * calling {@link #listen} again. Thread-safe: {@link #listen} runs on one thread, {@link #publish} on
 * another, nick claims on any.
 */
public interface Backplane extends AutoCloseable {

    /**
     * Subscribes to the bus and hands every message published on it (this node's own included) to
     * {@code onMessage}, in publish order per publisher, on the calling thread, until the connection
     * fails or {@link #close} is called. {@code onSubscribed} runs once the subscription is active, so
     * whatever the caller publishes from then on is heard.
     *
     * @param silence the longest the bus may stay silent before the connection counts as failed (the
     *        caller publishes a heartbeat more often than that)
     * @throws IOException when the connection fails or cannot be made (also after a silence)
     */
    void listen(Duration silence, Runnable onSubscribed, Consumer<byte[]> onMessage) throws IOException;

    /** Publishes {@code messages} on the bus in this order (pipelined: one round trip for all). */
    void publish(List<byte[]> messages) throws IOException;

    /**
     * Starts or renews the lease of {@code node}: it counts as alive for {@code lease} from now.
     *
     * @return whether the lease was still running: false when it had expired (or never existed), so
     *         other nodes may have taken this node's nicks meanwhile
     */
    boolean renewLease(String node, Duration lease) throws IOException;

    /**
     * Claims {@code nick} (already case-folded) for {@code node}, atomically: succeeds when nobody holds
     * it, {@code node} already does, or its holder's lease has expired (a dead node's nicks are free).
     */
    boolean claimNick(String nick, String node) throws IOException;

    /** Releases {@code nick} (case-folded) if {@code node} holds it; otherwise does nothing. */
    void releaseNick(String nick, String node) throws IOException;

    /**
     * Releases every nick {@code node} holds and ends its lease (a goodbye, or a fresh start when joining);
     * also forgets the claims of nodes whose lease has expired, so nothing of a vanished node lingers.
     */
    void leave(String node) throws IOException;

    /** Ends a {@link #listen} in progress and closes every connection; idempotent. */
    @Override
    void close();
}
