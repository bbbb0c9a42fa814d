package dev.sockets.echo.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.common.cli.Cli;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.testing.ServerFixture;
import dev.sockets.echo.CommandRun;
import dev.sockets.echo.EchoMain;
import dev.sockets.echo.TestServers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

@Timeout(30)
class ClientCommandTest {

    private static ServerFixture echo;
    private static ServerFixture corrupting;
    private static ServerFixture silent;

    @BeforeAll
    static void start() throws Exception {
        echo = ServerFixture.start(TestServers.echo());
        corrupting = ServerFixture.start(TestServers.corrupting());
        silent = ServerFixture.start(TestServers.silent());
    }

    @AfterAll
    static void stop() {
        echo.close();
        corrupting.close();
        silent.close();
    }

    private static String[] args(Endpoint e, String... more) {
        String[] a = new String[4 + more.length];
        a[0] = "client";
        a[1] = e.address().getHostAddress();
        a[2] = "--port";
        a[3] = String.valueOf(e.port());
        System.arraycopy(more, 0, a, 4, more.length);
        return a;
    }

    @Test
    void measuresEachMessageAndSummarises() {
        CommandRun r = CommandRun.of(args(echo.tcp(), "-c", "3", "-s", "1000", "-i", "0"));
        assertThat(r.exitCode()).isEqualTo(Cli.EXIT_OK);
        assertThat(r.out()).containsPattern("1000 bytes from 127\\.0\\.0\\.1:\\d+ \\(tcp\\): seq=1 time=\\d+\\.\\d{3} ms")
                .contains("seq=3 time=")
                .contains("3 sent, 3 received, 0 lost (0.0%)")
                .containsPattern("rtt min/avg/median/max/stddev = [0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+ ms");
    }

    @Test
    void jsonSummaryOverOneKeptConnection() {
        CommandRun r = CommandRun.of(args(echo.tcp(), "-c", "5", "-i", "0", "--keep", "--json"));
        assertThat(r.exitCode()).isEqualTo(Cli.EXIT_OK);
        assertThat(r.out().strip()).startsWith("{\"server\":\"" + echo.tcp() + "\",\"transport\":\"tcp\",\"size\":256,"
                        + "\"sent\":5,\"received\":5,\"lost\":0,\"min_ms\":").endsWith("}")
                .doesNotContain("\n");
        assertThat(r.json("min_ms")).isLessThanOrEqualTo(r.json("median_ms"));
        assertThat(r.json("median_ms")).isLessThanOrEqualTo(r.json("max_ms"));
        assertThat(r.json("avg_ms")).isBetween(r.json("min_ms"), r.json("max_ms"));
        assertThat(r.json("stddev_ms")).isNotNull();
        assertThat(echo.server().stats().connectionsTotal()).isPositive();
    }

    @Test
    void theLargestTcpMessageTheHelpAllowsComesBackWhole() {
        // Far larger than both socket buffers: it only flows if the client reads while it writes.
        // The timeout is the test's bound, not a speed claim: 64 MiB through a loaded 2-core machine can take seconds.
        CommandRun r = CommandRun.of(args(echo.tcp(), "-c", "1", "-t", "60s", "-s", String.valueOf(ClientCommand.MAX_TCP_SIZE), "--json"));
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(Cli.EXIT_OK);
        assertThat(r.json("received")).isEqualTo(1.0);
        assertThat(r.json("size")).isEqualTo((double) ClientCommand.MAX_TCP_SIZE);
        assertThat(CommandRun.of(args(echo.tcp(), "-c", "1", "-s", String.valueOf(ClientCommand.MAX_TCP_SIZE + 1))).exitCode())
                .isEqualTo(Cli.EXIT_USAGE);
    }

    @Test
    void udpMeasurementIncludingEmptyAndLargestDatagrams() {
        for (String size : new String[] {"0", "65507"}) {
            CommandRun r = CommandRun.of(args(echo.udp(), "--udp", "-c", "2", "-i", "0", "-s", size, "--json"));
            assertThat(r.exitCode()).as(r.err()).isEqualTo(Cli.EXIT_OK);
            assertThat(r.json("received")).isEqualTo(2.0);
            // the same keys as daytime/time --json, so one script reads every client's output
            assertThat(r.jsonString("server")).isEqualTo(echo.udp().toString());
            assertThat(r.jsonString("transport")).isEqualTo("udp");
            assertThat(r.json("size")).isEqualTo(Double.valueOf(size));
        }
    }

    @Test
    void corruptedEchoesAreMismatchesAndExitOne() {
        CommandRun tcp = CommandRun.of(args(corrupting.tcp(), "-c", "2", "-i", "0"));
        assertThat(tcp.exitCode()).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(tcp.out()).contains("seq=1: byte 0 differs").contains("2 sent, 0 received, 2 lost");
        CommandRun udp = CommandRun.of(args(corrupting.udp(), "--udp", "-c", "1", "-t", "2s", "--json"));
        assertThat(udp.exitCode()).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(udp.json("lost")).isEqualTo(1.0);
        assertThat(udp.json("min_ms")).isNull();
    }

    @Test
    void noEchoIsALossAndExitsOne() {
        CommandRun tcp = CommandRun.of(args(silent.tcp(), "-c", "1", "--keep"));
        assertThat(tcp.exitCode()).isEqualTo(Cli.EXIT_FAILURE);
        // The server closes with our message unread, so we may see its FIN or its reset first.
        assertThat(tcp.out()).containsPattern("seq=1: connection (closed by the server|reset) after 0 of 256 bytes");
        CommandRun udp = CommandRun.of(args(silent.udp(), "--udp", "-c", "1", "-t", "200ms"));
        assertThat(udp.exitCode()).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(udp.out()).contains("seq=1: no reply from").contains("within 200ms").contains("1 lost (100.0%)");
    }

    @Test
    void badUsageExitsTwo() {
        assertThat(CommandRun.of(args(echo.tcp(), "-c", "0")).exitCode()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(CommandRun.of(args(echo.tcp(), "-s", "0")).exitCode()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(CommandRun.of(args(echo.udp(), "--udp", "-s", "65508")).exitCode()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(CommandRun.of(args(echo.udp(), "--udp", "--keep")).exitCode()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(CommandRun.of(args(echo.tcp(), "-t", "soon")).exitCode()).isEqualTo(Cli.EXIT_USAGE);
        CommandRun r = CommandRun.of("client", "--port", "99999");
        assertThat(r.exitCode()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(r.err()).contains("99999").contains("--help");
    }

    private static CommandRun lineMode(Endpoint server, String input, ByteArrayOutputStream stdout, String... more) {
        CommandLine cl = Cli.commandLine(new EchoMain());
        ClientCommand client = (ClientCommand) cl.getSubcommands().get("client").getCommand();
        client.stdin = new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8));
        client.stdout = stdout;
        return CommandRun.of(cl, args(server, more));
    }

    @Test
    void pipedLinesComeBackAndTheClientExitsAfterTheLastByte() {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        String input = "hello\n" + "x".repeat(200_000) + "\nlast line without newline";
        CommandRun r = lineMode(echo.tcp(), input, stdout);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(Cli.EXIT_OK);
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo(input);
    }

    @Test
    void pipedLinesOverUdp() {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        CommandRun r = lineMode(echo.udp(), "hello\nworld\n", stdout, "--udp");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(Cli.EXIT_OK);
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("hello\nworld\n");
    }

    @Test
    void lineModeReportsAServerThatClosesEarlyOrDoesNotAnswer() {
        CommandRun tcp = lineMode(silent.tcp(), "hello\n", new ByteArrayOutputStream(), "-t", "1s");
        assertThat(tcp.exitCode()).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(tcp.err()).containsAnyOf("got 0 of 6 bytes back", "connection closed by the server", "reset");
        CommandRun udp = lineMode(silent.udp(), "hello\n", new ByteArrayOutputStream(), "--udp", "-t", "200ms");
        assertThat(udp.exitCode()).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(udp.err()).contains("no reply to line 1 within 200ms");
    }

    @Test
    void connectingToAClosedPortIsOneLineAndExitOne() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        CommandRun r = lineMode(Endpoint.loopback(closedPort), "hello\n", new ByteArrayOutputStream());
        assertThat(r.exitCode()).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(r.err().strip()).contains("cannot connect").doesNotContain("\n").doesNotContain("Exception");
    }
}
