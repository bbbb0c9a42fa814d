package dev.sockets.chat.server;

import static org.awaitility.Awaitility.await;

import dev.sockets.chat.server.cluster.Backplane;
import dev.sockets.chat.server.cluster.ClusterNetwork;
import dev.sockets.chat.server.cluster.MemoryBus;
import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.store.HistoryPolicy;
import dev.sockets.chat.server.store.Store;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Limits;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Chat servers forming one network for a test, with their users: each node a {@link ChatServer} on
 * loopback port 0 with a {@link ClusterNetwork} over an in-memory bus ({@link #inMemory}) or another
 * backplane such as a test's redis-server ({@link #over}). Closing it closes every user, then every node.
 */
final class ClusterFixture implements AutoCloseable {

    // Long enough that a loaded 2-core machine does not miss heartbeats (a false split would re-add users).
    static final Duration LEASE = Duration.ofSeconds(2);

    private final ChatConfig config;
    private final MemoryBus bus;
    private final Supplier<Backplane> backplanes;
    private final String where;
    private final Duration wait;
    private final List<ChatServer> servers = new ArrayList<>();
    private final List<TestIrc> users = new ArrayList<>();

    private ClusterFixture(ChatConfig config, MemoryBus bus, Supplier<Backplane> backplanes, String where, Duration wait) {
        this.config = config;
        this.bus = bus;
        this.backplanes = backplanes;
        this.where = where;
        this.wait = wait;
    }

    /** Nodes on one {@link MemoryBus}, configured by {@code config}. */
    static ClusterFixture inMemory(ChatConfig config) {
        MemoryBus bus = new MemoryBus();
        return new ClusterFixture(config, bus, bus::connect, "memory bus", Duration.ofSeconds(5));
    }

    /** Nodes with flood control off on one {@link MemoryBus}. */
    static ClusterFixture inMemory() {
        return inMemory(ChatConfig.builder().floodRate(0).build());
    }

    /** Nodes each on a backplane {@code backplanes} makes (a real Redis is slower: waits are longer). */
    static ClusterFixture over(Supplier<Backplane> backplanes, String where, ChatConfig config) {
        return new ClusterFixture(config, null, backplanes, where, Duration.ofSeconds(10));
    }

    /** The in-memory bus (null over another backplane). */
    MemoryBus bus() {
        return bus;
    }

    /** A started node named {@code name}. */
    ChatServer node(String name) throws IOException {
        return node(name, backplanes.get());
    }

    /** A started node on {@code backplane} (a connection of the bus a test wants to break). */
    ChatServer node(String name, Backplane backplane) throws IOException {
        return node(name, backplane, null);
    }

    /** A started node keeping its history in {@code store} (null: none), which it closes. */
    ChatServer node(String name, Store store) throws IOException {
        return node(name, backplanes.get(), store);
    }

    private ChatServer node(String name, Backplane backplane, Store store) throws IOException {
        // Server names differ from node names, as with the default --name: WHOIS and WHO show the node.
        ClusterNetwork network = new ClusterNetwork(backplane, name, LEASE, where, "irc.local");
        ChatServer chat = new ChatServer(config, Endpoint.loopback(0), null,
                Limits.defaults().withGrace(Duration.ofSeconds(1)), null, network, store,
                new HistoryPolicy(null, 0, 0, 1000));
        chat.server().start();
        servers.add(chat);
        return chat;
    }

    static ClusterNetwork net(ChatServer chat) {
        return (ClusterNetwork) chat.network();
    }

    /** Waits until every node has every other node's state. */
    void converged() {
        for (ChatServer s : servers) {
            await().atMost(wait).until(() -> net(s).knownNodes().size() == servers.size() - 1);
        }
    }

    /** A registered user {@code nick} of {@code chat}, closed with the fixture. */
    TestIrc user(ChatServer chat, String nick) throws IOException {
        return track(TestIrc.user(chat, nick));
    }

    /** Closes {@code u} with the fixture. */
    TestIrc track(TestIrc u) {
        users.add(u);
        return u;
    }

    /** Waits (at most this fixture's wait) until {@code condition} holds. */
    void until(BooleanSupplier condition) {
        await().atMost(wait).until(condition::getAsBoolean);
    }

    @Override
    public void close() throws IOException {
        for (TestIrc u : users) {
            u.close();
        }
        for (ChatServer s : servers) {
            s.close();
        }
    }
}
