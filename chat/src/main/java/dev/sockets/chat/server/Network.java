package dev.sockets.chat.server;

/**
 * The chat network this server belongs to, as the registry sees it: the bus that tells the other nodes
 * what local users do, and the network-wide nick registry. {@link #SINGLE} is the in-process default, a
 * network of one server, where there is nobody to tell and the local registry alone keeps nicks unique.
 * {@code cluster.ClusterNetwork} is the Redis one. State changes reach it only from a committed
 * {@link Change}; messages from {@link Channel#broadcast} and {@link RemoteUser#send}; the command
 * handlers read its figures (LUSERS, WHOIS) but publish nothing themselves.
 *
 * <p>Thread-safe; must never block. State changes are published under the registry lock (so in the
 * order they happened); messages are published from any thread without it.
 */
public interface Network {

    /** One server, no cluster: today's behaviour, at no cost. */
    Network SINGLE = new Network() {
        @Override
        public boolean reserveNick(String foldedNick) {
            return true;
        }

        @Override
        public void releaseNick(String foldedNick) {
        }

        @Override
        public boolean publish(NetworkEvent event, Client from) {
            return true;
        }

        @Override
        public int serverCount() {
            return 1;
        }
    };

    /**
     * Reserves a nick network-wide before the local registry gives it to a client (blocks for a round trip
     * to the shared engine; never called under the registry lock).
     *
     * @return false when another node's user has it
     */
    boolean reserveNick(String foldedNick);

    /** Gives back a nick reserved with {@link #reserveNick} (asynchronously, after what was published). */
    void releaseNick(String foldedNick);

    /**
     * Tells the other nodes, in order, without blocking.
     *
     * @param from the local sender of a line, told by a NOTICE when it cannot be delivered; may be null
     * @return false when the event could not be sent (the network is split)
     */
    boolean publish(NetworkEvent event, Client from);

    /** Whether other servers may exist (a cluster): lines are then published even to no known remote user. */
    default boolean clustered() {
        return false;
    }

    /** Servers in the network this one can reach, itself included (LUSERS). */
    int serverCount();

    /**
     * This server's name in the network, shown as the server of its users in WHOIS and WHO on every node
     * (null on its own: the {@code --name} is shown).
     */
    default String nodeName() {
        return null;
    }

    /** Adds this network's figures to the server's stats line (a cluster: nodes, messages, failures). */
    default void addStats(dev.sockets.common.server.ServerStats stats) {
    }

    /** Starts taking part: called once the server is bound, with the replica remote events go to. */
    default void start(Replica replica) {
    }

    /**
     * The server is stopping: tells the other nodes its users are gone (a netsplit for them), before the
     * local clients are disconnected, and stops publishing. Idempotent.
     */
    default void leave() {
    }
}
