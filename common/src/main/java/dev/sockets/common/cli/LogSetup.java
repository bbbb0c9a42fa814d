package dev.sockets.common.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.event.KeyValuePair;

/**
 * Logging set up in code rather than from a logback.xml: one line per event on stderr,
 * {@code 2026-11-27T21:04:05.123Z INFO  echo: listening on ...}, or with {@code --log-format json} one
 * JSON object per line ({@link JsonLayout}). An event's SLF4J key-value pairs (the counters of a stats
 * line) follow the message as {@code key=value} in text and are fields of their own in JSON. Parsing an XML configuration took
 * about 0.7 s of a server's 1.3 s start-up on the 2-core test machine; this takes a few milliseconds.
 * Found by logback through {@code META-INF/services}; the root level is INFO (or the system property
 * {@code sockets.log.level}); {@link Verbosity} changes level and format afterwards.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {

    /** The appender's name, which {@link Verbosity} looks up to switch to JSON. */
    static final String APPENDER = "STDERR";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        LineLayout layout = new LineLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName(APPENDER);
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty("sockets.log.level"), Level.INFO));
        root.addAppender(stderr);
        // Libraries that narrate their routine work at INFO (the connection pool starting, each schema check)
        // say only what needs attention; the server logs the one line that matters (chat: "store ...").
        for (String chatty : new String[] {"com.zaxxer.hikari", "org.flywaydb"}) {
            context.getLogger(chatty).setLevel(Level.WARN);
        }
        // A database outage breaks every pooled connection, and the pool reports each one as a WARN with the
        // driver's whole stack trace; the chat server logs the outage itself, once, in one line, and counts it.
        context.getLogger("com.zaxxer.hikari.pool.ProxyConnection").setLevel(Level.ERROR);
        // SQLite's driver unpacks its native library into the temporary directory and, at start, deletes
        // the copies other processes left; two servers starting at once race for the same stale copy and
        // the loser logs an ERROR with a stack trace about a file that is already gone. A library that
        // really cannot load fails opening the store, which says so in one line.
        context.getLogger("org.sqlite.SQLiteJDBCLoader").setLevel(Level.OFF);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
            .withZone(ZoneOffset.UTC);

    /** {@code TIMESTAMP LEVEL MESSAGE key=value...}, then the stack trace if the event carries one. */
    static final class LineLayout extends LayoutBase<ILoggingEvent> {

        @Override
        public String doLayout(ILoggingEvent event) {
            StringBuilder sb = new StringBuilder(128);
            TIME.formatTo(Instant.ofEpochMilli(event.getTimeStamp()), sb);
            String level = event.getLevel().toString();
            sb.append(' ').append(level);
            sb.append(" ".repeat(Math.max(1, 6 - level.length())));
            sb.append(event.getFormattedMessage());
            if (event.getKeyValuePairs() != null) {
                for (KeyValuePair kv : event.getKeyValuePairs()) {
                    sb.append(' ').append(kv.key).append('=').append(kv.value);
                }
            }
            sb.append(CoreConstants.LINE_SEPARATOR);
            if (event.getThrowableProxy() != null) {
                sb.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append(CoreConstants.LINE_SEPARATOR);
            }
            return sb.toString();
        }
    }

    /**
     * {@code {"timestamp":"2026-12-01T23:05:01.123Z","level":"INFO","logger":"...","thread":"main",
     * "message":"echo: stats","server":"echo","connections_total":3,...}}: the timestamp as people and
     * log shippers read it, counters as JSON numbers a query can compare.
     */
    static final class JsonLayout extends LayoutBase<ILoggingEvent> {
        @Override
        public String doLayout(ILoggingEvent event) {
            StringBuilder sb = new StringBuilder(256).append("{\"timestamp\":\"");
            TIME.formatTo(Instant.ofEpochMilli(event.getTimeStamp()), sb);
            sb.append('"');
            field(sb, "level", event.getLevel().toString());
            field(sb, "logger", event.getLoggerName());
            field(sb, "thread", event.getThreadName());
            field(sb, "message", event.getFormattedMessage());
            if (event.getKeyValuePairs() != null) {
                for (KeyValuePair kv : event.getKeyValuePairs()) {
                    if (kv.value instanceof Number n && Double.isFinite(n.doubleValue()) || kv.value instanceof Boolean) {
                        string(sb.append(','), kv.key).append(':').append(kv.value);
                    } else {
                        field(sb, kv.key, String.valueOf(kv.value));
                    }
                }
            }
            if (event.getThrowableProxy() != null) {
                field(sb, "exception", ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
            return sb.append('}').append(CoreConstants.LINE_SEPARATOR).toString();
        }

        private static void field(StringBuilder sb, String key, String value) {
            string(sb.append(','), key).append(':');
            string(sb, value);
        }

        private static StringBuilder string(StringBuilder sb, String s) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            return sb.append('"');
        }
    }
}
