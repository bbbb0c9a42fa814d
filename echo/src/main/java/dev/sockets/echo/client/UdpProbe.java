package dev.sockets.echo.client;

import dev.sockets.common.cli.DurationConverter;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.udp.DatagramClient;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * A {@link Probe} over UDP: one socket for the whole measurement; each message is one datagram and its
 * echo must come back whole within the timeout. A late echo of an earlier message (recognised by its
 * contents) is skipped rather than counted against the current one.
 */
final class UdpProbe implements Probe {

    /** How many earlier messages a stray reply is compared with. */
    private static final int LATE_WINDOW = 1000;

    private final DatagramClient client;
    private final Duration timeout;
    private final Endpoint server;

    UdpProbe(Endpoint server, Duration timeout) throws IOException {
        this.server = server;
        this.client = DatagramClient.open(server);
        this.timeout = timeout;
    }

    @Override
    public Outcome exchange(long seq, byte[] payload) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        try {
            client.send(payload);
            while (true) {
                long left = deadline - System.nanoTime();
                Optional<byte[]> reply = left > 0 ? client.receive(Duration.ofNanos(left)) : Optional.empty();
                if (reply.isEmpty()) {
                    return Outcome.failed("no reply from " + server + " within " + DurationConverter.format(timeout));
                }
                byte[] r = reply.get();
                int diff = Payload.firstDifference(payload, r);
                if (diff < 0) {
                    return Outcome.ok(System.nanoTime() - start);
                }
                if (isEarlierMessage(seq, r)) {
                    continue;
                }
                if (r.length != payload.length) {
                    return Outcome.failed("reply of " + r.length + " bytes to a datagram of " + payload.length + " bytes");
                }
                return Outcome.failed(String.format("byte %d differs: expected 0x%02x, got 0x%02x",
                        diff, payload[diff] & 0xff, r[diff] & 0xff));
            }
        } catch (IOException e) {
            return Outcome.failed(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private static boolean isEarlierMessage(long seq, byte[] reply) {
        for (long s = seq - 1; s >= 0 && s >= seq - LATE_WINDOW; s--) {
            if (Payload.firstDifference(Payload.message(s, reply.length), reply) < 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        client.close();
    }
}
