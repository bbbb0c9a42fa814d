package dev.sockets.chat.server.state;

import dev.sockets.chat.protocol.TaggedLine;

/**
 * A user connected to another node of the cluster. This server keeps it in its registry and channels so
 * that NAMES, WHO, WHOIS and LIST show the whole network; lines for it are published once on the bus and
 * its own node delivers them. Created and changed only by the {@link Replica}, under the registry lock.
 */
public final class RemoteUser extends User {

    private final String node;
    private final Peers network;

    RemoteUser(String node, String nick, String user, String host, String realName, Peers network) {
        super(host);
        this.node = node;
        this.network = network;
        setNick(nick);
        setUserFields(user, realName);
    }

    /** The node this user is connected to. */
    public String node() {
        return node;
    }

    @Override
    public boolean send(byte[] line, Client from) {
        return network.publish(new NetworkEvent.ToUser(nick(), line), from);
    }

    @Override
    public boolean send(TaggedLine line, Client from) {
        return network.publish(new NetworkEvent.ToUser(nick(), line), from);
    }

    /** {@code line} for this user, kept in its node's history under {@code historyMsgid} (null: its own msgid). */
    public boolean send(TaggedLine line, String historyMsgid, Client from) {
        return network.publish(new NetworkEvent.ToUser(nick(), line, historyMsgid), from);
    }

    @Override
    public boolean isLocal() {
        return false;
    }

    @Override
    public String serverName() {
        return node;
    }

    @Override
    public boolean isRegistered() {
        return true;
    }

    @Override
    public String toString() {
        return prefix() + " on " + node;
    }
}
