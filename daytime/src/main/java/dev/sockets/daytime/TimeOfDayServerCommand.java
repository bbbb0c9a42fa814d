package dev.sockets.daytime;

import dev.sockets.common.cli.ProtocolPort;
import dev.sockets.common.cli.ServerOptions;
import dev.sockets.common.cli.TransportOptions;
import dev.sockets.common.cli.ServerRunner;
import dev.sockets.common.cli.UdpOptions;
import dev.sockets.common.cli.Verbosity;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Limits;
import dev.sockets.common.server.Server;
import dev.sockets.common.udp.UdpPolicy;
import dev.sockets.daytime.protocol.TimeOfDayService;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What {@code daytime server} and {@code time server} share: listen on TCP and UDP (or one of them),
 * answer every connection and datagram with the {@link TimeOfDayService}'s reply, run until a signal.
 * Subclasses say the name, default port, reply and its largest size.
 *
 * <p>Unless the user chose {@code --write-timeout}, a connection whose reply cannot be written within
 * {@link #WRITE_TIMEOUT} is aborted: the reply is a few bytes, so only a broken peer can block it, and
 * such a peer must not hold a connection for the suite's general 30 s default.
 */
abstract class TimeOfDayServerCommand implements Callable<Integer>, ProtocolPort {

    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions serverOptions;

    @Mixin
    UdpOptions udpOptions;

    @Mixin
    Verbosity verbosity;

    @Mixin
    TransportOptions transports;

    /** The server's name in logs and stats. */
    abstract String name();

    abstract int defaultPort();

    /** The service answering with the time of {@code clock}; validates protocol options. */
    abstract TimeOfDayService service(java.time.Clock clock);

    /** The largest reply the service sends (the UDP reply bound). */
    abstract int maxReplyBytes();

    @Override
    public Integer call() {
        verbosity.apply();
        Server server = server(DaytimeMain.clockOf(spec));
        return ServerRunner.run(serverOptions, server);
    }

    /** The configured server, not started. */
    Server server(java.time.Clock clock) {
        TimeOfDayService service = service(clock);
        Endpoint endpoint = serverOptions.endpoint(defaultPort());
        Limits limits = serverOptions.limits();
        if (serverOptions.writeTimeoutIsDefault()) {
            limits = limits.withWriteTimeout(WRITE_TIMEOUT);
        }
        boolean tcp = transports.tcp();
        boolean udp = transports.udp();
        Server.Builder b = Server.builder(name()).limits(limits).statsInterval(serverOptions.statsInterval());
        if (tcp) {
            // Inline on the accept thread: the reply is a few bytes into an empty send buffer, so nothing
            // waits on the client, and no thread per connection is needed.
            b.tcpInline(endpoint, service.connectionHandler());
        }
        if (udp) {
            b.udp(endpoint, service.datagramHandler(), udpPolicy());
        }
        return b.build();
    }

    /** Loop guard and rate limit from the options; replies bounded by {@link #maxReplyBytes()}. */
    UdpPolicy udpPolicy() {
        return udpOptions.policy(maxReplyBytes());
    }

    @Override
    public String defaultPortHelp() {
        return Integer.toString(defaultPort());
    }
}
