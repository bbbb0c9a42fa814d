package dev.sockets.echo.server;

import dev.sockets.common.tcp.Connection;
import dev.sockets.common.tcp.ConnectionHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 862 over TCP: every byte received is sent back, in order, until the client closes its side; then
 * the rest is written and our side is closed too (so a client that half-closes gets everything back).
 *
 * <p>Back-pressure comes from the shape of the loop: one buffer per connection, and nothing is read
 * while a write is blocked, so a client that sends but never reads fills its own socket buffers and
 * then blocks; the server holds at most {@link #BUFFER_SIZE} bytes for it. The server's write timeout
 * ends such a connection eventually.
 *
 * <p>The buffer starts small and doubles whenever a read fills it, up to {@link #BUFFER_SIZE}: an idle
 * connection costs {@link #INITIAL_BUFFER_SIZE} bytes, a bulk one gets large reads. Measured with 10 000
 * idle connections: a fixed 32 KiB direct buffer each made the server's RSS 478 MB. Heap buffers are
 * fine here: while a virtual thread waits for data it holds no direct memory (the JDK's temporary
 * direct buffer belongs to the carrier thread only during the system call).
 *
 * <p>With {@code --verbose} (DEBUG) each connection logs one line when its echoing starts and one when it
 * ends, with the peer, the duration and the bytes each way; the server's own lines cover refusals and
 * timeouts.
 *
 * <p>Thread-safe and stateless: one instance serves every connection, each on its own virtual thread.
 * The server closes the connection when {@link #handle} returns. It only reads and writes buffers, so its
 * threads may run on the server's event loops ({@link ConnectionHandler.OnLoop}): a ping-pong echo then
 * costs about what Netty's costs (docs/BENCHMARKS.md).
 */
public final class EchoHandler implements ConnectionHandler.OnLoop {

    /** The most the server holds for one connection at a time, and the largest read. */
    public static final int BUFFER_SIZE = 32 * 1024;
    /** What an idle connection holds. */
    public static final int INITIAL_BUFFER_SIZE = 2 * 1024;

    private static final Logger log = LoggerFactory.getLogger(EchoHandler.class);

    @Override
    public void handle(Connection connection) throws IOException {
        long start = System.nanoTime();
        log.debug("echo: connection from {} accepted", connection.remote());
        try {
            echo(connection);
        } finally {
            log.debug("echo: connection from {} closed after {} ms: {} bytes in, {} bytes out", connection.remote(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), connection.bytesIn(), connection.bytesOut());
        }
    }

    private static void echo(Connection connection) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(INITIAL_BUFFER_SIZE);
        int n;
        while ((n = connection.read(buffer)) >= 0) {
            buffer.flip();
            connection.write(buffer);
            if (n == buffer.capacity() && buffer.capacity() < BUFFER_SIZE) {
                buffer = ByteBuffer.allocate(buffer.capacity() * 2);
            } else {
                buffer.clear();
            }
        }
        connection.shutdownOutput();
    }
}
