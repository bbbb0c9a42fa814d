package dev.sockets.daytime.protocol;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.tcp.Connection;
import dev.sockets.common.tcp.TcpClient;
import dev.sockets.common.udp.DatagramClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The client side of daytime and time: ask a server once and record when the question left and the
 * answer arrived (on the given {@link Clock}, so tests can fix it), for {@link ClockOffset}.
 *
 * <ul>
 *   <li>TCP: connect, send nothing, read until the reply is complete ({@code maxBytes}, a line feed when
 *       {@code untilLineFeed}, or end of stream). The whole exchange, connect included, must finish within
 *       the timeout.</li>
 *   <li>UDP: send an empty datagram and wait; with no answer, send again, up to {@code tries} datagrams
 *       spaced evenly over the timeout. A datagram that is lost and one nobody listens for look the same,
 *       so the error says both.</li>
 * </ul>
 *
 * <p>Failures are {@link IOException}s with one-line messages fit for the user. Each call opens and
 * closes its own socket; instances are immutable and thread-safe.
 */
public final class TimeOfDayClient {

    /** One answer and its timing. */
    public record Exchange(byte[] reply, Instant sent, Instant received) {

        /** The offset of a server that reported {@code serverTime} in this exchange. */
        public ClockOffset offset(Instant serverTime) {
            return new ClockOffset(serverTime, sent, received);
        }
    }

    private final Clock clock;
    private final Duration timeout;

    public TimeOfDayClient(Clock clock, Duration timeout) {
        this.clock = Objects.requireNonNull(clock);
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("the timeout must be positive");
        }
        this.timeout = timeout;
    }

    /**
     * Connects and reads the reply.
     *
     * @param maxBytes stop after this many bytes (a daytime line is short; a time reply is read to its end
     *     with a bound well above its 4 bytes, so that a longer one is noticed)
     * @param untilLineFeed stop after the first line feed (daytime)
     * @throws IOException refused, timed out, or closed before any byte arrived
     */
    public Exchange overTcp(Endpoint server, int maxBytes, boolean untilLineFeed) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        // Before connecting: the server may read its clock as soon as it accepts, which can be before
        // connect() returns here, and the offset's bounds need the server's reading inside [sent, received].
        Instant sent = clock.instant();
        try (Connection c = TcpClient.connect(server, timeout)) {
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            InputStream in = c.input();
            byte[] buf = new byte[maxBytes];
            while (reply.size() < maxBytes) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw noReply(server, "tcp", reply.size());
                }
                c.setReadTimeout(Duration.ofNanos(left));
                int n;
                try {
                    n = in.read(buf, 0, maxBytes - reply.size());
                } catch (SocketTimeoutException e) {
                    throw noReply(server, "tcp", reply.size());
                }
                if (n < 0) {
                    break;
                }
                reply.write(buf, 0, n);
                if (untilLineFeed && indexOf(buf, n, (byte) '\n') >= 0) {
                    break;
                }
            }
            Instant received = clock.instant();
            if (reply.size() == 0) {
                throw new IOException(server + " closed the connection without sending the time");
            }
            return new Exchange(reply.toByteArray(), sent, received);
        }
    }

    /**
     * Sends empty datagrams until one is answered.
     *
     * @param tries how many datagrams to send at most (at least 1)
     * @throws IOException no answer within the timeout
     */
    public Exchange overUdp(Endpoint server, int tries) throws IOException {
        if (tries < 1) {
            throw new IllegalArgumentException("tries must be at least 1");
        }
        Duration perTry = timeout.dividedBy(tries);
        try (DatagramClient client = DatagramClient.open(server)) {
            for (int i = 0; i < tries; i++) {
                // A late answer to an earlier datagram is timed from the last one sent: the round trip
                // can only look shorter than it was, never longer.
                Instant sent = clock.instant();
                client.send(new byte[0]);
                Optional<byte[]> reply = client.receive(i == tries - 1 ? timeout.minus(perTry.multipliedBy(i)) : perTry);
                if (reply.isPresent()) {
                    return new Exchange(reply.get(), sent, clock.instant());
                }
            }
        }
        throw new SocketTimeoutException("no reply from udp/" + server + " within " + format(timeout) + " ("
                + tries + " datagram" + (tries == 1 ? "" : "s") + " sent; is a server listening there? UDP cannot tell)");
    }

    private SocketTimeoutException noReply(Endpoint server, String transport, int got) {
        return new SocketTimeoutException("no reply from " + transport + "/" + server + " within " + format(timeout)
                + (got == 0 ? " (connected, but the server sent nothing)" : " (only " + got + " bytes arrived)"));
    }

    private static int indexOf(byte[] b, int n, byte wanted) {
        for (int i = 0; i < n; i++) {
            if (b[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    static String format(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }
}
