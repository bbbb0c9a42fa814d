package dev.sockets.common.udp;

import dev.sockets.common.net.Endpoint;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * The client side of a datagram exchange: sends datagrams to one server endpoint and waits, with a
 * timeout, for replies coming from that endpoint (datagrams from anyone else are ignored).
 * Not thread-safe; close it when done.
 */
public final class DatagramClient implements AutoCloseable {

    private final DatagramSocket socket;
    private final Endpoint server;
    private final byte[] buffer = new byte[DatagramService.MAX_PAYLOAD + 1];

    private DatagramClient(DatagramSocket socket, Endpoint server) {
        this.socket = socket;
        this.server = server;
    }

    /** Opens a socket on an ephemeral local port for talking to {@code server}. */
    public static DatagramClient open(Endpoint server) throws IOException {
        DatagramSocket s = new DatagramSocket(null);
        s.bind(null);
        return new DatagramClient(s, server);
    }

    /** Opens a socket bound to a specific local endpoint (tests use it to send from a given port). */
    public static DatagramClient open(Endpoint server, Endpoint local) throws IOException {
        DatagramSocket s = new DatagramSocket(null);
        s.setReuseAddress(true);
        s.bind(local.toSocketAddress());
        return new DatagramClient(s, server);
    }

    public void send(byte[] payload) throws IOException {
        if (payload.length > DatagramService.MAX_PAYLOAD) {
            throw new IOException("datagram of " + payload.length + " bytes is larger than " + DatagramService.MAX_PAYLOAD);
        }
        socket.send(new DatagramPacket(payload, payload.length, server.toSocketAddress()));
    }

    /** Waits up to {@code timeout} for the next datagram from the server; empty on timeout. */
    public Optional<byte[]> receive(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        InetSocketAddress expected = server.toSocketAddress();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return Optional.empty();
            }
            if (expected.getPort() == p.getPort() && sameHost(expected, p)) {
                return Optional.of(Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + p.getLength()));
            }
        }
    }

    private static boolean sameHost(InetSocketAddress expected, DatagramPacket p) {
        // A wildcard-bound server answers from the address we sent to, but IPv4-mapped forms may differ.
        return expected.getAddress().isAnyLocalAddress() || expected.getAddress().equals(p.getAddress())
                || (expected.getAddress().isLoopbackAddress() && p.getAddress().isLoopbackAddress());
    }

    /** Sends one datagram and waits for one reply. */
    public Optional<byte[]> exchange(byte[] payload, Duration timeout) throws IOException {
        send(payload);
        return receive(timeout);
    }

    public Endpoint local() {
        return Endpoint.of(socket.getLocalSocketAddress());
    }

    public Endpoint server() {
        return server;
    }

    @Override
    public void close() {
        socket.close();
    }
}
