package dev.sockets.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

class LogSetupTest {

    private static LoggingEvent statsEvent() {
        LoggerContext ctx = new LoggerContext();
        LoggingEvent e = new LoggingEvent("fqcn", ctx.getLogger("dev.sockets.common.server.Server"), Level.INFO,
                "{}: stats", null, new Object[] {"echo"});
        e.setInstant(Instant.parse("2026-12-01T23:05:01.123Z"));
        e.setThreadName("echo-stats");
        e.setKeyValuePairs(List.of(new KeyValuePair("server", "echo"), new KeyValuePair("connections_total", 3L),
                new KeyValuePair("note", "say \"hi\"\n")));
        return e;
    }

    @Test
    void jsonHasAnIsoTimestampAndEachCounterAsAField() {
        assertThat(new LogSetup.JsonLayout().doLayout(statsEvent())).isEqualTo(
                "{\"timestamp\":\"2026-12-01T23:05:01.123Z\",\"level\":\"INFO\",\"logger\":\"dev.sockets.common.server.Server\","
                        + "\"thread\":\"echo-stats\",\"message\":\"echo: stats\",\"server\":\"echo\",\"connections_total\":3,"
                        + "\"note\":\"say \\\"hi\\\"\\n\"}" + System.lineSeparator());
    }

    @Test
    void textKeepsTheLogfmtLine() {
        assertThat(new LogSetup.LineLayout().doLayout(statsEvent())).isEqualTo(
                "2026-12-01T23:05:01.123Z INFO  echo: stats server=echo connections_total=3 note=say \"hi\"\n"
                        + System.lineSeparator());
    }
}
