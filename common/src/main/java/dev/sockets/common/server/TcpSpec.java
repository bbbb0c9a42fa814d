package dev.sockets.common.server;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.tcp.ConnectionHandler;

/**
 * A TCP listener to open: where, who serves its connections, on which thread, and the transport its
 * connections are counted under ({@code tcp}, {@code tls}).
 */
record TcpSpec(Endpoint endpoint, ConnectionHandler handler, Threads threads, String transport) {

    /** Where a connection's handler runs. */
    enum Threads {
        /** A virtual thread of its own on the JDK's scheduler. */
        VIRTUAL,
        /** The accept thread itself ({@link Server.Builder#tcpInline}). */
        INLINE,
        /** A virtual thread carried by one of the server's event loops ({@link Server.Builder#tcpOnLoops}). */
        LOOP
    }
}
