package dev.sockets.common.cli;

import dev.sockets.common.net.Endpoint;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Where a client connects, the same for every client command: {@code [HOST[:PORT]] [-p PORT]}. HOST is
 * a name (looked up), an IP literal, {@code [v6]} or {@code HOST:PORT}; a port in HOST and a different
 * {@code --port} is a usage error, as either could be the one meant. A malformed HOST or port is a usage error (exit 2); a name that does not resolve is the
 * network saying no (exit 1).
 */
public final class ClientOptions {

    @Parameters(index = "0", arity = "0..1", paramLabel = "HOST",
            description = "Server: a name, an IP address, [IPv6] or HOST:PORT (default: localhost).")
    String host = "localhost";

    @Option(names = {"-p", "--port"}, paramLabel = "PORT",
            description = "Server port.")
    Integer port;

    /**
     * The server's endpoint; {@code defaultPort} when neither {@code --port} nor HOST names one.
     *
     * @throws UserError exit 2 for malformed input or port 0, exit 1 for a name that does not resolve
     */
    public Endpoint server(int defaultPort) {
        Endpoint e;
        try {
            if (port != null) {
                OptionRange.port("--port", port, true);
                String inHost = portInHost();
                if (inHost != null && !inHost.equals(Integer.toString(port))) {
                    throw new IllegalArgumentException("HOST " + host.strip() + " and --port " + port
                            + " name different ports: give the port once");
                }
            }
            e = Endpoint.resolve(host, defaultPort);
        } catch (IllegalArgumentException ex) {
            if (ex.getMessage() != null && ex.getMessage().startsWith("unknown host")) {
                throw new UserError("cannot connect: " + ex.getMessage());
            }
            throw UserError.usage(ex.getMessage());
        }
        if (port != null) {
            e = e.withPort(port);
        }
        if (e.port() == 0) {
            throw UserError.usage("port 0 cannot be connected to: give the server's port (1-65535)");
        }
        return e;
    }

    /** The port HOST names as typed ({@code h:7}, {@code [::1]:7} or a bare {@code 7}), or null. */
    private String portInHost() {
        String h = host.strip();
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close > 0 && h.startsWith(":", close + 1) ? strip0(h.substring(close + 2)) : null;
        }
        if (!h.isEmpty() && h.chars().allMatch(Character::isDigit)) {
            return strip0(h);
        }
        return h.chars().filter(ch -> ch == ':').count() == 1 ? strip0(h.substring(h.indexOf(':') + 1)) : null;
    }

    /** {@code 007} is port 7 too. */
    private static String strip0(String digits) {
        String s = digits.strip().replaceFirst("^0+(?=\\d)", "");
        return s;
    }

    /** HOST as typed, without a port: the name TLS checks the certificate against. */
    public String hostName() {
        String h = host.strip();
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            return close > 0 ? h.substring(1, close) : h;
        }
        return h.chars().filter(ch -> ch == ':').count() == 1 ? h.substring(0, h.indexOf(':')) : h;
    }
}
