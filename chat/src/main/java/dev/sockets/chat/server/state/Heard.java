package dev.sockets.chat.server.state;

import dev.sockets.chat.protocol.TaggedLine;

/**
 * Told by the {@link Replica} of each line from another node just delivered here, so a history of this
 * node's own keeps the messages among them. Called on the bus's listen thread, under the registry lock
 * for a line to one user: must never block.
 */
public interface Heard {

    void channel(Channel ch, TaggedLine line);

    void user(Client to, TaggedLine line);

    /** Keeps nothing (no store, or one the network shares). */
    Heard NOTHING = new Heard() {
        @Override
        public void channel(Channel ch, TaggedLine line) {
        }

        @Override
        public void user(Client to, TaggedLine line) {
        }
    };
}
