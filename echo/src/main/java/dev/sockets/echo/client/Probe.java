package dev.sockets.echo.client;

import java.io.IOException;

/**
 * Sends one message and waits, within a timeout, for its complete and correct echo. Used by one thread
 * at a time; {@link #close()} releases the socket.
 */
interface Probe extends AutoCloseable {

    /**
     * Exchanges {@code payload} (message number {@code seq}); network failures are outcomes, not
     * exceptions, so a measurement goes on after one.
     */
    Outcome exchange(long seq, byte[] payload);

    @Override
    void close() throws IOException;
}
