package dev.sockets.common.server;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.tcp.TcpListener;
import dev.sockets.common.udp.DatagramService;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Optional;

/**
 * What a server serves once bound: its listeners and datagram services with the specs each serves
 * ({@code tcp.get(i)} is served by {@code listeners.get(i)}; inherited sockets may serve only some), their
 * endpoints (TCP first, in the order they were added), and, for a connected socket inherited from inetd, that one connection.
 */
record Bound(List<TcpListener> listeners, List<DatagramService> services, List<TcpSpec> tcp, List<UdpSpec> udp,
             List<Endpoint> endpoints, Optional<SocketChannel> inheritedConnection) {

    Bound {
        listeners = List.copyOf(listeners);
        services = List.copyOf(services);
        tcp = List.copyOf(tcp);
        udp = List.copyOf(udp);
        endpoints = List.copyOf(endpoints);
    }
}
