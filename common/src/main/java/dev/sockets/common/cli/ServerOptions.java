package dev.sockets.common.cli;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.net.InheritedSocket;
import dev.sockets.common.net.ListenFds;
import dev.sockets.common.server.Limits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Options every TCP/UDP server command shares: where to listen, connection limits, timeouts, stats.
 * The default port is the command's own ({@link #endpoint(int)}).
 */
public final class ServerOptions {

    @Option(names = ConfigFile.OPTION, paramLabel = "FILE",
            description = "Read options from FILE, one 'option = value' per line (the long option without --, "
                    + "e.g. max-connections = 500; # starts a comment); options on the command line win "
                    + "(default: none, only the command line). SIGHUP reloads it where the server can.")
    Path config;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT",
            description = "Port to listen on (0 = any free port). Ports below 1024 need root or CAP_NET_BIND_SERVICE.")
    Integer port;

    @Option(names = {"-b", "--bind"}, paramLabel = "ADDR",
            description = "IP address to listen on (default: :: = every IPv6 and IPv4 address; 127.0.0.1 = this machine only).")
    String bind;

    @Option(names = "--max-connections", paramLabel = "N",
            description = "Serve at most N connections at once (0 = no limit; default: ${DEFAULT-VALUE}).")
    int maxConnections = 10_000;

    @Option(names = "--max-connections-per-ip", paramLabel = "N",
            description = "At most N connections at once from one IP address (0 = no limit; default: ${DEFAULT-VALUE}).")
    int maxConnectionsPerIp = 0;

    @Option(names = "--connect-rate-per-ip", paramLabel = "N",
            description = "Accept at most N new connections per second from one IP address, in bursts of twice that; "
                    + "faster ones are refused (0 = no limit; default: ${DEFAULT-VALUE}; loopback clients are exempt).")
    double connectRatePerIp = Limits.DEFAULT_CONNECT_RATE;

    @Option(names = "--inherited",
            description = "Serve inherited sockets instead of binding: those systemd passes (LISTEN_FDS; one named "
                    + "tcp, udp or tls serves that transport, others go by kind in order), else the socket on standard "
                    + "input (inetd). A listening or UDP socket is served until SIGTERM, a connected one until it "
                    + "closes. Used automatically when there are any.")
    boolean inherited;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Close a connection after this long without traffic (e.g. 30s, 5m; default: never).")
    Duration idleTimeout;

    @Option(names = "--write-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Close a connection whose peer has not read for this long while we write (default: 30s).")
    Duration writeTimeout = Limits.DEFAULT_WRITE_TIMEOUT;

    @Option(names = "--backlog", paramLabel = "N", description = "Listen backlog (default: ${DEFAULT-VALUE}).")
    int backlog = Limits.DEFAULT_BACKLOG;

    @Option(names = "--grace", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "On SIGTERM/SIGINT, wait this long for connections to finish before closing them (default: 5s).")
    Duration grace = Limits.DEFAULT_GRACE;

    @Option(names = "--stats-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Log a stats line this often (default: only at shutdown).")
    Duration statsInterval;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics over HTTP on this port: /metrics, /healthz, /readyz "
                    + "(0 = any free port, logged at start; default: off).")
    Integer metricsPort;

    @Option(names = "--metrics-bind", paramLabel = "ADDR",
            description = "IP address of the metrics endpoint (default: 127.0.0.1 = this machine only; "
                    + ":: = every address).")
    String metricsBind;

    /** The endpoint to listen on, with {@code defaultPort} when {@code --port} is absent. */
    public Endpoint endpoint(int defaultPort) {
        int p = port == null ? defaultPort : port;
        OptionRange.port("--port", p, true);
        try {
            return bind == null ? Endpoint.wildcard(p) : new Endpoint(Endpoint.parseAddress(bind), p);
        } catch (IllegalArgumentException e) {
            throw UserError.usage(e.getMessage());
        }
    }

    /** The limits these options describe. */
    public Limits limits() {
        OptionRange.notNegative("--max-connections", maxConnections);
        OptionRange.notNegative("--max-connections-per-ip", maxConnectionsPerIp);
        OptionRange.notNegative("--connect-rate-per-ip", connectRatePerIp);
        OptionRange.notNegative("--backlog", backlog);
        return Limits.defaults()
                .withMaxConnections(maxConnections)
                .withMaxConnectionsPerIp(maxConnectionsPerIp)
                .withIdleTimeout(idleTimeout)
                .withWriteTimeout(writeTimeout)
                .withBacklog(backlog)
                .withGrace(grace)
                .withConnectRatePerIp(connectRatePerIp, (int) Math.min(Integer.MAX_VALUE, Math.max(1, 2 * connectRatePerIp)), false);
    }

    /**
     * The sockets to serve instead of binding: those systemd passes ({@code LISTEN_FDS}, for this process),
     * else standard input when it is a socket (always checked with {@code --inherited}, which makes their
     * absence an error); an empty list when there are none.
     *
     * @throws UserError exit 2 for malformed {@code LISTEN_*} variables or a passed descriptor that is no socket
     */
    public List<InheritedSocket> inheritedSockets() {
        List<InheritedSocket> passed;
        try {
            passed = ListenFds.inherit(System.getenv(), ProcessHandle.current().pid());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UserError(e.getMessage());
        }
        if (!passed.isEmpty()) {
            return passed;
        }
        java.nio.channels.Channel ch;
        try {
            ch = System.inheritedChannel();
        } catch (java.io.IOException | SecurityException e) {
            ch = null;
        }
        boolean socket = ch instanceof java.nio.channels.ServerSocketChannel
                || ch instanceof java.nio.channels.SocketChannel || ch instanceof java.nio.channels.DatagramChannel;
        if (inherited && !socket) {
            throw new UserError("--inherited: no socket passed (LISTEN_FDS) and standard input is not a socket "
                    + "(start the server from a systemd .socket unit or inetd, or drop --inherited)");
        }
        return socket ? List.of(new InheritedSocket("stdin", ch)) : List.of();
    }

    /**
     * Where to serve metrics ({@code --metrics-port} on {@code --metrics-bind}, loopback by default), or
     * {@code null} when metrics are off.
     *
     * @throws UserError exit 2 for a port out of range, an address that is not an IP literal, or
     *     {@code --metrics-bind} without {@code --metrics-port}
     */
    public Endpoint metricsEndpoint() {
        if (metricsPort == null) {
            if (metricsBind != null) {
                throw UserError.usage("--metrics-bind needs --metrics-port");
            }
            return null;
        }
        OptionRange.port("--metrics-port", metricsPort, true);
        try {
            return metricsBind == null ? Endpoint.loopback(metricsPort)
                    : new Endpoint(Endpoint.parseAddress(metricsBind), metricsPort);
        } catch (IllegalArgumentException e) {
            throw UserError.usage("--metrics-bind: " + e.getMessage());
        }
    }

    public Duration statsInterval() {
        return statsInterval;
    }

    public Duration grace() {
        return grace;
    }

    /** Whether {@code --write-timeout} was left at its default (protocols may pick a tighter one). */
    public boolean writeTimeoutIsDefault() {
        return Limits.DEFAULT_WRITE_TIMEOUT.equals(writeTimeout);
    }
}
