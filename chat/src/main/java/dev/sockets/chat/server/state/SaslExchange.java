package dev.sockets.chat.server.state;

/**
 * One client's SASL conversation (AUTHENTICATE): the mechanism being used and the base64 chunks of the
 * client's response received so far, plus the failures of this connection. Held by the {@link Client};
 * used only by its reader thread.
 */
public final class SaslExchange {

    /** The response may be at most this long in base64 (a PLAIN of two full chunks and more fits). */
    public static final int MAX_RESPONSE = 1600;

    private String mechanism;
    private final StringBuilder response = new StringBuilder();
    private int failures;

    /** The mechanism of the exchange in progress, or null when none is. */
    public String mechanism() {
        return mechanism;
    }

    /** Starts an exchange with {@code mechanism} (forgetting any earlier response). */
    public void start(String mechanism) {
        this.mechanism = mechanism;
        response.setLength(0);
    }

    /**
     * Adds one chunk of the response.
     *
     * @return false when the response grew past {@link #MAX_RESPONSE}
     */
    public boolean append(String chunk) {
        if (response.length() + chunk.length() > MAX_RESPONSE) {
            return false;
        }
        response.append(chunk);
        return true;
    }

    /** The base64 response received so far. */
    public String response() {
        return response.toString();
    }

    /** Ends the exchange in progress, if any. */
    public void end() {
        mechanism = null;
        response.setLength(0);
    }

    public boolean inProgress() {
        return mechanism != null;
    }

    /** Counts a failed attempt; returns the failures of this connection so far. */
    public int failed() {
        return ++failures;
    }
}
