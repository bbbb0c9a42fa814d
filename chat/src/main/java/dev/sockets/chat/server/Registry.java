package dev.sockets.chat.server;

import dev.sockets.chat.protocol.CaseMapping;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Who is connected, which nick belongs to whom, which channels exist: the state clients share.
 *
 * <p>Threading: one lock ({@link #exclusive}) serialises every change of nicks and memberships, so a
 * NICK, JOIN, PART, KICK or QUIT is atomic for everyone watching; inside it only in-memory work and
 * non-blocking {@link Client#send} happen, never socket I/O. Lookups ({@link #client}, {@link #channel},
 * counts) are lock-free reads of concurrent maps, and fan-out reads a channel's member snapshot without
 * the lock.
 */
public final class Registry {

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Client> nicks = new ConcurrentHashMap<>();
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final Set<Client> clients = ConcurrentHashMap.newKeySet();

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

    /** Every connected client (registered or not). */
    public Collection<Client> clients() {
        return clients;
    }

    /** Connected clients, registered or not. */
    public int clientCount() {
        return clients.size();
    }

    /** Registered clients. */
    public int userCount() {
        int n = 0;
        for (Client c : clients) {
            if (c.isRegistered()) {
                n++;
            }
        }
        return n;
    }

    public int channelCount() {
        return channels.size();
    }

    /** The client using {@code nick} (any case), or null. */
    public Client client(String nick) {
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
     * Gives {@code nick} to {@code c} if nobody else (compared with rfc1459 folding) has it; releases its
     * old nick. Call under the lock when the change must be atomic with a broadcast.
     *
     * @return false when the nick is taken by another client
     */
    public boolean claimNick(Client c, String nick) {
        return exclusive(() -> {
            String key = CaseMapping.fold(nick);
            Client holder = nicks.putIfAbsent(key, c);
            if (holder != null && holder != c) {
                return false;
            }
            String old = c.nick();
            if (old != null && !CaseMapping.fold(old).equals(key)) {
                nicks.remove(CaseMapping.fold(old), c);
            }
            c.setNick(nick);
            return true;
        });
    }

    /**
     * Adds {@code c} to the channel {@code name}, creating it (with {@code c} as operator) if needed.
     * Caller holds the lock.
     *
     * @return the channel, or null if {@code c} already was a member
     */
    public Channel join(Client c, String name) {
        Channel ch = channels.computeIfAbsent(CaseMapping.fold(name), k -> new Channel(name));
        if (ch.hasMember(c)) {
            return null;
        }
        ch.add(c, ch.size() == 0);
        return ch;
    }

    /** Removes {@code c} from {@code ch}, dropping the channel when it empties. Caller holds the lock. */
    public void leave(Client c, Channel ch) {
        ch.remove(c);
        if (ch.size() == 0) {
            channels.remove(ch.key(), ch);
        }
    }

    /**
     * The client is gone: sends {@code quitLine} once to everyone sharing a channel with it, then removes
     * it from its channels, the nick table and the client list. Idempotent.
     */
    public void remove(Client c, byte[] quitLine) {
        exclusive(() -> {
            if (quitLine != null) {
                for (Client peer : peersOf(c)) {
                    peer.send(quitLine);
                }
            }
            for (Channel ch : List.copyOf(c.channels())) {
                leave(c, ch);
            }
            String nick = c.nick();
            if (nick != null) {
                nicks.remove(CaseMapping.fold(nick), c);
            }
            clients.remove(c);
        });
    }

    /** Everyone sharing at least one channel with {@code c}, each once, without {@code c}. Under the lock. */
    public Set<Client> peersOf(Client c) {
        Set<Client> peers = new LinkedHashSet<>();
        for (Channel ch : c.channels()) {
            peers.addAll(ch.memberSet());
        }
        peers.remove(c);
        return peers;
    }

    /** Whether two clients share a channel. */
    public boolean shareChannel(Client a, Client b) {
        for (Channel ch : a.channels()) {
            if (ch.hasMember(b)) {
                return true;
            }
        }
        return false;
    }

    /** A snapshot of registered clients. */
    public List<Client> users() {
        List<Client> users = new ArrayList<>();
        for (Client c : clients) {
            if (c.isRegistered()) {
                users.add(c);
            }
        }
        return users;
    }
}
