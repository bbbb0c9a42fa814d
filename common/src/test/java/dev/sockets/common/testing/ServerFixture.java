package dev.sockets.common.testing;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Server;
import java.io.IOException;
import java.time.Duration;

/**
 * Starts a {@link Server} (built to listen on port 0) and closes it: {@code try (var f =
 * ServerFixture.start(server)) { ... f.tcp() ... }}. The bound endpoints are exposed so tests never guess
 * a port.
 */
public final class ServerFixture implements AutoCloseable {

    private final Server server;

    private ServerFixture(Server server) {
        this.server = server;
    }

    public static ServerFixture start(Server server) throws IOException {
        server.start();
        return new ServerFixture(server);
    }

    public Server server() {
        return server;
    }

    /** The bound TCP endpoint, as a loopback address a client can connect to. */
    public Endpoint tcp() {
        return connectable(server.tcpEndpoint());
    }

    /** The bound UDP endpoint, as a loopback address a client can send to. */
    public Endpoint udp() {
        return connectable(server.udpEndpoint());
    }

    /** A client for the TCP endpoint. */
    public LineClient connect() throws IOException {
        return LineClient.connect(tcp());
    }

    private static Endpoint connectable(Endpoint bound) {
        if (bound == null) {
            throw new IllegalStateException("the server has no such endpoint");
        }
        if (bound.isWildcard()) {
            return bound.address() instanceof java.net.Inet6Address
                    ? Endpoint.parse("[::1]", bound.port()) : Endpoint.loopback(bound.port());
        }
        return bound;
    }

    @Override
    public void close() {
        server.stop(Duration.ofSeconds(2));
    }
}
