package dev.sockets.it;

import static dev.sockets.it.harness.JsonFields.integer;
import static dev.sockets.it.harness.JsonFields.number;
import static dev.sockets.it.harness.JsonFields.string;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.it.harness.ExternalProcess;
import dev.sockets.it.harness.Suite;
import dev.sockets.it.harness.Xinetd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our clients against somebody else's servers: xinetd's built-in echo, daytime and time services over
 * TCP and UDP (xinetd from a private config, in the foreground, on free loopback ports). Proves the
 * clients assume nothing beyond RFC 862/867/868, e.g. they read xinetd's {@code 27 NOV 2026 21:44:54 UTC}.
 */
@Timeout(90)
class XinetdInteropIT {

    private static final Duration EXIT = Duration.ofSeconds(30);
    private static final double SAME_CLOCK_SECONDS = 5;

    @TempDir
    static Path dir;

    static Xinetd xinetd;

    @BeforeAll
    static void startXinetd() throws IOException {
        xinetd = Xinetd.start(dir);
    }

    @AfterAll
    static void stopXinetd() {
        xinetd.close();
    }

    private static ExternalProcess run(Suite suite, String service, String... more) {
        List<String> args = new ArrayList<>(List.of("127.0.0.1", "--port", String.valueOf(xinetd.port(service))));
        args.addAll(List.of(more));
        ExternalProcess p = suite.start("client", args.toArray(String[]::new));
        p.closeStdin();
        return p;
    }

    @Test
    void echoClientPipedLinesThroughXinetd() throws IOException {
        Path input = Files.writeString(dir.resolve("lines.txt"), "hello xinetd\nsecond line\n");
        try (ExternalProcess client = Suite.ECHO.start(input, "client", "127.0.0.1", "--port",
                String.valueOf(xinetd.port("echo")))) {
            assertThat(client.awaitExit(EXIT)).as(client.describe()).isZero();
            assertThat(client.stdout()).isEqualTo("hello xinetd\nsecond line\n");
        }
    }

    @Test
    void echoClientMeasuresXinetdOverTcp() {
        try (ExternalProcess client = run(Suite.ECHO, "echo", "-c", "3", "-s", "1000", "-i", "10ms", "--json")) {
            assertThat(client.awaitExit(EXIT)).as(client.describe()).isZero();
            String json = client.stdout().strip();
            assertThat(integer(json, "received")).as(json).isEqualTo(3);
            assertThat(integer(json, "lost")).as(json).isZero();
        }
    }

    @Test
    void echoClientMeasuresXinetdOverUdp() {
        // xinetd's UDP echo truncates at 2048 bytes: stay below
        try (ExternalProcess client = run(Suite.ECHO, "echo", "--udp", "-c", "3", "-s", "1000", "-i", "10ms", "--json")) {
            assertThat(client.awaitExit(EXIT)).as(client.describe()).isZero();
            String json = client.stdout().strip();
            assertThat(integer(json, "received")).as(json).isEqualTo(3);
            assertThat(integer(json, "lost")).as(json).isZero();
        }
    }

    @Test
    void echoClientCatchesXinetdTruncatingLargeDatagrams() {
        // xinetd answers a 4096-byte datagram with its first 2048 bytes: the client must not count that as echoed
        try (ExternalProcess client = run(Suite.ECHO, "echo", "--udp", "-c", "2", "-s", "4096", "-t", "2s")) {
            assertThat(client.awaitExit(EXIT)).as(client.describe()).isEqualTo(1);
            assertThat(client.stdout()).as(client.describe()).contains("2048").contains("0 received");
        }
    }

    @Test
    void daytimeClientReadsXinetdsLineOverTcp() {
        checkDaytime();
    }

    @Test
    void daytimeClientReadsXinetdsLineOverUdp() {
        checkDaytime("--udp");
    }

    private static void checkDaytime(String... transport) {
        List<String> args = new ArrayList<>(List.of("--offset", "--json"));
        args.addAll(List.of(transport));
        try (ExternalProcess client = run(Suite.DAYTIME, "daytime", args.toArray(String[]::new))) {
            assertThat(client.awaitExit(EXIT)).as(client.describe()).isZero();
            String json = client.stdout().strip();
            // xinetd's own format, e.g. "27 NOV 2026 21:44:54 UTC"
            assertThat(string(json, "line")).matches("\\d{1,2} [A-Z]{3} \\d{4} \\d\\d:\\d\\d:\\d\\d \\S+");
            assertThat(Math.abs(number(json, "offset_seconds"))).as(json).isLessThan(SAME_CLOCK_SECONDS);
        }
    }

    @Test
    void timeClientReadsXinetdOverTcp() {
        checkTime();
    }

    @Test
    void timeClientReadsXinetdOverUdp() {
        checkTime("--udp");
    }

    private static void checkTime(String... transport) {
        List<String> args = new ArrayList<>(List.of("--json"));
        args.addAll(List.of(transport));
        try (ExternalProcess client = run(Suite.TIME, "time", args.toArray(String[]::new))) {
            assertThat(client.awaitExit(EXIT)).as(client.describe()).isZero();
            String json = client.stdout().strip();
            Instant t = Instant.parse(string(json, "time"));
            assertThat(integer(json, "value") - DaytimeTimeIT.SECONDS_1900_TO_1970).as(json).isEqualTo(t.getEpochSecond());
            DaytimeTimeIT.assertNow(t);
            assertThat(Math.abs(number(json, "offset_seconds"))).as(json).isLessThan(SAME_CLOCK_SECONDS);
        }
    }
}
