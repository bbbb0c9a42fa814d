package dev.sockets.daytime.protocol;

import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * The Time protocol's timestamp (RFC 868): the number of seconds since 1900-01-01T00:00Z as a 32-bit
 * big-endian unsigned integer.
 *
 * <p><b>Eras.</b> 32 bits run out on 2036-02-07T06:28:16Z. Like NTP, we treat the value as the seconds
 * since 1900 <em>modulo 2<sup>32</sup></em>: era 0 covers 1900-01-01 to 2036-02-07T06:28:15Z, era 1 starts
 * at 2036-02-07T06:28:16Z with value 0 again, and so on. The value alone cannot say its era, so the
 * server sends {@code floorMod(seconds since 1900, 2^32)} and the client {@linkplain #decode(long, Instant)
 * resolves the era} by taking, among all instants with that value (one every 2<sup>32</sup> s, about 136
 * years), the one closest to its own clock. That is right as long as the two clocks differ by less than
 * 68 years, and it keeps working across the wrap: a client in 2036 reading 5 gets 2036-02-07T06:28:21Z.
 *
 * <p>Stateless and thread-safe.
 */
public final class Rfc868 {

    /** Seconds from 1900-01-01T00:00Z to the Unix epoch 1970-01-01T00:00Z. */
    public static final long SECONDS_1900_TO_1970 = 2_208_988_800L;
    /** Values per era: 2^32. */
    public static final long ERA_SECONDS = 1L << 32;
    /** The length of a reply. */
    public static final int REPLY_BYTES = 4;
    /** The first instant of era 1, when the value wraps to 0. */
    public static final Instant ERA_1_START = Instant.ofEpochSecond(ERA_SECONDS - SECONDS_1900_TO_1970);

    private Rfc868() {
    }

    /** The value for {@code instant}: whole seconds since 1900 (fractions dropped), modulo 2^32. */
    public static long encode(Instant instant) {
        return Math.floorMod(instant.getEpochSecond() + SECONDS_1900_TO_1970, ERA_SECONDS);
    }

    /** The four bytes a time server sends for {@code instant}. */
    public static byte[] reply(Instant instant) {
        return ByteBuffer.allocate(REPLY_BYTES).putInt((int) encode(instant)).array();
    }

    /** The value of a reply: its four bytes as an unsigned big-endian integer. */
    public static long value(byte[] reply) throws IOException {
        if (reply.length != REPLY_BYTES) {
            throw new ProtocolException("expected a " + REPLY_BYTES + "-byte RFC 868 time, got " + reply.length
                    + " byte" + (reply.length == 1 ? "" : "s"));
        }
        return Integer.toUnsignedLong(ByteBuffer.wrap(reply).getInt());
    }

    /**
     * The instant a value stands for: of all instants {@code 1900 + value + k * 2^32} seconds, the one
     * closest to {@code near} (the reader's clock).
     */
    public static Instant decode(long value, Instant near) {
        if (value < 0 || value >= ERA_SECONDS) {
            throw new IllegalArgumentException("not a 32-bit unsigned value: " + value);
        }
        long nearSince1900 = near.getEpochSecond() + SECONDS_1900_TO_1970;
        long era = Math.floorDiv(nearSince1900 - value + ERA_SECONDS / 2, ERA_SECONDS);
        return Instant.ofEpochSecond(value + era * ERA_SECONDS - SECONDS_1900_TO_1970);
    }
}
