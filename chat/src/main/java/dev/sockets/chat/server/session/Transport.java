package dev.sockets.chat.server.session;

import dev.sockets.common.net.Endpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * What a session needs of the connection it runs on, so that a client over a TCP socket (plain or TLS) and
 * one over a WebSocket go through the same session, registration, limits and send queue. Bytes in are an
 * IRC byte stream (lines ended by CR, LF or both); bytes out are whole lines, each ending in CRLF.
 */
public interface Transport {

    /** The client's address and port (for a WebSocket behind a trusted proxy: the one it forwarded). */
    Endpoint remote();

    /** Reads into {@code into}, blocking until at least one byte came; -1 at the end of the input. */
    int read(ByteBuffer into) throws IOException;

    /** Bytes received and not read yet (the flood gate's backlog). */
    int available() throws IOException;

    /** Writes every remaining byte of {@code lines}, which holds whole lines; blocks while the peer does not read. */
    void write(ByteBuffer lines) throws IOException;

    /**
     * Whether ending the input also stops the output (TLS 1.2 answers the end of input with its own
     * close_notify; a WebSocket is closed as a whole): then the reader is woken only once the last line
     * went out.
     */
    boolean inputEndsOutput();

    /** Ends the input, waking the reader blocked in {@link #read}; idempotent. */
    void endInput();

    /**
     * The orderly end after the last line: tell the peer nothing more comes, then read and discard what it
     * still sends for at most {@code linger} and {@code maxBytes} (closing with unread input would reset the
     * connection and could destroy the last lines before the peer reads them).
     */
    void finish(Duration linger, int maxBytes) throws IOException;
}
