package dev.sockets.daytime.protocol;

import java.time.Duration;
import java.time.Instant;

/**
 * How far a server's clock is from ours, measured the way rdate does: the server read its clock
 * somewhere between our sending the request and our receiving the reply, so we compare its time with
 * the midpoint of the two, {@code offset = server - (sent + roundTrip / 2)}. A positive offset means the
 * server is ahead: add it to the local clock to agree with the server.
 *
 * <p>The server's time is truncated to its resolution (a whole second for RFC 868 and most daytime
 * formats), so the offset is exact only to that resolution plus half the round trip.
 *
 * @param serverTime the time the server reported
 * @param sent our clock when the request left (for TCP: when we started to connect)
 * @param received our clock when the reply arrived
 */
public record ClockOffset(Instant serverTime, Instant sent, Instant received) {

    public Duration roundTrip() {
        return Duration.between(sent, received);
    }

    /** Our clock halfway through the exchange. */
    public Instant localMidpoint() {
        return sent.plus(roundTrip().dividedBy(2));
    }

    /** Server minus local: positive when the server is ahead. */
    public Duration offset() {
        return Duration.between(localMidpoint(), serverTime);
    }

    /** Seconds as a decimal (for printing). */
    public static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }
}
