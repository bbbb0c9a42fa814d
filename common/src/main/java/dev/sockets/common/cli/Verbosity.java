package dev.sockets.common.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * {@code --verbose} / {@code --quiet} and {@code --log-format}, mixed into every command. Logs go to
 * stderr, as text lines or (for log shippers) one JSON object per line.
 */
public final class Verbosity {

    @Option(names = {"-v", "--verbose"}, description = "Log more: connection-level events (DEBUG).")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Log only warnings and errors.")
    boolean quiet;

    /** How log lines are written. */
    public enum LogFormat { text, json }

    // Not FORMAT: picocli names its completion variable after the label, and daytime's --format has that one.
    @Option(names = "--log-format", paramLabel = "LOG_FORMAT",
            description = "Log line format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); json = one object per line.")
    LogFormat logFormat = LogFormat.text;

    /** Sets the log level of the whole process accordingly. */
    public void apply() {
        if (verbose && quiet) {
            throw UserError.usage("--verbose and --quiet exclude each other");
        }
        setLevel(verbose ? Level.DEBUG : quiet ? Level.WARN : Level.INFO);
        if (logFormat == LogFormat.json) {
            useJson();
        }
    }

    /** Replaces the console appender's layout with {@link LogSetup.JsonLayout}. */
    static void useJson() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return;
        }
        ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        var appender = root.getAppender(LogSetup.APPENDER);
        if (appender instanceof ch.qos.logback.core.ConsoleAppender<ch.qos.logback.classic.spi.ILoggingEvent> console) {
            console.stop();
            var layout = new LogSetup.JsonLayout();
            layout.setContext(ctx);
            layout.start();
            var json = new ch.qos.logback.core.encoder.LayoutWrappingEncoder<ch.qos.logback.classic.spi.ILoggingEvent>();
            json.setContext(ctx);
            json.setLayout(layout);
            json.start();
            console.setEncoder(json);
            console.start();
        }
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
