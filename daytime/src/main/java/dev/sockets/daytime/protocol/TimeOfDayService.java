package dev.sockets.daytime.protocol;

import dev.sockets.common.tcp.ConnectionHandler;
import dev.sockets.common.udp.DatagramHandler;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

/**
 * The server side of daytime and time: both answer with the current time and nothing else, so the
 * protocol is only the {@code reply} encoding of {@code clock.instant()}.
 *
 * <ul>
 *   <li>TCP ({@link #connectionHandler()}): write the reply as soon as the connection is accepted and
 *       return, so the server closes it. Nothing is ever read: a client that sends nothing, or sends
 *       and never reads, gets the same answer, and the handler never waits on it (the reply is a few
 *       bytes in an empty socket buffer; the server's write timeout covers the pathological rest).</li>
 *   <li>UDP ({@link #datagramHandler()}): answer every datagram, empty ones included, whatever it holds.
 *       The loop guard and rate limit of the {@code UdpPolicy} apply before the handler runs.</li>
 * </ul>
 *
 * <p>Thread-safe as long as {@code reply} is: handlers run on many connection threads at once.
 */
public final class TimeOfDayService {

    private final Clock clock;
    private final Function<Instant, byte[]> reply;

    /**
     * @param clock the time to tell (tests pass a fixed clock)
     * @param reply the bytes a client gets for an instant
     */
    public TimeOfDayService(Clock clock, Function<Instant, byte[]> reply) {
        this.clock = Objects.requireNonNull(clock);
        this.reply = Objects.requireNonNull(reply);
    }

    /** Daytime (RFC 867): one line in {@code format}, in {@code zone}. */
    public static TimeOfDayService daytime(Clock clock, DaytimeFormat format, java.time.ZoneId zone) {
        return new TimeOfDayService(clock, now -> format.line(now, zone));
    }

    /** Time (RFC 868): four bytes. */
    public static TimeOfDayService time(Clock clock) {
        return new TimeOfDayService(clock, Rfc868::reply);
    }

    /** The reply for now. */
    public byte[] replyNow() {
        return reply.apply(clock.instant());
    }

    /** Sends the reply and returns: the server closes the connection. */
    public ConnectionHandler connectionHandler() {
        return connection -> connection.write(ByteBuffer.wrap(replyNow()));
    }

    /** Answers any datagram with the reply (unless it would not fit the policy's size bound). */
    public DatagramHandler datagramHandler() {
        return (source, request, out) -> {
            byte[] r = replyNow();
            if (r.length > out.remaining()) {
                return false;
            }
            out.put(r);
            return true;
        };
    }
}
