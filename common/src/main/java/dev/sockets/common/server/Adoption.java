package dev.sockets.common.server;

import dev.sockets.common.net.BindFailure;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.net.InheritedSocket;
import dev.sockets.common.tcp.TcpListener;
import dev.sockets.common.udp.DatagramService;
import java.io.IOException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Inherited sockets (systemd socket activation, inetd) served instead of binding. Each goes to one
 * configured endpoint: a socket named like a TCP transport ({@code tcp}, {@code tls}) or {@code udp} to
 * that endpoint, any other listening socket to the next TCP endpoint not yet served, in the order they
 * were added, a datagram socket to the next UDP endpoint. A connected socket (inetd {@code nowait},
 * systemd {@code Accept=yes}) must come alone: it is one connection to the first TCP endpoint.
 * Endpoints left without a socket are not served.
 */
final class Adoption {

    /** Names that ask for one transport; any other name (systemd's default is the unit's) goes by kind. */
    private static final java.util.Set<String> TRANSPORT_NAMES = java.util.Set.of("tcp", "tls");

    private Adoption() {
    }

    static Bound adopt(String name, List<InheritedSocket> inherited, List<TcpSpec> tcp, List<UdpSpec> udp, int backlog)
            throws BindFailure {
        if (inherited.size() == 1 && inherited.get(0).channel() instanceof SocketChannel connected) {
            if (tcp.isEmpty()) {
                throw unmatched(inherited.get(0), "a connected TCP", List.of());
            }
            try {
                connected.configureBlocking(true);
                return new Bound(List.of(), List.of(), List.of(tcp.get(0)), List.of(),
                        List.of(Endpoint.of(connected.getLocalAddress())), Optional.of(connected));
            } catch (IOException | RuntimeException e) {
                throw new BindFailure("cannot use the inherited socket: " + e.getMessage(), null, e);
            }
        }
        TcpSpec[] tcpFor = new TcpSpec[inherited.size()];
        UdpSpec[] udpFor = new UdpSpec[inherited.size()];
        List<TcpSpec> freeTcp = new ArrayList<>(tcp);
        List<UdpSpec> freeUdp = new ArrayList<>(udp);
        // Named sockets first, so an unnamed one never takes the endpoint a named one was meant for.
        for (int i = 0; i < inherited.size(); i++) {
            InheritedSocket s = inherited.get(i);
            if (s.channel() instanceof ServerSocketChannel) {
                tcpFor[i] = freeTcp.stream().filter(t -> t.transport().equals(s.name())).findFirst().orElse(null);
                freeTcp.remove(tcpFor[i]);
                if (tcpFor[i] == null && TRANSPORT_NAMES.contains(s.name())) {
                    // Named for a transport this server does not run: serving it as another would be a surprise.
                    throw new BindFailure("inherited socket '" + s.name() + "' is named for " + s.name()
                            + ", but this server serves only " + String.join(", ", tcp.stream().map(TcpSpec::transport).toList())
                            + " over TCP (for tls: give it --tls-cert and --tls-key or --tls-self-signed)", null, null);
                }
            } else if (s.channel() instanceof DatagramChannel && s.name().equals(ServerStats.UDP) && !freeUdp.isEmpty()) {
                udpFor[i] = freeUdp.remove(0);
            }
        }
        for (int i = 0; i < inherited.size(); i++) {
            InheritedSocket s = inherited.get(i);
            if (s.channel() instanceof ServerSocketChannel && tcpFor[i] == null) {
                if (freeTcp.isEmpty()) {
                    throw unmatched(s, "a listening TCP", tcp.stream().map(TcpSpec::transport).toList());
                }
                tcpFor[i] = freeTcp.remove(0);
            } else if (s.channel() instanceof DatagramChannel && udpFor[i] == null) {
                if (freeUdp.isEmpty()) {
                    throw unmatched(s, "a UDP", udp.isEmpty() ? List.of() : List.of(ServerStats.UDP));
                }
                udpFor[i] = freeUdp.remove(0);
            } else if (s.channel() instanceof SocketChannel) {
                throw new BindFailure("inherited socket '" + s.name() + "' is a connected socket, which can only be "
                        + "passed alone (inetd nowait, systemd Accept=yes)", null, null);
            }
        }
        List<TcpListener> listeners = new ArrayList<>();
        List<TcpSpec> served = new ArrayList<>();
        List<DatagramService> services = new ArrayList<>();
        List<UdpSpec> servedUdp = new ArrayList<>();
        try {
            // In the order the endpoints were added, as when binding them.
            for (TcpSpec spec : tcp) {
                for (int i = 0; i < inherited.size(); i++) {
                    if (tcpFor[i] == spec) {
                        TcpListener l = new TcpListener(name + "-tcp", spec.endpoint(), backlog);
                        l.adopt((ServerSocketChannel) inherited.get(i).channel());
                        listeners.add(l);
                        served.add(spec);
                    }
                }
            }
            for (UdpSpec spec : udp) {
                for (int i = 0; i < inherited.size(); i++) {
                    if (udpFor[i] == spec) {
                        DatagramService d = new DatagramService(name, spec.endpoint(), spec.handler(), spec.policy());
                        d.adopt((DatagramChannel) inherited.get(i).channel());
                        services.add(d);
                        servedUdp.add(spec);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // e.g. a Unix-domain socket, which has no IP endpoint to serve
            listeners.forEach(TcpListener::close);
            services.forEach(DatagramService::close);
            throw new BindFailure("cannot use an inherited socket (a TCP or UDP socket on an IP address is needed): "
                    + e.getMessage(), null, e);
        }
        List<Endpoint> endpoints = new ArrayList<>();
        listeners.forEach(l -> endpoints.add(l.endpoint()));
        services.forEach(s -> endpoints.add(s.endpoint()));
        return new Bound(listeners, services, served, servedUdp, endpoints, Optional.empty());
    }

    private static BindFailure unmatched(InheritedSocket s, String kind, List<String> transports) {
        String why = transports.isEmpty()
                ? "this server serves no " + (kind.contains("TCP") ? "TCP" : "UDP") + " (drop --tcp/--udp or fix the socket unit)"
                : "every such endpoint of this server (" + String.join(", ", transports) + ") already has one";
        return new BindFailure("inherited socket '" + s.name() + "' is " + kind + " socket, but " + why, null, null);
    }
}
