package dev.sockets.echo.server;

import dev.sockets.common.udp.DatagramHandler;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * RFC 862 over UDP: the reply is the request's bytes, whole; an empty datagram gets an empty reply.
 * A request that does not fit the reply (larger than the policy's reply cap, or truncated because it
 * exceeded the UDP maximum) is not answered: a partial echo would be wrong, and a reply is never larger
 * than its request. Stateless and non-blocking, as the datagram service requires.
 */
public final class EchoDatagramHandler implements DatagramHandler {

    @Override
    public boolean handle(InetSocketAddress source, ByteBuffer request, ByteBuffer reply) {
        if (request.remaining() > reply.remaining()) {
            return false;
        }
        reply.put(request);
        return true;
    }
}
