package dev.sockets.common.udp;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * What a protocol does with one received datagram. Called on the service's receive thread, one
 * datagram at a time, so it must not block.
 */
@FunctionalInterface
public interface DatagramHandler {
    /**
     * @param source where the datagram came from (the reply goes back there)
     * @param request the payload, between position and limit, in a read-only buffer
     * @param reply an empty buffer of capacity {@link DatagramService#MAX_PAYLOAD} to fill
     * @return true to send {@code reply} (from 0 to its position) back to {@code source}
     */
    boolean handle(InetSocketAddress source, ByteBuffer request, ByteBuffer reply);
}
