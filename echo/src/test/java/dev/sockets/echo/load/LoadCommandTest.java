package dev.sockets.echo.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.common.cli.Cli;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.testing.ServerFixture;
import dev.sockets.echo.CommandRun;
import dev.sockets.echo.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class LoadCommandTest {

    private static ServerFixture echo;

    @BeforeAll
    static void start() throws Exception {
        echo = ServerFixture.start(TestServers.echo());
    }

    @AfterAll
    static void stop() {
        echo.close();
    }

    private static CommandRun load(Endpoint e, String... more) {
        String[] a = new String[4 + more.length];
        a[0] = "load";
        a[1] = e.address().getHostAddress();
        a[2] = "--port";
        a[3] = String.valueOf(e.port());
        System.arraycopy(more, 0, a, 4, more.length);
        return CommandRun.of(a);
    }

    @Test
    void tcpLoadVerifiesEveryMessage() {
        CommandRun r = load(echo.tcp(), "--connections", "8", "--depth", "4", "--size", "3000", "--duration", "500ms", "--json");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(Cli.EXIT_OK);
        assertThat(r.json("verified")).isPositive().isEqualTo(r.json("sent"));
        assertThat(r.json("errors")).isZero();
        assertThat(r.json("mismatches")).isZero();
        assertThat(r.json("p50_ms")).isNotNull().isLessThanOrEqualTo(r.json("p99_ms"));
        assertThat(r.json("p999_ms")).isLessThanOrEqualTo(r.json("max_ms"));
        assertThat(r.json("msgs_per_s")).isPositive();
        assertThat(r.json("mb_per_s")).isPositive();
        assertThat(r.jsonString("server")).isEqualTo(echo.tcp().toString());
        assertThat(r.jsonString("transport")).isEqualTo("tcp");
        assertThat(r.json("size")).isEqualTo(3000.0);
    }

    @Test
    void udpLoadVerifiesEveryDatagram() {
        CommandRun r = load(echo.udp(), "--udp", "--connections", "4", "--depth", "2", "--duration", "500ms", "--json");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(Cli.EXIT_OK);
        assertThat(r.json("verified")).isPositive().isEqualTo(r.json("sent"));
        assertThat(r.json("lost")).isZero();
        assertThat(r.json("errors")).isZero();
        assertThat(r.jsonString("server")).isEqualTo(echo.udp().toString());
        assertThat(r.jsonString("transport")).isEqualTo("udp");
        assertThat(r.json("size")).isEqualTo(64.0);
    }

    @Test
    void humanReportHasThroughputPercentilesAndErrors() {
        CommandRun r = load(echo.tcp(), "--connections", "2", "--duration", "300ms");
        assertThat(r.exitCode()).isEqualTo(Cli.EXIT_OK);
        assertThat(r.out()).contains("echo load: tcp").containsPattern("verified in 0\\.3 s: \\d+ msgs/s, [0-9.]+ MB/s")
                .containsPattern("p50 [0-9.]+  p90 [0-9.]+  p99 [0-9.]+  p99\\.9 [0-9.]+  max [0-9.]+ ms")
                .contains("errors     0 (connect 0, i/o 0, mismatches 0, unanswered 0)");
    }

    @Test
    void theRateCapBoundsTheMessagesSent() {
        CommandRun r = load(echo.tcp(), "--connections", "4", "--rate", "40", "--duration", "500ms", "--json");
        assertThat(r.exitCode()).isEqualTo(Cli.EXIT_OK);
        // 40 msgs/s over 0.5 s: one time slot every 25 ms, only 20 of them before the end.
        assertThat(r.json("sent")).isPositive().isLessThanOrEqualTo(20.0);
    }

    @Test
    void corruptedEchoesAreCountedAndExitOne() throws Exception {
        try (ServerFixture bad = ServerFixture.start(TestServers.corrupting())) {
            // The duration counts from before connecting: 2 s, so that on a loaded machine each connection
            // still sends before the end and meets its one mismatch (a connection stops at the first).
            CommandRun tcp = load(bad.tcp(), "--connections", "2", "--duration", "2s", "--json");
            assertThat(tcp.exitCode()).isEqualTo(Cli.EXIT_FAILURE);
            assertThat(tcp.json("mismatches")).isEqualTo(2.0);
            assertThat(tcp.json("verified")).isZero();
            CommandRun udp = load(bad.udp(), "--udp", "--connections", "2", "--duration", "2s", "--json");
            assertThat(udp.exitCode()).isEqualTo(Cli.EXIT_FAILURE);
            assertThat(udp.json("mismatches")).isPositive();
            assertThat(udp.json("verified")).isZero();
        }
    }

    @Test
    void aServerThatNeverAnswersEndsTheRunWithinDurationPlusTimeout() throws Exception {
        try (ServerFixture silent = ServerFixture.start(TestServers.silent())) {
            CommandRun udp = load(silent.udp(), "--udp", "--connections", "2", "--duration", "200ms", "--timeout", "200ms", "--json");
            assertThat(udp.exitCode()).isEqualTo(Cli.EXIT_FAILURE);
            assertThat(udp.json("lost")).isEqualTo(udp.json("sent")).isPositive();
        }
    }

    @Test
    void badUsageExitsTwo() {
        assertThat(load(echo.tcp(), "--connections", "0").exitCode()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(load(echo.tcp(), "--duration", "forever").exitCode()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(load(echo.udp(), "--udp", "--size", "4").exitCode()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(load(echo.tcp(), "--depth", "0").exitCode()).isEqualTo(Cli.EXIT_USAGE);
    }
}
