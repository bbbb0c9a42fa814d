package dev.sockets.it;

import static dev.sockets.it.harness.JsonFields.integer;
import static dev.sockets.it.harness.JsonFields.number;
import static dev.sockets.it.harness.JsonFields.string;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.it.harness.ExternalProcess;
import dev.sockets.it.harness.OurServer;
import dev.sockets.it.harness.Suite;
import dev.sockets.it.harness.Tools;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daytime (RFC 867) and time (RFC 868) servers as processes, read by {@code nc} and {@code socat}
 * over TCP and UDP and by our own clients; the times they give must be this machine's clock (same
 * host, so within a couple of seconds: a wrong epoch, zone or byte order is off by hours or years).
 */
@Timeout(90)
class DaytimeTimeIT {

    private static final Duration EXIT = Duration.ofSeconds(30);
    private static final Duration SAME_CLOCK = Duration.ofSeconds(5);
    /** RFC 867 default format of our server: {@code Friday, November 27, 2026 21:04:05-UTC}. */
    static final DateTimeFormatter RFC867 = DateTimeFormatter.ofPattern("EEEE, MMMM d, uuuu HH:mm:ss'-UTC'", Locale.ENGLISH);
    /** Seconds from 1900-01-01T00:00Z to the Unix epoch. */
    static final long SECONDS_1900_TO_1970 = 2_208_988_800L;

    static OurServer daytime;
    static OurServer time;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServers() {
        daytime = OurServer.start(Suite.DAYTIME);
        time = OurServer.start(Suite.TIME);
    }

    @AfterAll
    static void stopServers() {
        try {
            for (OurServer s : new OurServer[] {daytime, time}) {
                Map<String, Long> stats = s.stop();
                assertThat(stats.get("connections_total")).as("TCP connections served by %s", s.host()).isGreaterThanOrEqualTo(2);
                assertThat(stats.get("connections_open")).isZero();
                assertThat(stats.get("datagrams_in")).as("datagrams received").isGreaterThanOrEqualTo(2);
            }
        } finally {
            daytime.close();
            time.close();
        }
    }

    @Test
    void ncGetsOneDaytimeLineThenEndOfStream() throws IOException {
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        try (ExternalProcess nc = ExternalProcess.named("nc").command(Tools.nc(), "-N", "127.0.0.1",
                String.valueOf(daytime.port())).stdin(empty).start()) {
            assertThat(nc.awaitExit(EXIT)).as(nc.describe()).isZero();
            String reply = nc.stdout();
            assertThat(reply).as("exactly one CRLF-terminated line").endsWith("\r\n").hasLineCount(1);
            assertNow(parseRfc867(reply.strip()));
        }
    }

    @Test
    void socatGetsTheDaytimeLineOverUdp() {
        try (ExternalProcess socat = ExternalProcess.named("socat udp")
                .command(Tools.socat(), "-", "UDP:127.0.0.1:" + daytime.port()).start()) {
            socat.write("any datagram: its content is ignored\n");
            String reply = socat.awaitStdout("\r\n", Duration.ofSeconds(10));
            assertNow(parseRfc867(reply.strip()));
            socat.closeStdin();
            assertThat(socat.awaitExit(EXIT)).as(socat.describe()).isZero();
        }
    }

    @Test
    void ncGetsFourBytesOfTimeThenEndOfStream() throws IOException {
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        try (ExternalProcess nc = ExternalProcess.named("nc").command(Tools.nc(), "-N", "127.0.0.1",
                String.valueOf(time.port())).stdin(empty).start()) {
            assertThat(nc.awaitExit(EXIT)).as(nc.describe()).isZero();
            byte[] reply = nc.stdoutBytes();
            assertThat(reply).as("RFC 868 reply over TCP").hasSize(4);
            assertNow(rfc868(reply));
        }
    }

    @Test
    void socatGetsFourBytesOfTimeOverUdp() {
        try (ExternalProcess socat = ExternalProcess.named("socat udp")
                .command(Tools.socat(), "-", "UDP:127.0.0.1:" + time.port()).start()) {
            socat.write("?");
            byte[] reply = socat.awaitStdoutBytes(4, Duration.ofSeconds(10));
            assertThat(reply).as("one RFC 868 datagram").hasSize(4);
            assertNow(rfc868(reply));
            socat.closeStdin();
            assertThat(socat.awaitExit(EXIT)).as(socat.describe()).isZero();
        }
    }

    @Test
    void ourDaytimeClientReadsOurLineAndItsOffset() {
        try (ExternalProcess client = Suite.DAYTIME.start("client", "127.0.0.1", "--port",
                String.valueOf(daytime.port()), "--offset", "--json")) {
            client.closeStdin();
            assertThat(client.awaitExit(EXIT)).as(client.describe()).isZero();
            String json = client.stdout().strip();
            assertNow(parseRfc867(string(json, "line")));
            assertNow(Instant.parse(string(json, "time")));
            assertThat(Math.abs(number(json, "offset_seconds"))).as(json).isLessThan(SAME_CLOCK.toSeconds());
        }
    }

    @Test
    void ourDaytimeClientOverUdp() {
        try (ExternalProcess client = Suite.DAYTIME.start("client", "127.0.0.1", "--port",
                String.valueOf(daytime.port()), "--udp")) {
            client.closeStdin();
            assertThat(client.awaitExit(EXIT)).as(client.describe()).isZero();
            assertNow(parseRfc867(client.stdout().strip()));
        }
    }

    @Test
    void ourTimeClientOverTcp() {
        checkTimeClient();
    }

    @Test
    void ourTimeClientOverUdp() {
        checkTimeClient("--udp");
    }

    private static void checkTimeClient(String... transport) {
        java.util.List<String> args = new java.util.ArrayList<>(
                java.util.List.of("127.0.0.1", "--port", String.valueOf(time.port()), "--json"));
        args.addAll(java.util.List.of(transport));
        try (ExternalProcess client = Suite.TIME.start("client", args.toArray(String[]::new))) {
            client.closeStdin();
            assertThat(client.awaitExit(EXIT)).as(client.describe()).isZero();
            String json = client.stdout().strip();
            Instant t = Instant.parse(string(json, "time"));
            assertNow(t);
            assertThat(integer(json, "value") - SECONDS_1900_TO_1970).as(json).isEqualTo(t.getEpochSecond());
            assertThat(Math.abs(number(json, "offset_seconds"))).as(json).isLessThan(SAME_CLOCK.toSeconds());
        }
    }

    static Instant parseRfc867(String line) {
        return LocalDateTime.parse(line, RFC867).toInstant(ZoneOffset.UTC);
    }

    /** RFC 868: 32-bit big-endian unsigned seconds since 1900 (era 0 until 2036). */
    static Instant rfc868(byte[] reply) {
        long seconds = Integer.toUnsignedLong(ByteBuffer.wrap(reply).getInt());
        return Instant.ofEpochSecond(seconds - SECONDS_1900_TO_1970);
    }

    static void assertNow(Instant t) {
        Instant now = Instant.now();
        assertThat(t).as("a time from this machine's clock").isBetween(now.minus(SAME_CLOCK), now.plus(SAME_CLOCK));
    }
}
