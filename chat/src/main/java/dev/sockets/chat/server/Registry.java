package dev.sockets.chat.server;

import dev.sockets.chat.protocol.CaseMapping;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Who is connected, which nick belongs to whom, which channels exist: the state users share. In a cluster
 * it also holds the users of other nodes ({@link RemoteUser}s, kept by the {@link Replica}), and every
 * change a local command makes here is published on the {@link Network}; with {@link Network#SINGLE}
 * that costs nothing.
 *
 * <p>Threading: one lock ({@link #exclusive}) serialises every change of nicks and memberships, so a
 * NICK, JOIN, PART, KICK or QUIT is atomic for everyone watching; inside it only in-memory work,
 * non-blocking {@link Client#send} and non-blocking publishes happen, never socket I/O. Lookups
 * ({@link #user}, {@link #channel}, counts) are lock-free reads of concurrent maps, and fan-out reads a
 * channel's member snapshot without the lock.
 */
public final class Registry {

    private final ReentrantLock lock = new ReentrantLock();
    private final Network network;
    private final Map<String, User> nicks = new ConcurrentHashMap<>();
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<RemoteUser>> remoteByNode = new HashMap<>(); // guarded by the lock

    public Registry(Network network) {
        this.network = network;
    }

    /** A registry for a server on its own. */
    public Registry() {
        this(Network.SINGLE);
    }

    public Network network() {
        return network;
    }

    /** Runs {@code action} holding the registry lock (reentrant). */
    public <T> T exclusive(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code action} holding the registry lock (reentrant). */
    public void exclusive(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
        }
    }

    void connected(Client c) {
        clients.add(c);
    }

    /** Every client connected to this server (registered or not). */
    public Collection<Client> clients() {
        return clients;
    }

    /** Clients connected to this server, registered or not. */
    public int clientCount() {
        return clients.size();
    }

    /** Registered users of the whole network. */
    public int userCount() {
        return users().size();
    }

    public int channelCount() {
        return channels.size();
    }

    /** The user with {@code nick} (any case), local or remote, or null. */
    public User user(String nick) {
        return nicks.get(CaseMapping.fold(nick));
    }

    /** The channel named {@code name} (any case), or null. */
    public Channel channel(String name) {
        return channels.get(CaseMapping.fold(name));
    }

    /** Every channel now. */
    public Collection<Channel> channels() {
        return channels.values();
    }

    /**
     * Gives {@code nick} to the unregistered client {@code c} if nobody on the network (compared with rfc1459
     * folding) has it; releases its old nick.
     *
     * @return false when the nick is taken
     */
    public boolean claimNick(Client c, String nick) {
        return changeNick(c, nick, null);
    }

    /**
     * Changes a client's nick if nobody on the network has {@code nick}: atomically with the change,
     * {@code line} (the NICK message, or null before registration) goes to the client and everyone who
     * shares a channel with it, here and on other nodes.
     *
     * @return false when the nick is taken
     */
    public boolean changeNick(Client c, String nick, byte[] line) {
        String key = CaseMapping.fold(nick);
        User holder = nicks.get(key);
        if (holder != null && holder != c) {
            return false; // known taken: no need to ask the network
        }
        // A case-only change keeps the key, already reserved. Decided again under the lock, where the
        // nick cannot change under us (a rename after a netsplit runs on another thread).
        boolean wasReserved = false;
        if (c.nick() == null || !CaseMapping.fold(c.nick()).equals(key)) {
            if (!network.reserveNick(key)) {
                return false;
            }
            wasReserved = true;
        }
        boolean reserved = wasReserved;
        String[] unused = new String[1];
        boolean changed = exclusive(() -> {
            String old = c.nick();
            String oldKey = old == null ? null : CaseMapping.fold(old);
            if (!reserved && !key.equals(oldKey)) {
                return false; // renamed meanwhile (after a netsplit): this key was never reserved for it
            }
            User now = nicks.putIfAbsent(key, c);
            if ((now != null && now != c) || !clients.contains(c) || c.isLeaving()) {
                if (now == null) {
                    nicks.remove(key, c);
                }
                return false;
            }
            if (oldKey != null && !oldKey.equals(key)) {
                nicks.remove(oldKey, c);
                unused[0] = oldKey;
            }
            if (line != null) {
                c.send(line);
                sendToPeers(c, line);
            }
            c.setNick(nick);
            if (c.isRegistered()) {
                network.publish(new NetworkEvent.Nick(old, nick), null);
            }
            return true;
        });
        if (!changed && reserved) {
            unused[0] = key;
        }
        network.releaseNick(unused[0]);
        return changed;
    }

    /** The client completed registration: the network hears of it. */
    void introduced(Client c) {
        if (network.clustered()) {
            exclusive(() -> network.publish(intro(c), null));
        }
    }

    static NetworkEvent.Intro intro(User u) {
        return new NetworkEvent.Intro(u.nick(), u.user(), u.host(), u.realName(), u.away(), u.isInvisible());
    }

    /**
     * Adds {@code c} to the channel {@code name}, creating it (with {@code c} as operator) if needed.
     * Caller holds the lock.
     *
     * @return the channel, or null if {@code c} already was a member
     */
    public Channel join(Client c, String name) {
        Channel ch = joinSilently(c, name, null);
        if (ch != null) {
            network.publish(new NetworkEvent.Join(c.nick(), ch.name(), ch.isOperator(c)), null);
        }
        return ch;
    }

    /** Adds a member without telling the network; {@code operator} null: operator if it creates the channel. */
    Channel joinSilently(User u, String name, Boolean operator) {
        Channel ch = channels.computeIfAbsent(CaseMapping.fold(name), k -> new Channel(name, network));
        if (ch.hasMember(u)) {
            return null;
        }
        ch.add(u, operator == null ? ch.size() == 0 : operator);
        return ch;
    }

    /** Removes {@code u} from {@code ch} (PART, KICK), dropping the channel when it empties. Caller holds the lock. */
    public void leave(User u, Channel ch) {
        if (ch.hasMember(u)) {
            network.publish(new NetworkEvent.Leave(u.nick(), ch.name()), null);
        }
        leaveSilently(u, ch);
    }

    void leaveSilently(User u, Channel ch) {
        ch.remove(u);
        if (ch.size() == 0) {
            channels.remove(ch.key(), ch);
        }
    }

    /**
     * The client is gone: sends {@code quitLine} once to everyone sharing a channel with it (on every
     * node), then removes it from its channels, the nick table and the client list. Idempotent.
     */
    public void remove(Client c, byte[] quitLine) {
        String[] held = new String[1];
        exclusive(() -> {
            if (quitLine != null) {
                sendToPeers(c, quitLine);
            }
            for (Channel ch : List.copyOf(c.channels())) {
                leaveSilently(c, ch);
            }
            String nick = c.nick();
            if (nick != null && nicks.remove(CaseMapping.fold(nick), c)) {
                held[0] = CaseMapping.fold(nick);
            }
            if (clients.remove(c) && c.isRegistered()) {
                network.publish(new NetworkEvent.Quit(nick), null);
            }
        });
        network.releaseNick(held[0]);
    }

    /**
     * Sends {@code line} to everyone sharing a channel with {@code c}, without {@code c}: queued to local
     * peers, published once if any peer is remote. Caller holds the lock.
     */
    public void sendToPeers(User c, byte[] line) {
        sendToLocalPeers(c, line);
        // In a cluster, also when no remote peer is known here: another node's may not be known yet.
        if (network.clustered() && c.isLocal() && !c.channels().isEmpty()) {
            network.publish(new NetworkEvent.ToPeers(c.nick(), line), null);
        }
    }

    /** Sends {@code line} to the local users sharing a channel with {@code u}. */
    void sendToLocalPeers(User u, byte[] line) {
        for (User peer : peersOf(u)) {
            if (peer instanceof Client local) {
                local.send(line);
            }
        }
    }

    /** Everyone sharing at least one channel with {@code c}, each once, without {@code c}. Under the lock. */
    public Set<User> peersOf(User c) {
        Set<User> peers = new LinkedHashSet<>();
        for (Channel ch : c.channels()) {
            peers.addAll(ch.memberSet());
        }
        peers.remove(c);
        return peers;
    }

    /** Whether two users share a channel. */
    public boolean shareChannel(User a, User b) {
        for (Channel ch : a.channels()) {
            if (ch.hasMember(b)) {
                return true;
            }
        }
        return false;
    }

    /** A snapshot of registered users of the whole network, local ones first. */
    public List<User> users() {
        List<User> users = new ArrayList<>();
        for (Client c : clients) {
            if (c.isRegistered()) {
                users.add(c);
            }
        }
        if (network.clustered()) {
            for (User u : nicks.values()) {
                if (u instanceof RemoteUser) {
                    users.add(u);
                }
            }
        }
        return users;
    }

    // --- remote users, for the Replica (caller holds the lock) ---

    /** Adds a user of another node; false (nothing changed) when its nick is taken here. */
    boolean addRemote(RemoteUser u) {
        if (nicks.putIfAbsent(CaseMapping.fold(u.nick()), u) != null) {
            return false;
        }
        remoteByNode.computeIfAbsent(u.node(), k -> new LinkedHashSet<>()).add(u);
        return true;
    }

    /** Renames a remote user; false (nothing changed) when the new nick is taken here. */
    boolean renameRemote(RemoteUser u, String nick) {
        if (nicks.putIfAbsent(CaseMapping.fold(nick), u) != null && !CaseMapping.fold(nick).equals(CaseMapping.fold(u.nick()))) {
            return false;
        }
        if (!CaseMapping.fold(nick).equals(CaseMapping.fold(u.nick()))) {
            nicks.remove(CaseMapping.fold(u.nick()), u);
        }
        u.setNick(nick);
        return true;
    }

    /** Forgets a remote user: its channels and nick. */
    void removeRemote(RemoteUser u) {
        for (Channel ch : List.copyOf(u.channels())) {
            leaveSilently(u, ch);
        }
        nicks.remove(CaseMapping.fold(u.nick()), u);
        Set<RemoteUser> of = remoteByNode.get(u.node());
        if (of != null) {
            of.remove(u);
            if (of.isEmpty()) {
                remoteByNode.remove(u.node());
            }
        }
    }

    /** The users of {@code node} this server knows, a snapshot. */
    List<RemoteUser> remoteUsers(String node) {
        Set<RemoteUser> of = remoteByNode.get(node);
        return of == null ? List.of() : List.copyOf(of);
    }

    /** Nodes with users known here. */
    Set<String> remoteNodes() {
        return Set.copyOf(remoteByNode.keySet());
    }
}
