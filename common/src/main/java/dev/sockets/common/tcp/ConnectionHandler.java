package dev.sockets.common.tcp;

import java.io.IOException;

/**
 * What a protocol does with one accepted connection. Called on the connection's own virtual thread;
 * plain blocking I/O is expected. When it returns (or throws) the server closes the connection.
 * An {@link IOException} is taken as the peer's fault (logged at DEBUG); any other exception is a bug
 * (logged at ERROR). Either way the server keeps serving everyone else.
 */
@FunctionalInterface
public interface ConnectionHandler {
    void handle(Connection connection) throws IOException;

    /**
     * A handler whose virtual thread a server may run on its {@link EventLoop}s (the cheapest per read and
     * write with many connections of small messages): it is its connection's only reader and writer, blocks
     * in {@link Connection#read} and {@link Connection#write} (and may park, as anywhere), and uses neither
     * the connection's streams nor a TLS layer. Where this JDK cannot carry virtual threads on a thread of
     * ours, it is served like any other handler.
     */
    @FunctionalInterface
    interface OnLoop extends ConnectionHandler {
    }
}
