package dev.sockets.common.server;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.tcp.ConnectionHandler;

/**
 * A TCP listener to open: where, who serves its connections, whether on the accept thread itself, and
 * the transport its connections are counted under ({@code tcp}, {@code tls}).
 */
record TcpSpec(Endpoint endpoint, ConnectionHandler handler, boolean inline, String transport) {
}
