package dev.sockets.common.server;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.tcp.TcpListener;
import dev.sockets.common.udp.DatagramService;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Optional;

/**
 * What a server serves once bound: its listeners and datagram services, their endpoints (TCP first, in
 * the order they were added), and, for a connected socket inherited from inetd, that one connection.
 */
record Bound(List<TcpListener> listeners, List<DatagramService> services, List<Endpoint> endpoints,
             Optional<SocketChannel> inheritedConnection) {

    Bound {
        listeners = List.copyOf(listeners);
        services = List.copyOf(services);
        endpoints = List.copyOf(endpoints);
    }
}
