package dev.sockets.echo.server;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Limits;
import dev.sockets.common.server.Server;
import dev.sockets.common.udp.UdpPolicy;
import java.time.Duration;

/** Builds the echo {@link Server}: the TCP and/or UDP service on one endpoint. */
public final class EchoServer {

    /** RFC 862's well-known port, for TCP and UDP. */
    public static final int PORT = 7;

    private EchoServer() {
    }

    /**
     * An unstarted echo server named {@code echo}; the caller starts and stops it.
     *
     * @param endpoint where to listen (port 0: a free port, the same for TCP and UDP)
     * @param tcp serve TCP
     * @param udp serve UDP
     * @param limits TCP connection limits and timeouts
     * @param policy UDP loop guard and reply rate limit
     * @param statsInterval how often to log the stats line ({@code null}: only at shutdown)
     */
    public static Server create(Endpoint endpoint, boolean tcp, boolean udp, Limits limits, UdpPolicy policy,
                                Duration statsInterval) {
        Server.Builder b = Server.builder("echo").limits(limits).statsInterval(statsInterval);
        if (tcp) {
            b.tcp(endpoint, new EchoHandler());
        }
        if (udp) {
            b.udp(endpoint, new EchoDatagramHandler(), policy);
        }
        return b.build();
    }
}
