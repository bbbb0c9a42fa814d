package dev.sockets.chat.server.session;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.tcp.Connection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/** A client on a TCP socket, plain or TLS: the common {@link Connection}, which the server closes. */
final class TcpTransport implements Transport {

    private final Connection connection;

    TcpTransport(Connection connection) {
        this.connection = connection;
    }

    @Override
    public Endpoint remote() {
        return connection.remote();
    }

    @Override
    public int read(ByteBuffer into) throws IOException {
        return connection.read(into);
    }

    @Override
    public int available() throws IOException {
        return connection.input().available();
    }

    @Override
    public void write(ByteBuffer lines) throws IOException {
        connection.write(lines);
    }

    @Override
    public boolean inputEndsOutput() {
        return connection.isLayered();
    }

    @Override
    public void endInput() {
        try {
            connection.channel().shutdownInput();
        } catch (IOException | RuntimeException e) {
            // already closed: the reader is waking up anyway
        }
    }

    @Override
    public void finish(Duration linger, int maxBytes) throws IOException {
        connection.shutdownOutput();
        connection.discardInput(linger, maxBytes);
    }

    @Override
    public String toString() {
        return connection.remote().toString();
    }
}
