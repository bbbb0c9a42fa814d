package dev.sockets.echo.server;

import dev.sockets.common.tcp.Connection;
import dev.sockets.common.tcp.ConnectionHandler;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * RFC 862 over TCP: every byte received is sent back, in order, until the client closes its side; then
 * the rest is written and our side is closed too (so a client that half-closes gets everything back).
 *
 * <p>Back-pressure comes from the shape of the loop: one buffer per connection, and nothing is read
 * while a write is blocked, so a client that sends but never reads fills its own socket buffers and
 * then blocks; the server holds at most {@link #BUFFER_SIZE} bytes for it. The server's write timeout
 * ends such a connection eventually.
 *
 * <p>Thread-safe and stateless: one instance serves every connection, each on its own virtual thread.
 * The server closes the connection when {@link #handle} returns.
 */
public final class EchoHandler implements ConnectionHandler {

    /** Bytes read per system call, and the most the server holds for one connection at a time. */
    public static final int BUFFER_SIZE = 32 * 1024;

    private final BufferPool buffers = new BufferPool(BUFFER_SIZE, 256);

    @Override
    public void handle(Connection connection) throws IOException {
        ByteBuffer buffer = buffers.take();
        try {
            while (connection.read(buffer) >= 0) {
                buffer.flip();
                connection.write(buffer);
                buffer.clear();
            }
            connection.shutdownOutput();
        } finally {
            buffers.give(buffer);
        }
    }
}
