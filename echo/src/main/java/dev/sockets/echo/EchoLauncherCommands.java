package dev.sockets.echo;

import dev.sockets.common.cli.LauncherCommands;
import java.util.Map;
import picocli.CommandLine;

/** The launcher's {@code echo} command, for its completion script. */
public final class EchoLauncherCommands implements LauncherCommands {

    @Override
    public Map<String, CommandLine> commands() {
        return Map.of("echo", new CommandLine(new EchoMain()));
    }
}
