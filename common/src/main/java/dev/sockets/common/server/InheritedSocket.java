package dev.sockets.common.server;

import dev.sockets.common.net.BindFailure;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.tcp.TcpListener;
import dev.sockets.common.udp.DatagramService;
import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Optional;

/**
 * A socket inherited on standard input (systemd socket activation, inetd) served instead of binding:
 * a listening socket becomes the TCP listener, a datagram socket the UDP service, a connected socket
 * one connection. Only the first TCP or UDP endpoint configured applies.
 */
final class InheritedSocket {

    private InheritedSocket() {
    }

    static Bound adopt(String name, Channel inherited, List<TcpSpec> tcp, List<UdpSpec> udp, int backlog)
            throws BindFailure {
        try {
            if (inherited instanceof ServerSocketChannel listening) {
                TcpSpec spec = tcp.stream().findFirst().orElseThrow(() -> notServed("a listening TCP", "TCP"));
                TcpListener l = new TcpListener(name + "-tcp", spec.endpoint(), backlog);
                Endpoint e = l.adopt(listening);
                return new Bound(List.of(l), List.of(), List.of(e), Optional.empty());
            }
            if (inherited instanceof DatagramChannel datagrams) {
                UdpSpec spec = udp.stream().findFirst().orElseThrow(() -> notServed("a UDP", "UDP"));
                DatagramService d = new DatagramService(name, spec.endpoint(), spec.handler(), spec.policy());
                Endpoint e = d.adopt(datagrams);
                return new Bound(List.of(), List.of(d), List.of(e), Optional.empty());
            }
            if (inherited instanceof SocketChannel connected) {
                tcp.stream().findFirst().orElseThrow(() -> notServed("a connected TCP", "TCP"));
                connected.configureBlocking(true);
                return new Bound(List.of(), List.of(), List.of(Endpoint.of(connected.getLocalAddress())),
                        Optional.of(connected));
            }
        } catch (IOException e) {
            throw new BindFailure("cannot use the inherited socket: " + e.getMessage(), null, e);
        }
        throw new BindFailure("the inherited channel is not a TCP or UDP socket", null, null);
    }

    private static BindFailure notServed(String what, String transport) {
        return new BindFailure("the inherited socket is " + what + " socket, but this server does not serve "
                + transport + " (drop --tcp/--udp or fix the socket unit)", null, null);
    }
}
