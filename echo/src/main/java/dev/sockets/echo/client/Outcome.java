package dev.sockets.echo.client;

/**
 * What became of one message of a measurement: verified after {@code rttNanos}, or not, with a
 * one-line reason.
 *
 * @param verified every byte came back, in order
 * @param rttNanos round-trip time when verified
 * @param problem why not ({@code null} when verified)
 */
public record Outcome(boolean verified, long rttNanos, String problem) {

    public static Outcome ok(long rttNanos) {
        return new Outcome(true, rttNanos, null);
    }

    public static Outcome failed(String problem) {
        return new Outcome(false, 0, problem);
    }
}
