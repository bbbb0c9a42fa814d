package dev.sockets.common.server;

import dev.sockets.common.tcp.Connection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Tells a client it is refused, so that it actually reads why. Closing a socket with unread input
 * sends a reset, and a reset can destroy the message before the peer reads it (a client that spoke
 * first, e.g. an IRC registration). So: write the message, half-close, then discard what the peer sends
 * until it closes, for at most {@link #LINGER} and {@link #MAX_DRAIN_BYTES}. The caller closes the
 * connection afterwards. Immutable; one instance may refuse any number of connections at once.
 */
public final class Refusal {

    public static final Duration LINGER = Duration.ofSeconds(1);
    public static final int MAX_DRAIN_BYTES = 64 * 1024;

    private final byte[] message;

    /** {@code message} may be empty: the client is then closed without a word, but still drained. */
    public Refusal(byte[] message) {
        this.message = message == null ? new byte[0] : message.clone();
    }

    /** Writes the message, half-closes and drains (blocks up to {@link #LINGER}). */
    public void refuse(Connection connection) throws IOException {
        tell(connection);
        connection.shutdownOutput();
        connection.discardInput(LINGER, MAX_DRAIN_BYTES);
    }

    /**
     * Only writes the message, for a thread that must never linger (an accept thread): a fresh socket's
     * send buffer takes it at once.
     */
    public void tell(Connection connection) throws IOException {
        if (message.length > 0) {
            connection.write(ByteBuffer.wrap(message));
        }
    }
}
