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
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Inherited sockets (systemd socket activation, inetd) served instead of binding. Each goes to one
 * configured endpoint: a socket named like a TCP transport ({@code tcp}, {@code tls}) or {@code udp} to
 * that endpoint, any other listening socket to the next TCP endpoint not yet served, in the order they
 * were added, a datagram socket to the next UDP endpoint. A connected socket (inetd {@code nowait},
 * systemd {@code Accept=yes}) must come alone: it is one connection to the first TCP endpoint.
 * A socket named for one kind but of the other ({@code udp} on a stream socket) is refused. Endpoints left
 * without a socket are not served. A name the protocol declared {@linkplain Server.Builder#notAdoptable not
 * adoptable} is refused.
 */
final class Adoption {

    /** Names that ask for one transport; any other name (systemd's default is the unit's) goes by kind. */
    private static final java.util.Set<String> TRANSPORT_NAMES = java.util.Set.of("tcp", "tls");

    private Adoption() {
    }

    /** @param notAdoptable names refused outright, with why (the protocol serves that name some other way) */
    static Bound adopt(String name, List<InheritedSocket> inherited, Map<String, String> notAdoptable, List<TcpSpec> tcp,
                       List<UdpSpec> udp, int backlog) throws BindFailure {
        for (InheritedSocket s : inherited) {
            String why = notAdoptable.get(s.name());
            if (why != null) {
                throw new BindFailure("inherited socket '" + s.name() + "' cannot be served: " + why, null, null);
            }
        }
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
        // Which endpoint each socket serves, kept per endpoint (identity: two endpoints may be equal records).
        Map<TcpSpec, ServerSocketChannel> tcpChannels = new IdentityHashMap<>();
        Map<UdpSpec, DatagramChannel> udpChannels = new IdentityHashMap<>();
        List<TcpSpec> freeTcp = new ArrayList<>(tcp);
        List<UdpSpec> freeUdp = new ArrayList<>(udp);
        List<InheritedSocket> byKind = new ArrayList<>();
        // Named sockets first, so an unnamed one never takes the endpoint a named one was meant for.
        for (InheritedSocket s : inherited) {
            boolean namedTcp = TRANSPORT_NAMES.contains(s.name());
            boolean namedUdp = s.name().equals(ServerStats.UDP);
            switch (s.channel()) {
                case SocketChannel connected -> throw new BindFailure("inherited socket '" + s.name() + "' is a "
                        + "connected socket, which can only be passed alone (inetd nowait, systemd Accept=yes)", null, null);
                case ServerSocketChannel listening when namedUdp -> throw misnamed(s, "a listening TCP");
                case DatagramChannel datagram when namedTcp -> throw misnamed(s, "a UDP");
                case ServerSocketChannel listening -> {
                    TcpSpec spec = freeTcp.stream().filter(t -> t.transport().equals(s.name())).findFirst().orElse(null);
                    if (spec != null) {
                        freeTcp.remove(spec);
                        tcpChannels.put(spec, listening);
                    } else if (namedTcp) {
                        // Named for a transport this server does not run: serving it as another would be a surprise.
                        throw new BindFailure("inherited socket '" + s.name() + "' is named for " + s.name()
                                + ", but this server serves only " + String.join(", ", transports(tcp))
                                + " over TCP (for tls: give it --tls-cert and --tls-key or --tls-self-signed)", null, null);
                    } else {
                        byKind.add(s);
                    }
                }
                case DatagramChannel datagram when namedUdp && !freeUdp.isEmpty() ->
                        udpChannels.put(freeUdp.remove(0), datagram);
                default -> byKind.add(s);
            }
        }
        for (InheritedSocket s : byKind) {
            if (s.channel() instanceof ServerSocketChannel listening) {
                if (freeTcp.isEmpty()) {
                    throw unmatched(s, "a listening TCP", transports(tcp));
                }
                tcpChannels.put(freeTcp.remove(0), listening);
            } else if (s.channel() instanceof DatagramChannel datagram) {
                if (freeUdp.isEmpty()) {
                    throw unmatched(s, "a UDP", udp.isEmpty() ? List.of() : List.of(ServerStats.UDP));
                }
                udpChannels.put(freeUdp.remove(0), datagram);
            }
        }
        List<TcpListener> listeners = new ArrayList<>();
        List<TcpSpec> served = new ArrayList<>();
        List<DatagramService> services = new ArrayList<>();
        List<UdpSpec> servedUdp = new ArrayList<>();
        try {
            // In the order the endpoints were added, as when binding them.
            for (TcpSpec spec : tcp) {
                ServerSocketChannel channel = tcpChannels.get(spec);
                if (channel != null) {
                    TcpListener l = new TcpListener(name + "-tcp", spec.endpoint(), backlog);
                    l.adopt(channel);
                    listeners.add(l);
                    served.add(spec);
                }
            }
            for (UdpSpec spec : udp) {
                DatagramChannel channel = udpChannels.get(spec);
                if (channel != null) {
                    DatagramService d = new DatagramService(name, spec.endpoint(), spec.handler(), spec.policy());
                    d.adopt(channel);
                    services.add(d);
                    servedUdp.add(spec);
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

    private static List<String> transports(List<TcpSpec> tcp) {
        return tcp.stream().map(TcpSpec::transport).toList();
    }

    /** A socket whose name asks for one transport but whose kind is the other's (e.g. FileDescriptorName=udp on a ListenStream). */
    private static BindFailure misnamed(InheritedSocket s, String kind) {
        return new BindFailure("inherited socket '" + s.name() + "' is " + kind + " socket, but its name asks for "
                + s.name() + " (fix FileDescriptorName= in the socket unit)", null, null);
    }

    private static BindFailure unmatched(InheritedSocket s, String kind, List<String> transports) {
        String why = transports.isEmpty()
                ? "this server serves no " + (kind.contains("TCP") ? "TCP" : "UDP") + " (drop --tcp/--udp or fix the socket unit)"
                : "every such endpoint of this server (" + String.join(", ", transports) + ") already has one";
        return new BindFailure("inherited socket '" + s.name() + "' is " + kind + " socket, but " + why, null, null);
    }
}
