package dev.sockets.echo.server;

import dev.sockets.common.cli.ProtocolPort;
import dev.sockets.common.cli.Cli;
import dev.sockets.common.cli.ServerOptions;
import dev.sockets.common.cli.TransportOptions;
import dev.sockets.common.cli.ServerRunner;
import dev.sockets.common.cli.UdpOptions;
import dev.sockets.common.cli.Verbosity;
import dev.sockets.common.server.Server;
import dev.sockets.common.udp.DatagramService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code echo server}: serves until SIGINT/SIGTERM, then logs the stats line and exits 0. */
@Command(name = "server", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Echo every byte back (RFC 862): TCP and UDP on the same port unless --tcp or --udp.",
                "Stops gracefully on SIGINT/SIGTERM and logs connections, bytes, datagrams and drops."})
public final class ServerCommand implements Callable<Integer>, ProtocolPort {

    @Mixin
    ServerOptions serverOptions;

    @Mixin
    UdpOptions udpOptions;

    @Mixin
    Verbosity verbosity;

    @Mixin
    TransportOptions transports;

    @Override
    public Integer call() {
        verbosity.apply();
        return ServerRunner.run(serverOptions, server());
    }

    /** The server these options describe, unstarted (tests start it on port 0). */
    Server server() {
        return EchoServer.create(serverOptions.endpoint(EchoServer.PORT), transports.tcp(), transports.udp(),
                serverOptions.limits(), udpOptions.policy(DatagramService.MAX_PAYLOAD), serverOptions.statsInterval());
    }

    @Override
    public String defaultPortHelp() {
        return Integer.toString(EchoServer.PORT);
    }
}
