package dev.sockets.common.server;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.tcp.ConnectionHandler;

/** A TCP listener to open: where, who serves its connections, and whether on the accept thread itself. */
record TcpSpec(Endpoint endpoint, ConnectionHandler handler, boolean inline) {
}
