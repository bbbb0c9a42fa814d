package dev.sockets.common.server;

import dev.sockets.common.net.BindFailure;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.tcp.TcpListener;
import dev.sockets.common.udp.DatagramService;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Binds a server's listeners and services: all or nothing. The IPv6 wildcard falls back to the IPv4 one
 * on a host without IPv6 (one rule for TCP and UDP), and a UDP service asked for port 0 on the same
 * address as a TCP listener gets the port TCP got, so {@code --port 0} serves both on one port as with
 * any other port.
 */
final class Binding {

    private static final int PORT_ZERO_ATTEMPTS = 10;

    /** Binds one thing. */
    @FunctionalInterface
    interface Binder<T> {
        Endpoint bind(T t) throws BindFailure;
    }

    private Binding() {
    }

    static Bound bindAll(String name, List<TcpSpec> tcp, List<UdpSpec> udp, int backlog) throws BindFailure {
        for (int attempt = 1; ; attempt++) {
            List<TcpListener> listeners = new ArrayList<>();
            List<DatagramService> services = new ArrayList<>();
            try {
                for (TcpSpec spec : tcp) {
                    listeners.add(withIpv4Fallback(spec.endpoint(), e -> new TcpListener(name + "-tcp", e, backlog),
                            TcpListener::bind));
                }
                for (UdpSpec spec : udp) {
                    UdpSpec on = samePortAsTcp(spec, tcp, listeners);
                    services.add(withIpv4Fallback(on.endpoint(),
                            e -> new DatagramService(name, e, on.handler(), on.policy()), DatagramService::bind));
                }
                List<Endpoint> endpoints = new ArrayList<>();
                listeners.forEach(l -> endpoints.add(l.endpoint()));
                services.forEach(s -> endpoints.add(s.endpoint()));
                return new Bound(listeners, services, tcp, udp, endpoints, Optional.empty());
            } catch (BindFailure e) {
                listeners.forEach(TcpListener::close);
                services.forEach(DatagramService::close);
                // The port TCP got at random may be taken for UDP: pick another pair.
                boolean portZeroClash = attempt < PORT_ZERO_ATTEMPTS && udp.stream().anyMatch(u -> u.endpoint().port() == 0)
                        && String.valueOf(e.getMessage()).contains("in use");
                if (!portZeroClash) {
                    throw e;
                }
            }
        }
    }

    private static UdpSpec samePortAsTcp(UdpSpec spec, List<TcpSpec> tcp, List<TcpListener> listeners) {
        if (spec.endpoint().port() != 0) {
            return spec;
        }
        for (int i = 0; i < tcp.size() && i < listeners.size(); i++) {
            if (tcp.get(i).endpoint().equals(spec.endpoint())) {
                return spec.on(spec.endpoint().withPort(listeners.get(i).endpoint().port()));
            }
        }
        return spec;
    }

    /** Binds what {@code create} makes for {@code endpoint}, or for the IPv4 wildcard when IPv6 is missing. */
    static <T> T withIpv4Fallback(Endpoint endpoint, Function<Endpoint, T> create, Binder<T> binder) throws BindFailure {
        T t = create.apply(endpoint);
        try {
            binder.bind(t);
            return t;
        } catch (BindFailure e) {
            if (!isNoIpv6(e, endpoint)) {
                throw e;
            }
            T v4 = create.apply(Endpoint.parse("0.0.0.0", endpoint.port()));
            binder.bind(v4);
            return v4;
        }
    }

    private static boolean isNoIpv6(BindFailure e, Endpoint endpoint) {
        String m = String.valueOf(e.getCause() == null ? null : e.getCause().getMessage()).toLowerCase(Locale.ROOT);
        return endpoint.isWildcard() && endpoint.address() instanceof Inet6Address
                && (m.contains("protocol family") || m.contains("address family") || m.contains("not supported"));
    }
}
