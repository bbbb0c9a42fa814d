package dev.sockets.daytime;

import dev.sockets.common.cli.Cli;
import dev.sockets.common.server.Server;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import picocli.CommandLine;

/** Test helper: runs the real command line in-process with a given clock and captures its output. */
final class Commands {

    /** Exit status, standard output and standard error of one run. */
    record Run(int status, String out, String err) { }

    private Commands() {
    }

    static Run run(Clock clock, String... args) {
        CommandLine cl = Cli.commandLine(new DaytimeMain(clock));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    /** The server {@code daytime|time server ARGS} would run, built but not started. */
    static Server server(Clock clock, String... args) {
        return serverCommand(clock, args).server(clock);
    }

    /** The server command {@code daytime|time server ARGS} parses to. */
    static TimeOfDayServerCommand serverCommand(Clock clock, String... args) {
        CommandLine cl = Cli.commandLine(new DaytimeMain(clock));
        CommandLine.ParseResult parsed = cl.parseArgs(args);
        return (TimeOfDayServerCommand) parsed.subcommand().subcommand().commandSpec().userObject();
    }
}
