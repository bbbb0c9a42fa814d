package dev.sockets.common.server;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What {@link Server#admit} decided for a connection that a listener of the protocol's own accepted (chat's
 * WebSocket port): the same {@link Admission} as the server's own listeners' connections, so it takes its
 * places among theirs (server-wide, per address, the connect rate) and is counted in the same stats.
 */
public sealed interface Entry {

    /** Served: it holds its places until {@link #leave()}. */
    final class Admitted implements Entry {
        private final Admission.Admitted places;
        private final ServerStats.Transport counters;
        private final AtomicBoolean left = new AtomicBoolean();

        Admitted(Admission.Admitted places, ServerStats.Transport counters) {
            this.places = places;
            this.counters = counters;
            counters.connectionOpened();
        }

        /** Counts {@code n} bytes received on it (the transport's {@code bytes_in}). */
        public void bytesIn(long n) {
            counters.addBytesIn(n);
        }

        /** Counts {@code n} bytes sent on it (the transport's {@code bytes_out}). */
        public void bytesOut(long n) {
            counters.addBytesOut(n);
        }

        /** The connection has ended: gives back its places and counts it closed. Only the first call counts. */
        public void leave() {
            if (left.compareAndSet(false, true)) {
                places.leave();
                counters.connectionClosed();
            }
        }
    }

    /**
     * Refused (and counted); it holds nothing.
     *
     * @param stopping whether because the server is stopping, rather than a limit
     * @param reason for the log, e.g. {@code too many connections from this address}
     */
    record Refused(boolean stopping, String reason, byte[] message) implements Entry {
        public Refused {
            message = message.clone();
        }

        /** What a TCP client refused the same way is told (the limits' refusal or stopping message; may be empty). */
        @Override
        public byte[] message() {
            return message.clone();
        }
    }
}
