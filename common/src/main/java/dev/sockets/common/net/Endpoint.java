package dev.sockets.common.net;

import com.google.common.net.InetAddresses;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An endpoint of the socket model: an IP address and a port.
 *
 * <p>Instances are immutable and never trigger a DNS lookup: {@link #parse(String, int)} accepts only
 * IP literals, and {@link #resolve(String, int)} is the one explicit place where a host name is looked
 * up. Ports are validated to 0-65535; port 0 means "any free port" when binding.
 */
public record Endpoint(InetAddress address, int port) {

    /** Ports below this number are privileged: binding them needs root or CAP_NET_BIND_SERVICE. */
    public static final int FIRST_UNPRIVILEGED_PORT = 1024;

    public Endpoint {
        Objects.requireNonNull(address, "address");
        checkPort(port);
    }

    /** The dual-stack wildcard {@code [::]} (accepts IPv4 too where the OS allows) on {@code port}. */
    public static Endpoint wildcard(int port) {
        return new Endpoint(InetAddresses.forString("::"), port);
    }

    /** {@code 127.0.0.1} on {@code port}. */
    public static Endpoint loopback(int port) {
        return new Endpoint(InetAddresses.forString("127.0.0.1"), port);
    }

    /** The endpoint of a bound or connected socket address. */
    public static Endpoint of(SocketAddress address) {
        if (!(address instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            throw new IllegalArgumentException("not an IP socket address: " + address);
        }
        return new Endpoint(inet.getAddress(), inet.getPort());
    }

    /**
     * Parses {@code host:port}, {@code [v6]:port}, a bare IP literal (port = {@code defaultPort}) or a
     * bare port (address = dual-stack wildcard). The host must be an IP literal: no DNS lookup is made.
     *
     * @throws IllegalArgumentException with a message fit to show a user
     */
    public static Endpoint parse(String text, int defaultPort) {
        HostPort hp = HostPort.split(text, defaultPort);
        if (hp.host() == null) {
            return wildcard(hp.port());
        }
        return new Endpoint(parseAddress(hp.host()), hp.port());
    }

    /**
     * Like {@link #parse(String, int)} but a host name is resolved (the first address returned by the
     * system resolver); IP literals are used as they are.
     *
     * @throws IllegalArgumentException when the text is malformed or the name does not resolve
     */
    public static Endpoint resolve(String text, int defaultPort) {
        HostPort hp = HostPort.split(text, defaultPort);
        if (hp.host() == null) {
            return loopback(hp.port());
        }
        String host = hp.host();
        if (InetAddresses.isInetAddress(host)) {
            return new Endpoint(InetAddresses.forString(host), hp.port());
        }
        try {
            return new Endpoint(InetAddress.getByName(host), hp.port());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host '" + host + "'");
        }
    }

    /** Parses an IP literal (IPv4 dotted quad, or IPv6 with or without brackets). */
    public static InetAddress parseAddress(String literal) {
        String s = literal.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (!InetAddresses.isInetAddress(s)) {
            throw new IllegalArgumentException("'" + literal + "' is not an IP address (use e.g. 127.0.0.1 or ::1)");
        }
        return InetAddresses.forString(s);
    }

    /** Checks that {@code port} is 0-65535. */
    public static int checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
        }
        return port;
    }

    /** Whether binding this port needs privileges (ports 1-1023). */
    public boolean isPrivileged() {
        return port > 0 && port < FIRST_UNPRIVILEGED_PORT;
    }

    /** Whether the address is the any-local wildcard ({@code 0.0.0.0} or {@code ::}). */
    public boolean isWildcard() {
        return address.isAnyLocalAddress();
    }

    /** The same address on another port. */
    public Endpoint withPort(int newPort) {
        return new Endpoint(address, newPort);
    }

    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(address, port);
    }

    /** {@code 127.0.0.1:7}, {@code [::1]:7}. */
    @Override
    public String toString() {
        return hostString() + ":" + port;
    }

    /** The address as text, IPv6 in brackets: {@code 127.0.0.1}, {@code [::1]}. */
    public String hostString() {
        String host = InetAddresses.toAddrString(address);
        return address instanceof Inet6Address ? "[" + host + "]" : host;
    }

    private record HostPort(String host, int port) {
        static HostPort split(String text, int defaultPort) {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("empty endpoint (expected host:port, [v6]:port or a port)");
            }
            String s = text.strip();
            if (s.startsWith("[")) {
                int close = s.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("'" + text + "': missing ']' after an IPv6 address");
                }
                String host = s.substring(1, close);
                String rest = s.substring(close + 1);
                if (rest.isEmpty()) {
                    return new HostPort(host, checkPort(defaultPort));
                }
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("'" + text + "': expected ':port' after ']'");
                }
                return new HostPort(host, parsePort(rest.substring(1), text));
            }
            int colons = (int) s.chars().filter(c -> c == ':').count();
            if (colons > 1) { // a bare IPv6 literal
                return new HostPort(s, checkPort(defaultPort));
            }
            if (colons == 1) {
                int i = s.indexOf(':');
                String host = s.substring(0, i);
                if (host.isEmpty()) {
                    return new HostPort(null, parsePort(s.substring(1), text));
                }
                return new HostPort(host, parsePort(s.substring(i + 1), text));
            }
            if (s.chars().allMatch(Character::isDigit)) {
                return new HostPort(null, parsePort(s, text));
            }
            if (s.matches("[+-][0-9]+")) { // a signed number is a port out of range, not a host
                throw new IllegalArgumentException("port " + s + " is out of range 0-65535");
            }
            return new HostPort(s, checkPort(defaultPort));
        }

        private static int parsePort(String port, String whole) {
            if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("'" + whole + "': port must be a number 0-65535");
            }
            return checkPort(Integer.parseInt(port));
        }
    }
}
