package dev.sockets.common.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** {@code --verbose} / {@code --quiet}, mixed into every command. */
public final class Verbosity {

    @Option(names = {"-v", "--verbose"}, description = "Log more: connection-level events (DEBUG).")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Log only warnings and errors.")
    boolean quiet;

    /** Sets the log level of the whole process accordingly. */
    public void apply() {
        if (verbose && quiet) {
            throw UserError.usage("--verbose and --quiet exclude each other");
        }
        setLevel(verbose ? Level.DEBUG : quiet ? Level.WARN : Level.INFO);
    }

    public boolean quiet() {
        return quiet;
    }

    public boolean verbose() {
        return verbose;
    }

    static void setLevel(Level level) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(level);
        }
    }
}
