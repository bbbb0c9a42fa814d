package dev.sockets.chat.server.network;

import dev.sockets.chat.server.state.Peers;
import dev.sockets.chat.server.state.Replica;


/**
 * The chat network this server belongs to: the {@link Peers} the state publishes to, plus what the
 * server wiring needs (start with the {@link Replica} remote events go to, leave, figures for LUSERS and
 * the stats line). {@link #SINGLE} is the in-process default, a network of one server, where there is
 * nobody to tell and the local registry alone keeps nicks unique; {@code cluster.ClusterNetwork} is the
 * Redis one. State changes reach it only from a committed {@code Change}; messages from
 * {@code Channel.broadcast} and {@code RemoteUser.send}; the command handlers read its figures (LUSERS,
 * WHOIS) but publish nothing themselves.
 */
public interface Network extends Peers {

    /** One server, no cluster: today's behaviour, at no cost. */
    Network SINGLE = new Single();

    /** A network of one server ({@link #SINGLE}); not final, so that a test may watch or hold up one call. */
    class Single extends Peers.Alone implements Network {
        @Override
        public int serverCount() {
            return 1;
        }
    }

    /** Servers in the network this one can reach, itself included (LUSERS). */
    int serverCount();

    /** The names of the other servers this one can reach now (LINKS); none on its own. */
    default java.util.List<String> otherServers() {
        return java.util.List.of();
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
