package dev.sockets.echo;

import dev.sockets.common.cli.Cli;
import dev.sockets.echo.client.ClientCommand;
import dev.sockets.echo.load.LoadCommand;
import dev.sockets.echo.server.ServerCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code echo}: the Echo Protocol (RFC 862) server, a measuring client and a load generator. Without a
 * subcommand it is a usage error (exit 2). Stateless; each run builds a fresh instance.
 */
@Command(name = "echo", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Echo Protocol (RFC 862): every byte sent comes back, over TCP and UDP.",
        subcommands = {ServerCommand.class, ClientCommand.class, LoadCommand.class})
public final class EchoMain implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        Cli.main(new EchoMain(), args);
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: server, client or load");
    }
}
