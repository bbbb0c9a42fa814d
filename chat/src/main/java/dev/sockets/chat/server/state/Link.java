package dev.sockets.chat.server.state;

/**
 * The transport of one local {@link Client}, as the state sees it: where its lines are queued and how its
 * connection ends. Implemented by the session layer ({@code session.ClientLink}: an outbox and a socket),
 * and by a mailbox in the handler tests, so state and commands never touch a socket.
 */
public interface Link {

    /** Queues one formatted line; never blocks. False when it was dropped (the client is leaving). */
    boolean offer(byte[] line);

    /**
     * Ends the connection, once: queues {@code lastLine} (after the lines already queued, or instead of them
     * when {@code dropPending}), then makes the reader stop.
     *
     * @param lastLine the final {@code ERROR} line, or null for none
     */
    void close(byte[] lastLine, boolean dropPending);

    /**
     * Queues a long reply, produced as the client reads it (after the lines queued so far). This default
     * produces it all at once, for transports without a send queue (the handler tests' mailboxes).
     */
    default void stream(ReplySource source) {
        while (source.fill(this::offer, Integer.MAX_VALUE)) {
            // everything fits: the loop ends when the source has nothing left
        }
    }

    /** Bytes queued for the client and not yet written (its send queue); read by the metrics. */
    default int queuedBytes() {
        return 0;
    }

    /** The client completed registration (called once, on its reader thread): the server's books follow. */
    void registered(Client client);
}
