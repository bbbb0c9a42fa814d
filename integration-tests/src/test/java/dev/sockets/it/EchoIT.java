package dev.sockets.it;

import static dev.sockets.it.harness.JsonFields.integer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.it.harness.ExternalProcess;
import dev.sockets.it.harness.OurServer;
import dev.sockets.it.harness.Suite;
import dev.sockets.it.harness.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The echo server as a process (TCP and UDP on one port) against clients nobody here wrote (OpenBSD
 * {@code nc}, {@code socat}) and against our own client and load generator; stopped with SIGTERM at the
 * end, where its stats line must account for the traffic.
 */
@Timeout(90)
class EchoIT {

    private static final Duration EXIT = Duration.ofSeconds(30);

    static OurServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        server = OurServer.start(Suite.ECHO);
    }

    @AfterAll
    static void stopServer() {
        try {
            Map<String, Long> stats = server.stop();
            // nc x2, socat TCP, our piped client, -c 5 (a connection each) and the load's 4 at least
            assertThat(stats).as("stats line counters").containsKey("connections_total");
            assertThat(stats.get("connections_total")).isGreaterThanOrEqualTo(12);
            assertThat(stats.get("connections_open")).isZero();
        } finally {
            server.close();
        }
    }

    private String port() {
        return String.valueOf(server.port());
    }

    @Test
    void ncHalfClosesAndGetsEveryLineBack() throws IOException {
        Path input = Files.writeString(dir.resolve("in.txt"), "hello\nworld\n");
        // -N: shutdown(SHUT_WR) after EOF on stdin; nc then exits when the server closes its side
        try (ExternalProcess nc = ExternalProcess.named("nc").command(Tools.nc(), "-N", "127.0.0.1", port())
                .stdin(input).start()) {
            assertThat(nc.awaitExit(EXIT)).as(nc.describe()).isZero();
            assertThat(nc.stdout()).isEqualTo("hello\nworld\n");
        }
    }

    @Test
    void ncBinaryDataComesBackByteForByte() throws IOException {
        byte[] data = everyByteValueShuffled(1024, 862); // 256 KiB holding every value, 0x00 and 0xff included
        Path input = Files.write(dir.resolve("in.bin"), data);
        try (ExternalProcess nc = ExternalProcess.named("nc").command(Tools.nc(), "-N", "127.0.0.1", port())
                .stdin(input).start()) {
            assertThat(nc.awaitExit(EXIT)).as(nc.describe()).isZero();
            assertThat(nc.stdoutBytes()).as("echoed bytes").isEqualTo(data);
        }
    }

    @Test
    void socatTcpRoundTripOfOneMebibyte() throws IOException {
        byte[] data = new byte[1 << 20];
        new Random(7).nextBytes(data);
        Path input = Files.write(dir.resolve("in.bin"), data);
        // socat half-closes on stdin EOF, then waits (-t) for the server to close: it closes once all is echoed
        try (ExternalProcess socat = ExternalProcess.named("socat")
                .command(Tools.socat(), "-t", "20", "-", "TCP:127.0.0.1:" + port()).stdin(input).start()) {
            assertThat(socat.awaitExit(EXIT)).as(socat.describe()).isZero();
            assertThat(socat.stdoutBytes()).as("echoed bytes").isEqualTo(data);
        }
    }

    @Test
    void socatUdpDatagramsAreEchoed() {
        try (ExternalProcess socat = ExternalProcess.named("socat udp")
                .command(Tools.socat(), "-", "UDP:127.0.0.1:" + port()).start()) {
            socat.write("first datagram\n");
            socat.awaitStdout("first datagram\n", Duration.ofSeconds(10));
            socat.write("second datagram\n");
            socat.awaitStdout("first datagram\nsecond datagram\n", Duration.ofSeconds(10));
            socat.closeStdin();
            assertThat(socat.awaitExit(EXIT)).as(socat.describe()).isZero();
            assertThat(socat.stdout()).isEqualTo("first datagram\nsecond datagram\n");
        }
    }

    @Test
    void ncOverIpv6Loopback() throws IOException {
        try (OurServer v6 = OurServer.startOn(Suite.ECHO, "::1", "--tcp")) {
            Path input = Files.writeString(dir.resolve("in.txt"), "over ::1\n");
            try (ExternalProcess nc = ExternalProcess.named("nc -6").command(Tools.nc(), "-6", "-N", "::1",
                    String.valueOf(v6.port())).stdin(input).start()) {
                assertThat(nc.awaitExit(EXIT)).as(nc.describe()).isZero();
                assertThat(nc.stdout()).isEqualTo("over ::1\n");
            }
            assertThat(v6.stop()).containsEntry("connections_total", 1L);
        }
    }

    @Test
    void ourClientEchoesPipedLinesAndExitsZero() throws IOException {
        Path input = Files.writeString(dir.resolve("in.txt"), "hello\nsecond line\n");
        try (ExternalProcess client = Suite.ECHO.start(input, "client", "127.0.0.1", "--port", port())) {
            assertThat(client.awaitExit(EXIT)).as(client.describe()).isZero();
            assertThat(client.stdout()).isEqualTo("hello\nsecond line\n");
        }
    }

    @Test
    void ourClientMeasuresTcpRoundTrips() {
        try (ExternalProcess client = Suite.ECHO.start("client", "127.0.0.1", "--port", port(),
                "-c", "5", "-s", "512", "-i", "10ms", "--json")) {
            client.closeStdin();
            assertThat(client.awaitExit(EXIT)).as(client.describe()).isZero();
            String json = client.stdout().trim();
            assertThat(integer(json, "sent")).isEqualTo(5);
            assertThat(integer(json, "received")).isEqualTo(5);
            assertThat(integer(json, "lost")).isZero();
        }
    }

    @Test
    void ourClientMeasuresLargeUdpRoundTrips() {
        try (ExternalProcess client = Suite.ECHO.start("client", "127.0.0.1", "--port", port(), "--udp",
                "-c", "5", "-s", "8192", "-i", "10ms", "--json")) {
            client.closeStdin();
            assertThat(client.awaitExit(EXIT)).as(client.describe()).isZero();
            String json = client.stdout().trim();
            assertThat(integer(json, "sent")).isEqualTo(5);
            assertThat(integer(json, "received")).isEqualTo(5);
            assertThat(integer(json, "lost")).isZero();
        }
    }

    @Test
    void ourLoadRunsTwoSecondsWithoutErrors() {
        try (ExternalProcess load = Suite.ECHO.start("load", "127.0.0.1", "--port", port(),
                "--connections", "4", "--duration", "2", "--size", "64", "--json")) {
            load.closeStdin();
            assertThat(load.awaitExit(EXIT)).as(load.describe()).isZero();
            String json = load.stdout().trim();
            assertThat(integer(json, "errors")).as(json).isZero();
            assertThat(integer(json, "mismatches")).as(json).isZero();
            assertThat(integer(json, "verified")).as(json).isPositive();
        }
    }

    /** {@code copies} of every byte value 0..255, shuffled with a fixed seed. */
    static byte[] everyByteValueShuffled(int copies, long seed) {
        byte[] data = new byte[256 * copies];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        Random r = new Random(seed);
        for (int i = data.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            byte t = data[i];
            data[i] = data[j];
            data[j] = t;
        }
        return data;
    }
}
