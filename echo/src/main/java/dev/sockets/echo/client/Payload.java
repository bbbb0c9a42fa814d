package dev.sockets.echo.client;

/**
 * Deterministic message contents, so every echoed byte can be checked without keeping a copy: byte
 * {@code i} of the message with seed {@code s} is {@link #at(long, int)}. Neighbouring seeds give
 * different bytes at the same offset, so a stale or reordered echo is noticed, and every byte value
 * occurs in a long enough message. Pure functions; thread-safe.
 */
public final class Payload {

    private Payload() {
    }

    /** Byte {@code index} of the message seeded {@code seed}. */
    public static byte at(long seed, int index) {
        return (byte) (seed * 131 + (seed >>> 8) * 17 + index * 7L + (index >>> 8) * 3L);
    }

    /** The whole message of {@code size} bytes seeded {@code seed}. */
    public static byte[] message(long seed, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = at(seed, i);
        }
        return b;
    }

    /**
     * The first offset at which {@code actual} differs from {@code expected}, or -1 when they are equal
     * (a length difference counts as a difference at the shorter length).
     */
    public static int firstDifference(byte[] expected, byte[] actual) {
        int n = Math.min(expected.length, actual.length);
        int i = java.util.Arrays.mismatch(expected, 0, n, actual, 0, n);
        if (i >= 0) {
            return i;
        }
        return expected.length == actual.length ? -1 : n;
    }
}
