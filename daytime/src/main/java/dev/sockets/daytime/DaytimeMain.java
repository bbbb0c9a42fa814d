package dev.sockets.daytime;

import dev.sockets.common.cli.Cli;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Entry point of {@code daytime.jar}: {@code daytime server|client} (RFC 867) and {@code time
 * server|client} (RFC 868). The launcher runs {@code ./sockets daytime server ...} as {@code java -jar
 * daytime.jar daytime server ...}.
 *
 * <p>The instance holds the {@link Clock} every subcommand tells or compares time with; tests create it
 * with a fixed clock. Subcommands find it through {@link #clockOf(CommandSpec)}.
 */
@Command(name = "sockets", mixinStandardHelpOptions = true, versionProvider = dev.sockets.common.cli.Cli.Version.class,
        description = "Time-of-day services: daytime (RFC 867, a line of text) and time (RFC 868, 32-bit seconds since 1900).",
        synopsisSubcommandLabel = "(daytime | time)",
        subcommands = {DaytimeMain.DaytimeCommand.class, DaytimeMain.TimeCommand.class})
public final class DaytimeMain implements Callable<Integer> {

    private final Clock clock;

    @Spec
    CommandSpec spec;

    public DaytimeMain() {
        this(Clock.systemUTC());
    }

    public DaytimeMain(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
    }

    public static void main(String[] args) {
        Cli.main(new DaytimeMain(), args);
    }

    public Clock clock() {
        return clock;
    }

    /** The clock of the {@link DaytimeMain} at the root of {@code spec}'s command tree. */
    static Clock clockOf(CommandSpec spec) {
        return spec.root().userObject() instanceof DaytimeMain main ? main.clock() : Clock.systemUTC();
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing protocol: daytime or time");
    }

    /** {@code daytime server|client}. */
    @Command(name = "daytime", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
            description = "Daytime (RFC 867): the server sends the date and time as one line of text.",
            synopsisSubcommandLabel = "(server | client)",
            subcommands = {DaytimeServerCommand.class, DaytimeClientCommand.class})
    static final class DaytimeCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            throw new ParameterException(spec.commandLine(), "missing role: server or client");
        }
    }

    /** {@code time server|client}. */
    @Command(name = "time", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
            description = "Time (RFC 868): the server sends the seconds since 1900-01-01T00:00Z as 4 bytes.",
            synopsisSubcommandLabel = "(server | client)",
            subcommands = {TimeServerCommand.class, TimeClientCommand.class})
    static final class TimeCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            throw new ParameterException(spec.commandLine(), "missing role: server or client");
        }
    }
}
