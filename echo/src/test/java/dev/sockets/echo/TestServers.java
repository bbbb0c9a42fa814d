package dev.sockets.echo;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Limits;
import dev.sockets.common.server.Server;
import dev.sockets.common.udp.UdpPolicy;
import dev.sockets.echo.server.EchoServer;
import java.nio.ByteBuffer;

/** Servers for tests, all on loopback port 0: the real echo server and deliberately broken ones. */
public final class TestServers {

    private TestServers() {
    }

    /**
     * The echo server, TCP and UDP, as a load test on one host runs it: loop guard on, loopback exempt
     * from the reply rate limit ({@code --udp-exempt-loopback}), since the load tests send faster than it.
     */
    public static Server echo() {
        return EchoServer.create(Endpoint.loopback(0), true, true, Limits.defaults(), UdpPolicy.exemptingLoopback(), null);
    }

    /** Echoes every byte with its lowest bit flipped: a server whose answers never verify. */
    public static Server corrupting() {
        return Server.builder("corrupting")
                .tcp(Endpoint.loopback(0), c -> {
                    ByteBuffer b = ByteBuffer.allocate(4096);
                    while (c.read(b) >= 0) {
                        b.flip();
                        for (int i = 0; i < b.limit(); i++) {
                            b.put(i, (byte) (b.get(i) ^ 1));
                        }
                        c.write(b);
                        b.clear();
                    }
                })
                .udp(Endpoint.loopback(0), (src, req, reply) -> {
                    while (req.hasRemaining()) {
                        reply.put((byte) (req.get() ^ 1));
                    }
                    return true;
                }, UdpPolicy.open())
                .build();
    }

    /** Accepts and closes at once on TCP; never answers on UDP. */
    public static Server silent() {
        return Server.builder("silent")
                .tcp(Endpoint.loopback(0), c -> { })
                .udp(Endpoint.loopback(0), (src, req, reply) -> false, UdpPolicy.open())
                .build();
    }
}
