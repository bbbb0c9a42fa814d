package dev.sockets.chat.server.state;

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
 * it also holds the users of other nodes ({@link RemoteUser}s, kept by the {@link Replica}). Every change
 * goes through one {@link Change} ({@link #change}): the state changes, then the lines it recorded go to
 * local users and its events to the {@link Peers} (with {@link Peers#NONE}, nowhere).
 *
 * <p>Threading: one lock serialises every change, so a NICK, JOIN, PART, KICK or QUIT is atomic for
 * everyone watching and every user hears of changes in the order they happened; inside it only
 * in-memory work, non-blocking {@link Client#send} and non-blocking publishes happen, never socket I/O.
 * {@link #exclusive} takes the same lock for consistent reads (NAMES, WHO, bursts). Lookups
 * ({@link #user}, {@link #channel}, counts) are lock-free reads of concurrent maps, and fan-out reads a
 * channel's member snapshot without the lock.
 */
public final class Registry {

    private final ReentrantLock lock = new ReentrantLock();
    private final Peers network;
    private final Map<String, User> nicks = new ConcurrentHashMap<>();
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<RemoteUser>> remoteByNode = new HashMap<>(); // guarded by the lock
    private volatile java.util.function.IntConsumer fanOut = n -> { };
    private final Whowas whowas = new Whowas();
    private final Monitors monitors = new Monitors();
    private final RecentMessages recentMessages = new RecentMessages();
    // LUSERS figures, changed under the lock.
    private volatile int localUsers;
    private volatile int remoteUsers;
    private volatile int maxLocalUsers;
    private volatile int maxGlobalUsers;

    public Registry(Peers network) {
        this.network = network;
    }

    /** A registry for a server on its own. */
    public Registry() {
        this(Peers.NONE);
    }

    public Peers peers() {
        return network;
    }

    /** Where {@link #countFanOut} goes (the server's fan-out distribution); by default nowhere. */
    public void onFanOut(java.util.function.IntConsumer sink) {
        this.fanOut = java.util.Objects.requireNonNull(sink);
    }

    /** One channel message was queued to {@code deliveries} local members (lock-free). */
    public void countFanOut(int deliveries) {
        fanOut.accept(deliveries);
    }

    /** Whether the calling thread holds the registry lock. */
    public boolean lockedByCurrentThread() {
        return lock.isHeldByCurrentThread();
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

    /**
     * Changes the state under the lock through one {@link Change}, then, still under the lock (so every
     * user sees changes in one order), delivers the lines it recorded to local users and publishes its
     * events: the state has changed before anyone hears of it. A mutation that throws half-way still
     * commits what it changed before (then the exception propagates): a change is never applied unheard.
     */
    public void change(java.util.function.Consumer<Change> mutation) {
        changeAndGet(true, tx -> {
            mutation.accept(tx);
            return null;
        });
    }

    /** {@link #change} with a result. */
    public <T> T changeAndGet(java.util.function.Function<Change, T> mutation) {
        return changeAndGet(true, mutation);
    }

    /** @param announce false to apply another node's change: nothing is published */
    <T> T changeAndGet(boolean announce, java.util.function.Function<Change, T> mutation) {
        lock.lock();
        try {
            Change tx = new Change(this, announce);
            T result;
            try {
                result = mutation.apply(tx);
            } catch (RuntimeException | Error e) {
                // The steps before the failure did change the state: their lines and events still go out,
                // or local users and other nodes would go on believing the state before them.
                try {
                    tx.commit();
                } catch (RuntimeException | Error commitFailure) {
                    e.addSuppressed(commitFailure);
                }
                throw e;
            }
            tx.commit();
            return result;
        } finally {
            lock.unlock();
        }
    }

    public void connected(Client c) {
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
     * Records the nick an unregistered client asks for without holding it: a connection that only sends
     * NICK would otherwise keep that nick from everyone for the whole register timeout. The nick is
     * claimed, here and on the network, when the client completes registration ({@link #claimNick}); until
     * then several unregistered clients may ask for the same one and the first to register gets it.
     *
     * @return false when a registered user (of any node known here) has it
     */
    public boolean proposeNick(Client c, String nick) {
        User holder = nicks.get(CaseMapping.fold(nick));
        if (holder != null && holder != c) {
            return false;
        }
        exclusive(() -> c.setNick(nick));
        return true;
    }

    /** Forgets the nick an unregistered client asked for (it was registered by someone else first). */
    public void dropProposedNick(Client c) {
        exclusive(() -> {
            if (!c.isRegistered() && c.nick() != null && nicks.get(CaseMapping.fold(c.nick())) != c) {
                c.setNick(null);
            }
        });
    }

    /**
     * At registration: claims the nick the client asked for, if nobody on the network (compared with
     * rfc1459 folding) has it, in the nick table and through the network (in a cluster, the one round
     * trip). Two clients registering with one nick at once: exactly one wins.
     *
     * @return false when the nick is taken
     */
    public boolean claimNick(Client c) {
        String nick = c.nick();
        String key = CaseMapping.fold(nick);
        User holder = nicks.get(key);
        if (holder == c) {
            return true;
        }
        if (holder != null || !network.reserveNick(key)) {
            return false;
        }
        boolean claimed = exclusive(() -> {
            User now = nicks.putIfAbsent(key, c);
            boolean ok = now == null && clients.contains(c) && !c.isLeaving() && nick.equals(c.nick());
            if (now == null && !ok) {
                nicks.remove(key, c);
            }
            return ok;
        });
        if (!claimed) {
            network.releaseNick(key);
        }
        return claimed;
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
        boolean changed = changeAndGet(tx -> {
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
                unused[0] = oldKey;
            }
            if (line != null) {
                tx.toUser(c, line);
                tx.toPeers(c, line);
            }
            tx.rename(c, nick);
            return true;
        });
        if (!changed && reserved) {
            unused[0] = key;
        }
        network.releaseNick(unused[0]);
        return changed;
    }

    /** The client completed registration: the network hears of it. */
    public void introduced(Client c) {
        change(tx -> {
            localUsers++;
            notePeaks();
            tx.introduce(c);
            tx.signedOn(c);
        });
    }

    /** The last messages relayed here, for REDACT. */
    public RecentMessages recentMessages() {
        return recentMessages;
    }

    /** Who watches which nick (MONITOR), among this server's clients. */
    public Monitors monitors() {
        return monitors;
    }

    /** WHOWAS history of the whole network (as far as this node saw it). */
    public Whowas whowas() {
        return whowas;
    }

    /** Registered users connected here now (LUSERS 265). */
    public int localUserCount() {
        return localUsers;
    }

    /** The most registered users connected here at once since start (LUSERS 265). */
    public int maxLocalUserCount() {
        return maxLocalUsers;
    }

    /** Registered users of the whole network now, as known here (LUSERS 266). */
    public int globalUserCount() {
        return localUsers + remoteUsers;
    }

    /** The most registered users of the network at once since start, as seen here (LUSERS 266). */
    public int maxGlobalUserCount() {
        return maxGlobalUsers;
    }

    private void notePeaks() {
        maxLocalUsers = Math.max(maxLocalUsers, localUsers);
        maxGlobalUsers = Math.max(maxGlobalUsers, localUsers + remoteUsers);
    }

    /** A registered local user left (under the lock, from {@link Change#quit}). */
    void localUserGone() {
        localUsers--;
    }

    static NetworkEvent.Intro intro(User u) {
        return new NetworkEvent.Intro(u.nick(), u.user(), u.host(), u.realName(), u.away(), u.isInvisible(),
                u.isBot(), u.account());
    }

    /** The channel named {@code name}, created if needed; under the lock, for a {@link Change}. */
    Channel channelFor(String name) {
        return channels.computeIfAbsent(CaseMapping.fold(name), k -> new Channel(name, network));
    }

    void dropChannel(Channel ch) {
        channels.remove(ch.key(), ch);
    }

    boolean unmapNick(String foldedNick, User u) {
        return nicks.remove(foldedNick, u);
    }

    /** Takes {@code u} off the client list or its node's user list; false if it was not there. */
    boolean unlist(User u) {
        if (u instanceof Client c) {
            return clients.remove(c);
        }
        RemoteUser r = (RemoteUser) u;
        Set<RemoteUser> of = remoteByNode.get(r.node());
        if (of == null || !of.remove(r)) {
            return false;
        }
        remoteUsers--;
        if (of.isEmpty()) {
            remoteByNode.remove(r.node());
        }
        return true;
    }

    /**
     * The client is gone: removes it from its channels, the nick table and the client list, then sends
     * {@code quitLine} (may be null) once to everyone who shared a channel with it, on every node.
     * Idempotent.
     */
    public void remove(Client c, byte[] quitLine) {
        String held = changeAndGet(tx -> {
            if (quitLine != null && clients.contains(c)) {
                tx.toPeers(c, quitLine);
            }
            return tx.quit(c);
        });
        network.releaseNick(held);
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
        remoteUsers++;
        notePeaks();
        return true;
    }

    /** Renames a remote user; false (nothing changed) when the new nick is taken here. */
    boolean renameRemote(Change tx, RemoteUser u, String nick) {
        if (nicks.putIfAbsent(CaseMapping.fold(nick), u) != null && !CaseMapping.fold(nick).equals(CaseMapping.fold(u.nick()))) {
            return false;
        }
        tx.rename(u, nick);
        return true;
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
