package dev.sockets.chat.server.state;

import dev.sockets.chat.protocol.CaseMapping;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One channel: members with their operator flag, topic and modes (+n, +t).
 *
 * <p>Members may be local {@link Client}s or, in a cluster, {@link RemoteUser}s of other nodes. A line
 * sent to the channel is queued to each local member and, when some members are remote, published once
 * on the network, whose other nodes deliver it to their own members. Membership, operators, topic and
 * modes change only through a {@link Change}, which announces them.
 *
 * <p>Threading: membership changes only under the {@link Registry} lock (callers hold it); the
 * {@link #members()} snapshot is an immutable array replaced on every change, so fan-out reads it
 * without any lock and a message goes to exactly the members present when it was sent. Topic and modes
 * are volatile fields written under the registry lock.
 */
public final class Channel {

    private final String name;
    private final String key;
    private final long createdSeconds = System.currentTimeMillis() / 1000;
    private final Peers network;
    private final boolean clustered;
    private final Map<User, Boolean> operators = new LinkedHashMap<>(); // guarded by the registry lock
    private volatile User[] members = new User[0];
    private volatile int remoteMembers;
    private volatile String topic;
    private volatile String topicSetBy;
    private volatile long topicSetMillis;
    /** The node where the topic was set ("" on a server on its own): breaks ties between concurrent topics. */
    private volatile String topicNode = "";
    private volatile boolean noExternalMessages = true;
    private volatile boolean topicLocked = true;
    private volatile long modesSetMillis;
    private volatile String modesNode = "";

    Channel(String name, Peers network) {
        this.name = name;
        this.network = network;
        this.clustered = network.clustered();
        this.key = CaseMapping.fold(name);
    }

    /** The name as its creator spelled it. */
    public String name() {
        return name;
    }

    /** The folded name (the registry key). */
    public String key() {
        return key;
    }

    public long createdSeconds() {
        return createdSeconds;
    }

    /** Members now, in join order; lock-free, never modified (do not modify it either). */
    public User[] members() {
        return members;
    }

    public int size() {
        return members.length;
    }

    /** Whether {@code c} is a member (lock-free: a membership is recorded in the client too). */
    public boolean hasMember(User c) {
        return c.channels().contains(this);
    }

    /** Operator status of a member; call under the registry lock for a consistent answer. */
    public boolean isOperator(User c) {
        Boolean op = operators.get(c);
        return op != null && op;
    }

    /** Adds a member; caller holds the registry lock. */
    void add(User c, boolean operator) {
        operators.put(c, operator);
        c.channels().add(this);
        membersChanged();
    }

    /** Removes a member; caller holds the registry lock. */
    void remove(User c) {
        if (operators.remove(c) != null) {
            c.channels().remove(this);
            membersChanged();
        }
    }

    private void membersChanged() {
        User[] now = operators.keySet().toArray(User[]::new);
        int remote = 0;
        for (User u : now) {
            if (!u.isLocal()) {
                remote++;
            }
        }
        remoteMembers = remote;
        members = now;
    }

    /** Records operator status of a member (through a {@link Change}). */
    void putOperator(User c, boolean op) {
        operators.replace(c, op);
    }

    /** {@code @nick} or {@code nick} for each member, for NAMES; caller holds the registry lock. */
    public List<String> namesWithPrefixes(boolean includeInvisible) {
        List<String> names = new ArrayList<>(operators.size());
        for (Map.Entry<User, Boolean> e : operators.entrySet()) {
            if (includeInvisible || !e.getKey().isInvisible()) {
                names.add((e.getValue() ? "@" : "") + e.getKey().nick());
            }
        }
        return names;
    }

    Collection<User> memberSet() {
        return operators.keySet();
    }

    public String topic() {
        return topic;
    }

    public String topicSetBy() {
        return topicSetBy;
    }

    public long topicSetSeconds() {
        return topicSetMillis / 1000;
    }

    /** When the topic was set, in milliseconds (orders concurrent topics across nodes). */
    public long topicSetMillis() {
        return topicSetMillis;
    }

    /** Records a topic (through a {@link Change}); an empty text clears it. */
    void putTopic(String text, String setBy, long setMillis, String node) {
        this.topic = text.isEmpty() ? null : text;
        this.topicSetBy = setBy;
        this.topicSetMillis = setMillis;
        this.topicNode = node;
    }

    /**
     * Whether a topic set on {@code node} at {@code setMillis} is newer than this one: the later wins; of
     * two set in the same millisecond, a node's own later one, else the one from the greater node name, so
     * every node keeps the same.
     */
    boolean isNewerTopic(long setMillis, String node) {
        return isNewer(setMillis, node, topicSetMillis, topicNode);
    }

    /** Orders changes across nodes: the later wins; in the same millisecond, the greater (or same) node. */
    private static boolean isNewer(long millis, String node, long thanMillis, String thanNode) {
        return millis != thanMillis ? millis > thanMillis : node.compareTo(thanNode) >= 0;
    }

    /** +n: only members may send. */
    public boolean noExternalMessages() {
        return noExternalMessages;
    }

    /** +t: only operators may set the topic. */
    public boolean topicLocked() {
        return topicLocked;
    }

    /** Records the modes (through a {@link Change}). */
    void putModes(boolean noExternal, boolean locked, long setMillis, String node) {
        this.noExternalMessages = noExternal;
        this.topicLocked = locked;
        this.modesSetMillis = setMillis;
        this.modesNode = node;
    }

    /** Whether modes set on {@code node} at {@code setMillis} are newer than these: as for topics. */
    boolean isNewerModes(long setMillis, String node) {
        return isNewer(setMillis, node, modesSetMillis, modesNode);
    }

    /** When the modes were last changed (epoch milliseconds; 0: never, the defaults). */
    public long modesSetMillis() {
        return modesSetMillis;
    }

    /** {@code +nt}, {@code +n}, {@code +}. */
    public String modeString() {
        return "+" + (noExternalMessages ? "n" : "") + (topicLocked ? "t" : "");
    }

    /**
     * Sends a message {@code line} to every member except {@code except} (may be null): queued to the local
     * ones, and in a cluster published once for the members on other nodes. Lock-free. State changes
     * announce their lines through a {@link Change} instead.
     *
     * @return how many local members it was queued to (the line's fan-out here)
     *
     * @param from the local sender, told if the line cannot reach other nodes; may be null
     */
    public int broadcast(byte[] line, User except, Client from) {
        int delivered = deliverToLocalMembers(line, except);
        if (clustered) {
            // Published even with no remote member known here: right after a netjoin another node may have
            // members whose burst is still on the way. The sender hears of a failure only if someone
            // remote was known to miss the line.
            network.publish(new NetworkEvent.ToChannel(name, except == null ? null : except.nick(), line),
                    remoteMembers > 0 ? from : null);
        }
        return delivered;
    }

    /**
     * Sends {@code line} to every local member except {@code except}; lock-free (a message, not a change).
     * Returns how many it was queued to.
     */
    int deliverToLocalMembers(byte[] line, User except) {
        int n = 0;
        for (User m : members) {
            if (m != except && m instanceof Client local) {
                local.send(line);
                n++;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return name;
    }
}
