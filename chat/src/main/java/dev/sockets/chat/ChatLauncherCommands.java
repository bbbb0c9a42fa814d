package dev.sockets.chat;

import dev.sockets.common.cli.LauncherCommands;
import java.util.Map;
import picocli.CommandLine;

/** The launcher's {@code chat} command, for its completion script. */
public final class ChatLauncherCommands implements LauncherCommands {

    @Override
    public Map<String, CommandLine> commands() {
        return Map.of("chat", new CommandLine(new ChatMain()));
    }
}
