package dev.sockets.chat.server.state;

/**
 * The other servers of the chat network, as the state sees them: whom a committed {@link Change} tells
 * what local users did, where lines for remote users and channel members go, and who keeps nicks unique
 * network-wide. The state only talks to this; {@code network.Network} implements it (the single-server
 * null object, or the cluster), so the state layer knows no network code.
 *
 * <p>Thread-safe; must never block (except {@link #reserveNick}). State changes are published under the
 * registry lock (so in the order they happened); messages are published from any thread without it.
 */
public interface Peers {

    /** No other servers: a registry on its own (the network's single-server null object is the same). */
    Peers NONE = new Alone();

    /**
     * No other servers: every nick is free network-wide, and what is published reaches nobody. Not final:
     * the single-server network is one, and a test may watch or hold up one call.
     */
    class Alone implements Peers {
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
    }

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

    /**
     * This server's name in the network, shown as the server of its users in WHOIS and WHO on every node
     * (null on its own: the {@code --name} is shown).
     */
    default String nodeName() {
        return null;
    }
}
