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
}
