package dev.sockets.common.cli;

import java.util.Map;
import picocli.CommandLine;

/**
 * What a protocol module adds to the launcher's command tree (for {@link Completion}): its top-level
 * commands by name, e.g. {@code daytime} and {@code time}. A module registers its implementation in
 * {@code META-INF/services/dev.sockets.common.cli.LauncherCommands}, so {@code common} names no protocol.
 */
public interface LauncherCommands {

    /** The commands, in the order the launcher lists them. */
    Map<String, CommandLine> commands();
}
