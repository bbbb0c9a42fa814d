package dev.sockets.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.udp.DatagramClient;
import dev.sockets.it.harness.ExternalProcess;
import dev.sockets.it.harness.OnFreePort;
import dev.sockets.it.harness.Suite;
import dev.sockets.it.harness.Tools;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our servers started the way systemd socket activation and inetd start them, with the socket on
 * standard input (what packaging/ sets up): a listening socket (systemd {@code Accept=no}, inetd
 * {@code wait}) is served like our own listener; a connected one (systemd {@code Accept=yes}, inetd
 * {@code nowait}) is served once and the process exits; a datagram socket is the UDP service.
 * {@code systemd-socket-activate} (Debian {@code systemd}) and {@code xinetd} hand the sockets over to
 * the {@code ./sockets} launcher, as the units and examples in packaging/ do.
 */
@Timeout(120)
class InheritedSocketIT {

    private static final Duration JVM_START = Duration.ofSeconds(30);
    private static final Duration ACTIVATOR_START = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    /** What systemd-socket-activate logs once it holds the socket on {@code port}. */
    private static String activatorListening(int port) {
        return "Listening on 127.0.0.1:" + port;
    }

    /** The launcher, as the units in packaging/ run it. */
    private static String launcher() {
        return Suite.root().resolve("sockets").toString();
    }

    private static String socketActivate() {
        return Tools.require("systemd-socket-activate", "systemd");
    }

    @Test
    void aListeningSocketFromSystemdIsServedUntilSigterm() throws IOException {
        try (OnFreePort activated = OnFreePort.start(port -> ExternalProcess.named("socket-activated echo")
                .command(socketActivate(), "-l", "127.0.0.1:" + port, "--inetd", launcher(), "echo", "server", "--tcp",
                        "--inherited").start(), InheritedSocketIT::activatorListening, ACTIVATOR_START)) {
            ExternalProcess p = activated.process();
            int port = activated.port();
            for (int i = 0; i < 3; i++) {
                assertThat(roundTrip(port, ("hello " + i + "\n").getBytes(StandardCharsets.US_ASCII))).as(p.describe())
                        .isEqualTo("hello " + i + "\n");
            }
            p.awaitStderr("echo: listening on tcp/127.0.0.1:" + port, JVM_START);
            p.terminate();
            assertThat(p.awaitExit(Duration.ofSeconds(20))).as(p.describe()).isZero();
            assertThat(p.stderr()).contains("echo: stopped; server=echo").contains("connections_total=3");
        }
    }

    @Test
    void aConnectedSocketFromSystemdIsServedOnceThenTheProcessExits() throws IOException {
        try (OnFreePort activated = OnFreePort.start(port -> ExternalProcess.named("socket-activated echo per connection")
                .command(socketActivate(), "-a", "-l", "127.0.0.1:" + port, "--inetd", launcher(), "echo", "server",
                        "--tcp").start(), InheritedSocketIT::activatorListening, ACTIVATOR_START)) {
            ExternalProcess p = activated.process();
            int port = activated.port();
            byte[] payload = new byte[100_000];
            new Random(37).nextBytes(payload);
            assertThat(roundTripBytes(port, payload)).as(p.describe()).isEqualTo(payload);
            // The per-connection server exits by itself once its one connection ended.
            await().atMost(JVM_START).until(() -> ProcessHandle.of(p.pid()).map(h -> h.children().count()).orElse(0L) == 0);
            p.awaitStderr("echo: stopped; server=echo", Duration.ofSeconds(10));
        }
    }

    @Test
    void aDatagramSocketFromSystemdIsTheUdpService() throws IOException {
        try (OnFreePort activated = OnFreePort.start(port -> ExternalProcess.named("socket-activated daytime udp")
                .command(socketActivate(), "-d", "-l", "127.0.0.1:" + port, "--inetd", launcher(), "daytime", "server",
                        "--udp", "--inherited").start(), InheritedSocketIT::activatorListening, ACTIVATOR_START);
             DatagramClient client = DatagramClient.open(Endpoint.loopback(activated.port()))) {
            ExternalProcess p = activated.process();
            // The first datagram starts the JVM and waits in the socket until it reads it.
            Optional<byte[]> reply = client.exchange(new byte[0], JVM_START);
            assertThat(reply).as(p.describe()).isPresent();
            assertThat(new String(reply.get(), StandardCharsets.US_ASCII)).endsWith("\r\n").contains("UTC");
            p.terminate();
            assertThat(p.awaitExit(Duration.ofSeconds(20))).as(p.describe()).isZero();
            assertThat(p.stderr()).contains("daytime: stopped; server=daytime").contains("datagrams_out=1");
        }
    }

    /**
     * inetd "nowait" hands the client's socket over as stdin, stdout and stderr: the reply must hold the
     * echoed bytes and nothing else (no log line may leak into the client's stream).
     */
    @Test
    void xinetdNowaitGivesOneConnectionAndNoLogLineReachesTheClient() throws IOException {
        String xinetd = Tools.require("xinetd", "xinetd");
        boolean root = "root".equals(System.getProperty("user.name"));
        try (OnFreePort started = OnFreePort.start(port -> startXinetd(xinetd, port, root), this::xinetdServes)) {
            int port = started.port();
            for (int i = 0; i < 2; i++) {
                byte[] payload = ("line " + i + " from a client of an inetd service\n").repeat(50).getBytes(StandardCharsets.US_ASCII);
                assertThat(roundTripBytes(port, payload)).as(started.process().describe()).isEqualTo(payload);
            }
        }
    }

    private ExternalProcess startXinetd(String xinetd, int port, boolean root) throws IOException {
        Path conf = dir.resolve("xinetd-" + port + ".conf");
        Files.writeString(conf, """
                service sockets-echo
                {
                    type        = UNLISTED
                    socket_type = stream
                    protocol    = tcp
                    port        = %d
                    bind        = 127.0.0.1
                    wait        = no
                    %s
                    server      = %s
                    server_args = echo server --tcp --inherited
                    instances   = UNLIMITED
                    cps         = 0 0
                }
                """.formatted(port, root ? "user        = root" : "", launcher()));
        return ExternalProcess.named("xinetd").command(xinetd, "-dontfork", "-stayalive", "-f", conf.toString(),
                "-pidfile", dir.resolve("xinetd.pid").toString(), "-filelog", xinetdLog(port).toString()).start();
    }

    private Path xinetdLog(int port) {
        return dir.resolve("xinetd-" + port + ".log");
    }

    /** xinetd started working with its one service, or (false) without it: the port was taken meanwhile. */
    private boolean xinetdServes(ExternalProcess x, int port) throws IOException {
        Path log = xinetdLog(port);
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(log) && Files.readString(log).contains("Started working"));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("xinetd did not start working within 15 s: " + x.describe());
        }
        String text = Files.readString(log);
        if (text.contains("Started working: 1 available service")) {
            return true;
        }
        if (text.contains("Address already in use")) {
            return false;
        }
        throw new AssertionError("xinetd started without its service; log:\n" + text + x.describe());
    }

    private static String roundTrip(int port, byte[] payload) throws IOException {
        return new String(roundTripBytes(port, payload), StandardCharsets.US_ASCII);
    }

    /** Sends everything, half-closes, reads to end of stream (the server closes after echoing). */
    private static byte[] roundTripBytes(int port, byte[] payload) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout((int) JVM_START.toMillis());
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    s.getOutputStream().write(payload);
                    s.shutdownOutput();
                } catch (IOException e) {
                    // the read side reports what went wrong
                }
            });
            byte[] back = s.getInputStream().readAllBytes();
            try {
                writer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return back;
        }
    }
}
