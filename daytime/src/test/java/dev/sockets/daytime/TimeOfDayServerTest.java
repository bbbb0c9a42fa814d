package dev.sockets.daytime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Server;
import dev.sockets.common.testing.LineClient;
import dev.sockets.common.testing.ServerFixture;
import dev.sockets.common.udp.DatagramClient;
import dev.sockets.common.udp.LoopGuard;
import dev.sockets.common.udp.UdpPolicy;
import dev.sockets.daytime.protocol.DaytimeFormat;
import dev.sockets.daytime.protocol.TimeOfDayService;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class TimeOfDayServerTest {

    private static final Instant NOW = Instant.parse("2026-11-27T21:04:05.678Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String LINE = "Friday, November 27, 2026 21:04:05-UTC\r\n";
    private static final String[] DAYTIME = {"daytime", "server", "--bind", "127.0.0.1", "--port", "0"};
    private static final String[] TIME = {"time", "server", "--bind", "127.0.0.1", "--port", "0"};

    @Test
    void everyOptionWithAValueShowsItsDefault() {
        org.assertj.core.api.Assertions.assertThat(dev.sockets.common.testing.HelpCheck.optionsWithoutDefault(
                dev.sockets.common.cli.Cli.commandLine(new DaytimeMain()))).isEmpty();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"daytime server, 13", "daytime client, 13", "time server, 37",
            "time client, 37"})
    void everyHelpNamesTheLauncherAndShowsTheProtocolsPort(String command, int port) {
        Commands.Run help = Commands.run(java.time.Clock.systemUTC(), (command + " --help").split(" "));
        org.assertj.core.api.Assertions.assertThat(help.status()).isZero();
        org.assertj.core.api.Assertions.assertThat(help.out().replaceAll("\\s+", " "))
                .startsWith("Usage: sockets " + command + " [options]").contains("Default: " + port + ".")
                .endsWith("-h, --help Show this help message and exit. -V, --version Print version information and exit. ");
    }

    @Test
    void tcpReplyIsExactlyOneLineThenEndOfStreamWithoutAnyInput() throws Exception {
        try (ServerFixture f = ServerFixture.start(Commands.server(CLOCK, DAYTIME)); LineClient c = f.connect()) {
            assertThat(new String(c.readToEnd(), StandardCharsets.US_ASCII)).isEqualTo(LINE);
        }
    }

    @Test
    void formatAndZoneOptionsShapeTheLine() throws Exception {
        Server server = Commands.server(CLOCK, "daytime", "server", "--bind", "127.0.0.1", "--port", "0",
                "--format", "iso8601-ms", "--zone", "Asia/Kolkata");
        try (ServerFixture f = ServerFixture.start(server); LineClient c = f.connect()) {
            assertThat(new String(c.readToEnd(), StandardCharsets.US_ASCII)).isEqualTo("2026-11-28T02:34:05.678+05:30\r\n");
        }
    }

    @Test
    void timeTcpReplyIsFourBytesThenEndOfStream() throws Exception {
        try (ServerFixture f = ServerFixture.start(Commands.server(CLOCK, TIME)); LineClient c = f.connect()) {
            long expected = NOW.getEpochSecond() + 2_208_988_800L;
            assertThat(c.readToEnd()).containsExactly(
                    (byte) (expected >>> 24), (byte) (expected >>> 16), (byte) (expected >>> 8), (byte) expected);
        }
    }

    @Test
    void udpAnswersEmptyAndGarbageDatagrams() throws Exception {
        try (ServerFixture f = ServerFixture.start(Commands.server(CLOCK, DAYTIME));
             DatagramClient udp = DatagramClient.open(f.udp())) {
            assertThat(udp.exchange(new byte[0], Duration.ofSeconds(5))).hasValue(LINE.getBytes(StandardCharsets.US_ASCII));
            byte[] garbage = new byte[1500];
            new Random(42).nextBytes(garbage);
            assertThat(udp.exchange(garbage, Duration.ofSeconds(5))).hasValue(LINE.getBytes(StandardCharsets.US_ASCII));
            assertThat(udp.exchange("what time is it?\r\n".getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(5)))
                    .hasValue(LINE.getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void timeUdpAnswersWithFourBytes() throws Exception {
        try (ServerFixture f = ServerFixture.start(Commands.server(CLOCK, TIME));
             DatagramClient udp = DatagramClient.open(f.udp())) {
            assertThat(udp.exchange(new byte[0], Duration.ofSeconds(5)).orElseThrow()).hasSize(4);
            assertThat(udp.exchange(new byte[] {1, 2, 3}, Duration.ofSeconds(5)).orElseThrow()).hasSize(4);
        }
    }

    @Test
    void theUdpPolicyGuardsTheServicePortsAndBoundsTheReply() {
        UdpPolicy daytime = Commands.serverCommand(CLOCK, DAYTIME).udpPolicy();
        UdpPolicy time = Commands.serverCommand(CLOCK, TIME).udpPolicy();
        for (UdpPolicy p : List.of(daytime, time)) {
            assertThat(p.loopGuard().blocks(13)).isTrue();
            assertThat(p.loopGuard().blocks(37)).isTrue();
            assertThat(p.loopGuard().blocks(40_000)).isFalse();
            assertThat(p.rateLimiter()).isNotNull();
        }
        assertThat(daytime.maxReplyBytes()).isEqualTo(DaytimeFormat.MAX_LINE_BYTES);
        assertThat(time.maxReplyBytes()).isEqualTo(4);
        UdpPolicy allowing = Commands.serverCommand(CLOCK, "time", "server", "--udp-allow-source-ports", "37").udpPolicy();
        assertThat(allowing.loopGuard().blocks(37)).isFalse();
        assertThat(allowing.loopGuard().blocks(13)).isTrue();
    }

    @Test
    void aDatagramFromAGuardedPortIsDroppedAndTheNextNormalOneAnswered() throws Exception {
        try (DatagramSocket guarded = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            // Binding 13 or 37 needs root, so the guard is given the port of a socket we own.
            UdpPolicy policy = new UdpPolicy(new LoopGuard(Set.of(13, 37, guarded.getLocalPort())), null, 64);
            TimeOfDayService service = TimeOfDayService.daytime(CLOCK, DaytimeFormat.RFC867, ZoneOffset.UTC);
            Server server = Server.builder("daytime").udp(Endpoint.loopback(0), service.datagramHandler(), policy).build();
            try (ServerFixture f = ServerFixture.start(server); DatagramClient normal = DatagramClient.open(f.udp())) {
                byte[] empty = new byte[0];
                guarded.send(new DatagramPacket(empty, 0, f.udp().toSocketAddress()));
                // One receive thread serves datagrams in order: once the next one is answered, the guarded
                // one has been dealt with.
                assertThat(normal.exchange(empty, Duration.ofSeconds(5))).hasValue(LINE.getBytes(StandardCharsets.US_ASCII));
                assertThat(server.stats().toLogfmt()).contains("dropped_loop=1").contains("datagrams_out=1");
                guarded.setSoTimeout(50);
                DatagramPacket p = new DatagramPacket(new byte[100], 100);
                try {
                    guarded.receive(p);
                    throw new AssertionError("a datagram from a guarded port was answered");
                } catch (SocketTimeoutException expected) {
                    // nothing came back
                }
            }
        }
    }

    @Test
    void udpRateLimitFromTheCommandLineApplies() throws Exception {
        Server server = Commands.server(CLOCK, "daytime", "server", "--bind", "127.0.0.1", "--port", "0", "--udp",
                "--udp-rate", "0.001", "--udp-burst", "1");
        assertThat(server.tcpEndpoint()).isNull();
        try (ServerFixture f = ServerFixture.start(server); DatagramClient udp = DatagramClient.open(f.udp())) {
            assertThat(udp.exchange(new byte[0], Duration.ofSeconds(5))).isPresent();
            udp.send(new byte[0]);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().toLogfmt().contains("dropped_rate=1"));
            assertThat(server.tcpEndpoint()).isNull();
        }
    }

    @Test
    void hundredConcurrentTcpClientsAreAllAnswered() throws Exception {
        try (ServerFixture f = ServerFixture.start(Commands.server(CLOCK, DAYTIME));
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> replies = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                replies.add(clients.submit(() -> {
                    try (LineClient c = f.connect()) {
                        return new String(c.readToEnd(), StandardCharsets.US_ASCII);
                    }
                }));
            }
            for (Future<String> r : replies) {
                assertThat(r.get(10, TimeUnit.SECONDS)).isEqualTo(LINE);
            }
            assertThat(f.server().stats().toLogfmt()).contains("connections_total=100");
        }
    }

    @Test
    void aClientThatNeverReadsHoldsNothingUp() throws Exception {
        try (ServerFixture f = ServerFixture.start(Commands.server(CLOCK, DAYTIME)); Socket silent = new Socket()) {
            silent.setReceiveBufferSize(1);
            silent.connect(f.tcp().toSocketAddress(), 5000);
            silent.getOutputStream().write("never reading\r\n".getBytes(StandardCharsets.US_ASCII));
            try (LineClient next = f.connect()) {
                assertThat(new String(next.readToEnd(), StandardCharsets.US_ASCII)).isEqualTo(LINE);
            }
            // its handler wrote and returned without waiting for it
            await().atMost(Duration.ofSeconds(5)).until(() -> f.server().openConnections() == 0);
        }
    }

    @Test
    void writeTimeoutIsShortUnlessTheUserChoseOne() {
        assertThat(Commands.server(CLOCK, DAYTIME).limits().writeTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(Commands.server(CLOCK, "time", "server", "--port", "0", "--write-timeout", "12s").limits().writeTimeout())
                .isEqualTo(Duration.ofSeconds(12));
    }
}
