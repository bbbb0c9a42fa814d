package dev.sockets.common.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;

/**
 * Runs a picocli command the way every command of this suite behaves: a usage error prints one line
 * plus a {@code --help} hint and exits 2; a {@link UserError} (or an {@link IOException}, which is how
 * the network says no) prints one line and exits with its code; anything else is our bug and is logged
 * with its stack trace, exit 1. {@code --version} prints the suite's version.
 */
public final class Cli {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    private static final Logger log = LoggerFactory.getLogger(Cli.class);

    private Cli() {
    }

    /** Builds the command line with this suite's handlers. */
    public static CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpAutoWidth(true);
        cl.setParameterExceptionHandler(Cli::onParameterException);
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> onExecutionException(ex, line));
        cl.setExitCodeExceptionMapper(exitCodes());
        return cl;
    }

    /** Parses {@code args}, runs the command and returns its exit status. */
    public static int run(Object command, String... args) {
        return commandLine(command).execute(args);
    }

    /** {@link #run} then {@link System#exit}. */
    public static void main(Object command, String... args) {
        System.exit(run(command, args));
    }

    private static int onParameterException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        String name = commandName(cl);
        err.println(name + ": " + ex.getMessage());
        err.println("Try '" + name + " --help' for more information.");
        err.flush();
        return EXIT_USAGE;
    }

    private static int onExecutionException(Exception ex, CommandLine line) {
        PrintWriter err = line.getErr();
        String name = commandName(line);
        Throwable t = ex;
        if (t instanceof UncheckedIOException u) {
            t = u.getCause();
        }
        if (t instanceof UserError u) {
            err.println(name + ": " + u.getMessage());
            if (u.exitCode() == EXIT_USAGE) {
                err.println("Try '" + name + " --help' for more information.");
            }
            err.flush();
            return u.exitCode();
        }
        if (t instanceof CommandLine.TypeConversionException || t instanceof IllegalArgumentException) {
            err.println(name + ": " + t.getMessage());
            err.flush();
            return EXIT_USAGE;
        }
        if (t instanceof IOException io) {
            err.println(name + ": " + (io.getMessage() == null ? io.toString() : io.getMessage()));
            err.flush();
            return EXIT_FAILURE;
        }
        log.error("{}: unexpected failure (a bug: please report it with this trace)", name, t);
        return EXIT_FAILURE;
    }

    /**
     * The name a message starts with: the command path without the launcher's own name, so that every
     * jar says e.g. {@code echo server: ...} and {@code daytime server: ...} alike.
     */
    static String commandName(CommandLine cl) {
        String q = cl.getCommandSpec().qualifiedName();
        return q.startsWith("sockets ") ? q.substring("sockets ".length()) : q;
    }

    private static IExitCodeExceptionMapper exitCodes() {
        return t -> t instanceof UserError u ? u.exitCode() : EXIT_FAILURE;
    }

    /** The suite's version, from the build. */
    public static String version() {
        Properties p = new Properties();
        try (InputStream in = Cli.class.getResourceAsStream("/dev/sockets/common/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }

    /** picocli version provider: {@code sockets 1.0.0 (Java 25, OpenJDK 64-Bit Server VM)}. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sockets " + version() + " (Java " + Runtime.version().feature() + ", "
                    + System.getProperty("java.vm.name") + ")"};
        }
    }
}
