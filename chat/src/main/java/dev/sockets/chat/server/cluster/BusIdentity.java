package dev.sockets.chat.server.cluster;

import java.util.concurrent.ThreadLocalRandom;

/**
 * How this node signs what it says on the bus: its name, unique in the network, and a random id of this
 * process, which tells a restarted node, or a second server given the same name, apart.
 */
record BusIdentity(String node, String boot) {

    static BusIdentity of(String node) {
        return new BusIdentity(node, Long.toHexString(ThreadLocalRandom.current().nextLong()));
    }

    /** {@code body} as this node says it on the bus. */
    byte[] encode(BusMessage.Body body) {
        return new BusMessage(node, boot, body).encode();
    }

    /** Whether {@code m} comes from this node's name (this process, or another one using the same name). */
    boolean sameName(BusMessage m) {
        return m.node().equals(node);
    }

    /** Whether {@code m} comes from another process that uses this node's name. */
    boolean impostor(BusMessage m) {
        return sameName(m) && !m.boot().equals(boot);
    }
}
