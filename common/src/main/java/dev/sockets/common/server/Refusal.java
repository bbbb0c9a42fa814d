package dev.sockets.common.server;

import dev.sockets.common.tcp.Connection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * Tells a client it is refused, so that it actually reads why. Closing a socket with unread input
 * sends a reset, and a reset can destroy the message before the peer reads it (a client that spoke
 * first, e.g. an IRC registration). So: write the message, half-close, then discard what the peer sends
 * until it closes, for at most {@link #LINGER} and {@link #MAX_DRAIN_BYTES}. The caller closes the
 * connection afterwards.
 *
 * <p>Each lingering refusal holds a thread and a socket for up to a second, so a flood of refused
 * connections must not pile them up: at most {@code maxLingering} linger at once (shared by every
 * refusal made {@link #withMessage} from the same one); beyond that a refused connection is closed at
 * once, without a word, and counted. Thread-safe.
 */
public final class Refusal {

    public static final Duration LINGER = Duration.ofSeconds(1);
    public static final int MAX_DRAIN_BYTES = 64 * 1024;
    /** Refusals lingering at once, by default: a second each, so this many a second at most. */
    public static final int MAX_LINGERING = 256;

    private final byte[] message;
    private final Semaphore lingering;
    private final Runnable cutShort;

    /** {@code message} may be empty: the client is then closed without a word, but still drained. */
    public Refusal(byte[] message) {
        this(message, MAX_LINGERING, () -> { });
    }

    /**
     * @param maxLingering refusals that may linger at once
     * @param cutShort counts a refusal closed at once because {@code maxLingering} were lingering
     */
    public Refusal(byte[] message, int maxLingering, Runnable cutShort) {
        this(message, new Semaphore(maxLingering), cutShort);
    }

    private Refusal(byte[] message, Semaphore lingering, Runnable cutShort) {
        this.message = message == null ? new byte[0] : message.clone();
        this.lingering = lingering;
        this.cutShort = cutShort;
    }

    /** A refusal saying {@code other} that shares this one's bound on lingering refusals and its count. */
    public Refusal withMessage(byte[] other) {
        return new Refusal(other, lingering, cutShort);
    }

    /**
     * Writes the message, half-closes and drains (blocks up to {@link #LINGER}); or, when the most
     * refusals allowed linger already, returns at once (the caller closes) and counts it.
     *
     * @return false when it was cut short
     */
    public boolean refuse(Connection connection) throws IOException {
        if (!lingering.tryAcquire()) {
            cutShort.run();
            return false;
        }
        try {
            tell(connection);
            connection.shutdownOutput();
            connection.discardInput(LINGER, MAX_DRAIN_BYTES);
            return true;
        } finally {
            lingering.release();
        }
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
