package dev.sockets.chat.server;

import dev.sockets.chat.server.session.Transport;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Entry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A web client's transport counting what passes in the server's stats (transport {@code web}), as a TCP
 * connection's bytes are counted: the IRC bytes read and written, without the WebSocket framing.
 */
final class CountedTransport implements Transport {

    private final Transport transport;
    private final Entry.Admitted counts;

    CountedTransport(Transport transport, Entry.Admitted counts) {
        this.transport = transport;
        this.counts = counts;
    }

    @Override
    public Endpoint remote() {
        return transport.remote();
    }

    @Override
    public int read(ByteBuffer into) throws IOException {
        int n = transport.read(into);
        if (n > 0) {
            counts.bytesIn(n);
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return transport.available();
    }

    @Override
    public void write(ByteBuffer lines) throws IOException {
        int n = lines.remaining();
        transport.write(lines);
        counts.bytesOut(n);
    }

    @Override
    public boolean inputEndsOutput() {
        return transport.inputEndsOutput();
    }

    @Override
    public void endInput() {
        transport.endInput();
    }

    @Override
    public void finish(Duration linger, int maxBytes) throws IOException {
        transport.finish(linger, maxBytes);
    }

    @Override
    public String toString() {
        return transport.toString();
    }
}
