package dev.sockets.echo.load;

import dev.sockets.common.net.Endpoint;
import java.time.Duration;

/**
 * What a load run does.
 *
 * @param server where the echo server is
 * @param udp datagrams instead of TCP connections
 * @param connections concurrent connections (or UDP sockets)
 * @param duration how long to send; then outstanding echoes get {@code timeout} to arrive
 * @param size bytes per message
 * @param depth messages each connection keeps outstanding (1: ping-pong)
 * @param rate total messages per second over all connections (0: as fast as the echoes come back)
 * @param timeout how long an echo may take before it counts as unanswered (TCP) or lost (UDP)
 */
public record LoadPlan(Endpoint server, boolean udp, int connections, Duration duration, int size, int depth,
                       double rate, Duration timeout) {

    /** UDP messages carry their sequence number in their first bytes. */
    public static final int UDP_HEADER = Long.BYTES;

    /** The seed of message {@code seq} of connection {@code connection}, for {@code Payload}. */
    static long seed(int connection, long seq) {
        return ((long) connection << 40) ^ seq;
    }
}
