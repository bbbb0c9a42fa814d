package dev.sockets.chat.server.cluster;

import dev.sockets.chat.server.command.Mailbox;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.Registry;
import dev.sockets.chat.server.state.Replica;
import java.time.Duration;

/**
 * One cluster node without a server: a {@link ClusterNetwork} on the in-memory bus under a registry, and
 * one registered local user, {@code amy}, whose lines land in {@link #amyMailbox}. No socket.
 */
final class OneNode implements AutoCloseable {

    final ClusterNetwork network;
    final Registry registry;
    final Replica replica;
    final Mailbox amyMailbox;
    final Client amy = new Client("127.0.0.1", "irc.local", "irc.local", System.nanoTime());

    /** @param lease long enough that the node's own heartbeat stays out of a test's way */
    OneNode(MemoryBus bus, String name, Duration lease) {
        network = new ClusterNetwork(bus.connect(), name, lease, "memory bus", "irc.local");
        registry = new Registry(network);
        replica = new Replica(registry, "irc.local");
        // n1 announces itself when it starts (HELLO *, then its burst, empty here) on its publisher thread; a
        // test's probe must not hear that late announce as an answer to what it says, so wait until it is out.
        try (BusProbe settle = new BusProbe(bus, name + "-settle")) {
            network.start(replica);
            if (!announced(settle, name)) {
                throw new IllegalStateException(name + " did not announce itself on the bus");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        amyMailbox = new Mailbox(registry);
        amy.attach(amyMailbox);
        registry.connected(amy);
        amy.setUser("amy", "Amy");
        if (!registry.changeNick(amy, "amy", null)) {
            throw new IllegalStateException("amy taken");
        }
        amy.setRegistered();
    }

    /** Whether {@code node}'s burst ended on the bus within the probe's wait. */
    private static boolean announced(BusProbe probe, String node) throws InterruptedException {
        for (BusMessage m = probe.next(); m != null; m = probe.next()) {
            if (m.node().equals(node) && m.body() instanceof BusMessage.BurstEnd) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        network.leave();
    }
}
