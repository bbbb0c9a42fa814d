package dev.sockets.daytime;

import dev.sockets.common.cli.LauncherCommands;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/** The launcher's {@code daytime} and {@code time} commands, for its completion script. */
public final class DaytimeLauncherCommands implements LauncherCommands {

    @Override
    public Map<String, CommandLine> commands() {
        Map<String, CommandLine> both = new LinkedHashMap<>();
        Map<String, CommandLine> sub = new CommandLine(new DaytimeMain()).getSubcommands();
        both.put("daytime", sub.get("daytime"));
        both.put("time", sub.get("time"));
        return both;
    }
}
