package dev.sockets.chat.server.state;

import dev.sockets.chat.protocol.Capability;
import dev.sockets.chat.protocol.CaseMapping;
import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.chat.protocol.TaggedLine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One channel: members with their operator and voice status, topic, modes (the flags +i +m +n +s +t, the
 * key +k and the limit +l) and the mask lists +b, +e and +I.
 *
 * <p>Members may be local {@link Client}s or, in a cluster, {@link RemoteUser}s of other nodes. A line
 * sent to the channel is queued to each local member and, when some members are remote, published once
 * on the network, whose other nodes deliver it to their own members. Membership, operators, topic and
 * modes change only through a {@link Change}, which announces them.
 *
 * <p>Threading: membership changes only under the {@link Registry} lock (callers hold it); the
 * {@link #members()} snapshot is an immutable array replaced on every change, so fan-out reads it
 * without any lock and a message goes to exactly the members present when it was sent. Topic, modes and
 * the mask lists (immutable lists, replaced on change) are volatile fields written under the registry
 * lock, so the JOIN and PRIVMSG checks read them lock-free; operator and voice status are read under it.
 */
public final class Channel {

    private final String name;
    private final String key;
    private volatile long createdMillis = System.currentTimeMillis();
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
    /** The flag modes set, in the order of {@link #FLAG_MODES}. */
    private volatile String flags = "nt";
    private volatile String joinKey;
    private volatile int limit;
    private final Set<User> voiced = new HashSet<>(); // guarded by the registry lock
    private volatile List<MaskEntry> bans = List.of();
    private volatile List<MaskEntry> exceptions = List.of();
    private volatile List<MaskEntry> inviteExceptions = List.of();
    /** Per list (b, e, I): when it was last changed and on which node; guarded by the registry lock. */
    private final long[] listSetMillis = new long[3];
    private final String[] listNode = {"", "", ""};
    private volatile long modesSetMillis;
    private volatile String modesNode = "";
    private final Metadata metadata = new Metadata();

    /** The channel modes without a parameter, in the order they are shown. */
    public static final String FLAG_MODES = "Cimnst";

    /** The list modes: bans, ban exceptions, invite exceptions. */
    public static final String LIST_MODES = "beI";

    /** One entry of a mask list: the mask, who set it and when (epoch seconds). */
    public record MaskEntry(String mask, String setBy, long setSeconds) { }

    Channel(String name, Peers network) {
        this.name = name;
        this.network = network;
        this.clustered = network.clustered();
        this.key = CaseMapping.fold(name);
    }

    /** The name as its creator spelled it. */
    /** Its draft/metadata-3 keys and values (under the registry lock). */
    public Metadata metadata() {
        return metadata;
    }

    public String name() {
        return name;
    }

    /** The folded name (the registry key). */
    public String key() {
        return key;
    }

    /** When the channel was created, in epoch milliseconds (RPL_CREATIONTIME shows the seconds). */
    public long createdMillis() {
        return createdMillis;
    }

    /** Created on another node at {@code millis} (0: not said): the oldest is the network's. Under the registry lock. */
    void adoptCreated(long millis) {
        if (millis > 0 && millis < createdMillis) {
            createdMillis = millis;
        }
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
            voiced.remove(c);
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

    /** Voice status (+v) of a member; call under the registry lock for a consistent answer. */
    public boolean isVoiced(User c) {
        return voiced.contains(c);
    }

    /** Records voice status of a member (through a {@link Change}). */
    void putVoice(User c, boolean on) {
        if (on) {
            voiced.add(c);
        } else {
            voiced.remove(c);
        }
    }

    /** Every prefix of a member, highest first ({@code "@+"}, {@code "@"}, {@code "+"} or ""); under the lock. */
    public String prefixes(User c) {
        return (isOperator(c) ? "@" : "") + (isVoiced(c) ? "+" : "");
    }

    /** The highest prefix of a member ({@code "@"} over {@code "+"}), or ""; under the lock. */
    public String highestPrefix(User c) {
        return isOperator(c) ? "@" : isVoiced(c) ? "+" : "";
    }

    /** {@code @nick}, {@code +nick} or {@code nick} for each member, for NAMES; caller holds the registry lock. */
    public List<String> namesWithPrefixes(boolean includeInvisible) {
        return namesWithPrefixes(includeInvisible, false);
    }

    /**
     * Each member's nick after its highest prefix, or all its prefixes ({@code allPrefixes}, for
     * multi-prefix); caller holds the registry lock.
     */
    public List<String> namesWithPrefixes(boolean includeInvisible, boolean allPrefixes) {
        return namesWithPrefixes(includeInvisible, allPrefixes, false);
    }

    /**
     * As {@link #namesWithPrefixes(boolean, boolean)}, each nick as {@code nick!user@host} when
     * {@code userhosts} (userhost-in-names); caller holds the registry lock.
     */
    public List<String> namesWithPrefixes(boolean includeInvisible, boolean allPrefixes, boolean userhosts) {
        List<String> names = new ArrayList<>(operators.size());
        for (User u : operators.keySet()) {
            if (includeInvisible || !u.isInvisible()) {
                names.add((allPrefixes ? prefixes(u) : highestPrefix(u)) + (userhosts ? u.prefix() : u.nick()));
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
        return hasFlag('n');
    }

    /** +t: only operators may set the topic. */
    public boolean topicLocked() {
        return hasFlag('t');
    }

    /** +i: only the invited (or those matching +I) may join. */
    public boolean inviteOnly() {
        return hasFlag('i');
    }

    /** +m: only voiced members and operators may speak. */
    public boolean moderated() {
        return hasFlag('m');
    }

    /** +s: hidden from LIST, NAMES and WHOIS of non-members. */
    public boolean secret() {
        return hasFlag('s');
    }

    /** Whether the flag mode {@code m} (one of {@link #FLAG_MODES}) is set. */
    public boolean hasFlag(char m) {
        return flags.indexOf(m) >= 0;
    }

    /** The flag modes set, in the order of {@link #FLAG_MODES} (e.g. {@code "nt"}). */
    public String flags() {
        return flags;
    }

    /** The key (+k), or null. */
    public String joinKey() {
        return joinKey;
    }

    /** The member limit (+l), or 0 when there is none. */
    public int limit() {
        return limit;
    }

    /** {@code flags} with {@code m} set or cleared, in the order of {@link #FLAG_MODES}. */
    static String withFlag(String flags, char m, boolean on) {
        StringBuilder sb = new StringBuilder();
        for (char f : FLAG_MODES.toCharArray()) {
            if (f == m ? on : flags.indexOf(f) >= 0) {
                sb.append(f);
            }
        }
        return sb.toString();
    }

    /** Records the modes (through a {@link Change}). */
    void putModes(String flags, String key, int limit, long setMillis, String node) {
        this.flags = withFlag(flags, ' ', false); // only known flags, in order
        this.joinKey = key;
        this.limit = Math.max(0, limit);
        this.modesSetMillis = setMillis;
        this.modesNode = node;
    }

    /** The entries of the list mode {@code m} ({@code b}, {@code e} or {@code I}): immutable, lock-free. */
    public List<MaskEntry> maskList(char m) {
        return switch (m) {
            case 'b' -> bans;
            case 'e' -> exceptions;
            case 'I' -> inviteExceptions;
            default -> throw new IllegalArgumentException("not a list mode: " + m);
        };
    }

    /** The entry of list {@code m} whose mask equals {@code mask} (case-mapped), or null. */
    public MaskEntry findMask(char m, String mask) {
        for (MaskEntry e : maskList(m)) {
            if (CaseMapping.equals(e.mask(), mask)) {
                return e;
            }
        }
        return null;
    }

    /** When the list {@code m} was last changed (epoch milliseconds; 0: never); under the lock. */
    public long maskListSetMillis(char m) {
        return listSetMillis[LIST_MODES.indexOf(m)];
    }

    /** Whether a list {@code m} set on {@code node} at {@code setMillis} is newer than this one. */
    boolean isNewerMaskList(char m, long setMillis, String node) {
        int i = LIST_MODES.indexOf(m);
        return isNewer(setMillis, node, listSetMillis[i], listNode[i]);
    }

    /** Replaces the list {@code m} (through a {@link Change}). */
    void putMaskList(char m, List<MaskEntry> entries, long setMillis, String node) {
        int i = LIST_MODES.indexOf(m);
        if (i < 0) {
            throw new IllegalArgumentException("not a list mode: " + m);
        }
        listSetMillis[i] = setMillis;
        listNode[i] = node;
        List<MaskEntry> copy = List.copyOf(entries);
        switch (m) {
            case 'b' -> bans = copy;
            case 'e' -> exceptions = copy;
            case 'I' -> inviteExceptions = copy;
            default -> throw new IllegalArgumentException("not a list mode: " + m);
        }
    }

    /** Whether modes set on {@code node} at {@code setMillis} are newer than these: as for topics. */
    boolean isNewerModes(long setMillis, String node) {
        return isNewer(setMillis, node, modesSetMillis, modesNode);
    }

    /** When the modes were last changed (epoch milliseconds; 0: never, the defaults). */
    public long modesSetMillis() {
        return modesSetMillis;
    }

    /** {@code +nt}, {@code +n}, {@code +}: the flag modes only. */
    public String modeString() {
        return "+" + flags;
    }

    /**
     * The modes for RPL_CHANNELMODEIS, each parameter after the mode string: {@code +klnt key 10}. The key is
     * shown only when {@code showKey} (to members), else as {@code *}.
     */
    public List<String> modeParams(boolean showKey) {
        String key = joinKey;
        int max = limit;
        StringBuilder modes = new StringBuilder("+");
        List<String> params = new ArrayList<>();
        params.add(null);
        for (char m : "Ciklmnst".toCharArray()) {
            if (m == 'k' && key != null) {
                modes.append('k');
                params.add(showKey ? key : "*");
            } else if (m == 'l' && max > 0) {
                modes.append('l');
                params.add(Integer.toString(max));
            } else if (hasFlag(m)) {
                modes.append(m);
            }
        }
        params.set(0, modes.toString());
        return params;
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
        return broadcast(TaggedLine.now(line), except, from);
    }

    /** {@link #broadcast(byte[], User, Client)} with tags: each member gets the form its capabilities ask for. */
    public int broadcast(TaggedLine line, User except, Client from) {
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
     * A line the caller delivered to the local members itself (a multiline batch's), published once for the
     * others, kept there under {@code historyMsgid} (null: its own msgid); nothing on a server on its own.
     */
    public void publishToOtherNodes(TaggedLine line, String historyMsgid, User except, Client from) {
        if (clustered) {
            network.publish(new NetworkEvent.ToChannel(name, except == null ? null : except.nick(), line,
                    historyMsgid), remoteMembers > 0 ? from : null);
        }
    }

    /**
     * A STATUSMSG ({@code PRIVMSG @#c}): {@code line} to the members with at least {@code status} ({@code @}:
     * operators; {@code +}: voiced users and operators) except {@code except}, queued to the local ones and in
     * a cluster published once, addressed to {@code @#c}, for the others' nodes to pick theirs. Caller holds
     * the registry lock (member status is guarded by it); returns how many local members it was queued to.
     */
    public int broadcastToStatus(TaggedLine line, char status, User except, Client from) {
        int delivered = deliverToLocalStatus(line, status, except);
        if (clustered) {
            network.publish(new NetworkEvent.ToChannel(status + name, except == null ? null : except.nick(), line),
                    remoteMembers > 0 ? from : null);
        }
        return delivered;
    }

    /** {@link #broadcastToStatus}'s local part; caller holds the registry lock. */
    int deliverToLocalStatus(TaggedLine line, char status, User except) {
        int n = 0;
        for (User m : members) {
            if (m != except && m instanceof Client local && hasStatus(m, status)) {
                local.send(line, null);
                n++;
            }
        }
        return n;
    }

    /** Whether member {@code u} has {@code status} ({@code @} or {@code +}, which operators have too). */
    private boolean hasStatus(User u, char status) {
        return isOperator(u) || status == '+' && isVoiced(u);
    }

    /**
     * Sends {@code line} to every local member except {@code except}; lock-free (a message, not a change).
     * Returns how many it was queued to.
     */
    int deliverToLocalMembers(TaggedLine line, User except) {
        int n = 0;
        for (User m : members) {
            if (m != except && m instanceof Client local) {
                local.send(line, null);
                n++;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return name;
    }

    /** The JOIN of {@code u}, and for extended-join clients with its account ({@code *}: none) and real name. */
    public static TaggedLine joinLine(User u, String channel) {
        byte[] plain = IrcLine.format(u.prefix(), "JOIN", false, channel);
        String account = u.account() == null ? "*" : u.account();
        byte[] extended = IrcLine.formatTrailing(u.prefix(), "JOIN", channel, account,
                u.realName() == null ? "" : u.realName());
        return TaggedLine.withVariant(plain, Capability.EXTENDED_JOIN, extended).withAccount(u.account());
    }
}
