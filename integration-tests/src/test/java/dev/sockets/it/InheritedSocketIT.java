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
     * systemd's own protocol ({@code LISTEN_FDS}/{@code LISTEN_FDNAMES}, descriptors 3 and up), with a TCP and a
     * UDP socket on one port handed to one echo process: an outer activator holds the UDP socket, the inner one
     * adds the TCP socket and passes both on, named.
     */
    @Test
    void oneProcessServesTheTcpAndUdpSocketsSystemdPasses() throws IOException {
        try (OnFreePort activated = OnFreePort.start(port -> ExternalProcess.named("echo activated with TCP and UDP")
                .command(socketActivate(), "-d", "-l", "127.0.0.1:" + port,
                        socketActivate(), "-l", "127.0.0.1:" + port, "--fdname=udp:tcp",
                        launcher(), "echo", "server", "--inherited").start(),
                port -> activatorListening(port) + " as 3.", ACTIVATOR_START);
             DatagramClient udp = DatagramClient.open(Endpoint.loopback(activated.port()))) {
            ExternalProcess p = activated.process();
            int port = activated.port();
            // The datagram starts both activators and the JVM, and waits in its socket until the server reads it.
            Optional<byte[]> reply = udp.exchange("ping".getBytes(StandardCharsets.US_ASCII), JVM_START);
            assertThat(reply).as(p.describe()).hasValueSatisfying(
                    r -> assertThat(new String(r, StandardCharsets.US_ASCII)).isEqualTo("ping"));
            p.awaitStderr("echo: listening on tcp/127.0.0.1:" + port + ", udp/127.0.0.1:" + port, JVM_START);
            assertThat(roundTrip(port, "over tcp\n".getBytes(StandardCharsets.US_ASCII))).as(p.describe()).isEqualTo("over tcp\n");
            p.terminate();
            assertThat(p.awaitExit(Duration.ofSeconds(20))).as(p.describe()).isZero();
            assertThat(p.stderr()).contains("connections_total=1", "datagrams_out=1")
                    .doesNotContain("need a socket of their own", "Exception");
        }
    }

    /**
     * The chat server's plain and TLS listeners from one activation: the socket named {@code tls} (passed first)
     * runs TLS, the other one plain IRC, whatever their order.
     */
    @Test
    void theChatServerTakesItsTlsSocketByName() throws Exception {
        int[] tls = new int[1];
        try (OnFreePort activated = OnFreePort.start(port -> {
            tls[0] = dev.sockets.it.harness.FreePorts.tcpAndUdp();
            return ExternalProcess.named("chat activated with plain and TLS")
                    .command(socketActivate(), "-l", "127.0.0.1:" + tls[0], "-l", "127.0.0.1:" + port, "--fdname=tls:irc",
                            launcher(), "chat", "server", "--inherited", "--tls-self-signed", "--name", "irc.activated.test")
                    .start();
        }, port -> activatorListening(port) + " as 4.", ACTIVATOR_START)) {
            ExternalProcess p = activated.process();
            try (dev.sockets.common.testing.LineClient plain = dev.sockets.common.testing.LineClient
                    .connect(Endpoint.loopback(activated.port())).timeout(JVM_START)) {
                plain.send("NICK plain").send("USER plain 0 * :over plain TCP");
                assertThat(plain.readUntil(l -> l.contains(" 001 plain "), "001 over plain TCP")).startsWith(":irc.activated.test 001");
            }
            p.awaitStderr("chat: listening on", JVM_START);
            javax.net.ssl.SSLContext trustAny = javax.net.ssl.SSLContext.getInstance("TLS");
            trustAny.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
                @Override
                public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String auth) { }

                @Override
                public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String auth) { }

                @Override
                public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                    return new java.security.cert.X509Certificate[0];
                }
            }}, null);
            try (javax.net.ssl.SSLSocket secure = (javax.net.ssl.SSLSocket) trustAny.getSocketFactory().createSocket("127.0.0.1", tls[0])) {
                secure.setSoTimeout(10_000);
                secure.startHandshake(); // the self-signed certificate: this test checks the transport, not trust
                var out = secure.getOutputStream();
                out.write("NICK secure\r\nUSER secure 0 * :over TLS\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                var in = new java.io.BufferedReader(new java.io.InputStreamReader(secure.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while ((line = in.readLine()) != null && !line.contains(" 001 secure ")) {
                    // registration replies before 001
                }
                assertThat(line).as(p.describe()).isNotNull().startsWith(":irc.activated.test 001 secure");
            }
            p.terminate();
            assertThat(p.awaitExit(Duration.ofSeconds(20))).as(p.describe()).isZero();
            assertThat(p.stderr()).doesNotContain("Exception", "need a socket of their own");
        }
    }

    /** A passed socket the server has no endpoint for is one line at start, not a server serving half of it. */
    @Test
    void aPassedSocketTheServerCannotServeIsOneLine() throws IOException {
        try (OnFreePort activated = OnFreePort.start(port -> ExternalProcess.named("chat activated with a UDP socket")
                .command(socketActivate(), "-d", "-l", "127.0.0.1:" + port, "--fdname=udp",
                        launcher(), "chat", "server", "--inherited").start(),
                port -> activatorListening(port) + " as 3.", ACTIVATOR_START);
             DatagramClient udp = DatagramClient.open(Endpoint.loopback(activated.port()))) {
            ExternalProcess p = activated.process();
            udp.send("start".getBytes(StandardCharsets.US_ASCII));
            assertThat(p.awaitExit(JVM_START)).as(p.describe()).isEqualTo(1);
            assertThat(p.stderr()).contains("inherited socket 'udp' is a UDP socket, but this server serves no UDP")
                    .doesNotContain("Exception", "\tat ");
        }
    }

    /**
     * The web listener binds --web-port itself (Helidon takes no passed socket): a socket named {@code web} is
     * one line at start, not served as plain IRC.
     */
    @Test
    void aSocketNamedWebIsRefusedAtStartNotServedAsIrc() throws IOException {
        try (OnFreePort activated = OnFreePort.start(port -> ExternalProcess.named("chat activated with a web socket")
                .command(socketActivate(), "-l", "127.0.0.1:" + port, "--fdname=web",
                        launcher(), "chat", "server", "--inherited", "--store", "none").start(),
                port -> activatorListening(port) + " as 3.", ACTIVATOR_START);
             Socket browser = new Socket("127.0.0.1", activated.port())) {
            ExternalProcess p = activated.process();
            assertThat(p.awaitExit(JVM_START)).as(p.describe()).isEqualTo(1);
            assertThat(p.stderr()).contains("inherited socket 'web' cannot be served: the web listener cannot take a "
                    + "passed socket (it binds --web-port itself); remove it from the socket unit")
                    .doesNotContain("Exception", "\tat ");
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
