package dev.sockets.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.testing.ExpositionFormat;
import dev.sockets.common.testing.LineClient;
import dev.sockets.it.harness.ExternalProcess;
import dev.sockets.it.harness.IrcPeer;
import dev.sockets.it.harness.Suite;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code --metrics-port} of the real servers, started with {@code ./sockets} as a user does: a small
 * bounded load, two scrapes of {@code /metrics} that parse under the text format's rules and whose
 * counters moved, {@code /healthz} and {@code /readyz} (503 while draining), and a metrics port in use.
 */
class MetricsIT {

    private static final Duration START = Duration.ofSeconds(120); // the launcher may build the jars first
    private static final Pattern TCP = Pattern.compile(": listening on tcp/127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern UDP = Pattern.compile("udp/127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern METRICS = Pattern.compile("metrics: listening on http://127\\.0\\.0\\.1:(\\d+)/metrics");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static ExternalProcess start(String name, String... args) {
        java.util.List<String> words = new java.util.ArrayList<>();
        words.add(Suite.root().resolve("sockets").toString());
        words.addAll(java.util.List.of(args));
        return ExternalProcess.named(name).command(words).start();
    }

    private static int port(ExternalProcess p, Pattern pattern, String awaited) {
        Matcher m = pattern.matcher(p.awaitStderr(awaited, START));
        assertThat(m.find()).as(p.describe()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ExpositionFormat scrape(int port) throws Exception {
        HttpResponse<String> r = get(port, "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        return ExpositionFormat.parse(r.body());
    }

    @Test
    void echoCountersMoveUnderLoadAndReadyzDrainsOnSigterm() throws Exception {
        try (ExternalProcess echo = start("echo server with metrics", "echo", "server", "--bind", "127.0.0.1", "--port", "0",
                "--metrics-port", "0", "--grace", "20s")) {
            int metrics = port(echo, METRICS, "metrics: listening on");
            int tcp = port(echo, TCP, "echo: listening on");
            int udpPort = port(echo, UDP, "echo: listening on");
            assertThat(get(metrics, "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(metrics, "/readyz").statusCode()).isEqualTo(200);
            ExpositionFormat before = scrape(metrics);
            double connections = before.value("sockets_connections_total", "server", "echo", "transport", "tcp");
            double bytesIn = before.value("sockets_bytes_in_total", "server", "echo", "transport", "tcp");
            double datagrams = before.value("sockets_datagrams_in_total", "server", "echo", "transport", "udp");

            for (int i = 0; i < 10; i++) {
                try (LineClient c = LineClient.connect(Endpoint.loopback(tcp))) {
                    c.send("line " + i);
                    assertThat(c.readLine()).isEqualTo("line " + i);
                }
            }
            try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                udp.setSoTimeout(5000);
                byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < 3; i++) {
                    udp.send(new DatagramPacket(ping, ping.length, InetAddress.getLoopbackAddress(), udpPort));
                    udp.receive(new DatagramPacket(new byte[16], 16)); // the echo: it was counted before it was sent
                }
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(scrape(metrics).value("sockets_connections_open", "server", "echo", "transport", "tcp")).isZero());
            ExpositionFormat after = scrape(metrics);
            assertThat(after.value("sockets_connections_total", "server", "echo", "transport", "tcp")).isEqualTo(connections + 10);
            assertThat(after.value("sockets_bytes_in_total", "server", "echo", "transport", "tcp"))
                    .isEqualTo(bytesIn + 10 * "line 0\r\n".length());
            assertThat(after.value("sockets_datagrams_in_total", "server", "echo", "transport", "udp")).isEqualTo(datagrams + 3);
            assertThat(after.value("sockets_datagrams_out_total", "server", "echo", "transport", "udp")).isGreaterThanOrEqualTo(3);
            assertThat(after.value("sockets_connections_limit", "server", "echo")).isEqualTo(10_000);
            assertThat(after.type("sockets_connections_total")).isEqualTo("counter");
            assertThat(after.find("jvm_memory_used_bytes")).isNotEmpty();
            assertThat(after.value("process_cpu_seconds_total")).isPositive();

            // One connection still open keeps the server in its grace period: /readyz says draining.
            try (LineClient held = LineClient.connect(Endpoint.loopback(tcp))) {
                held.send("held");
                assertThat(held.readLine()).isEqualTo("held");
                echo.terminate();
                echo.awaitStderr("received SIGTERM", Duration.ofSeconds(10));
                await().atMost(Duration.ofSeconds(10)).until(() -> get(metrics, "/readyz").statusCode() == 503);
                assertThat(get(metrics, "/readyz").body()).isEqualTo("draining\n");
                assertThat(get(metrics, "/healthz").statusCode()).isEqualTo(200);
            }
            assertThat(echo.awaitExit(Duration.ofSeconds(30))).as(echo.describe()).isZero();
            assertThat(echo.stderr()).doesNotContain("Exception");
        }
    }

    @Test
    void chatCountsUsersChannelsMessagesAndFanOut() throws Exception {
        try (ExternalProcess chat = start("chat server with metrics", "chat", "server", "--bind", "127.0.0.1", "--port", "0",
                "--metrics-port", "0")) {
            int metrics = port(chat, METRICS, "metrics: listening on");
            int tcp = port(chat, TCP, "chat: listening on");
            ExpositionFormat before = scrape(metrics);
            assertThat(before.value("sockets_clients", "server", "chat")).isZero();
            double fanOutCount = before.value("sockets_fanout_deliveries_count", "server", "chat");
            double messagesIn = before.value("sockets_messages_in_total", "server", "chat");

            Endpoint server = Endpoint.loopback(tcp);
            try (IrcPeer a = IrcPeer.register(server, "alice").join("#metrics");
                 IrcPeer b = IrcPeer.register(server, "bob").join("#metrics");
                 IrcPeer c = IrcPeer.register(server, "carol").join("#metrics")) {
                for (int i = 0; i < 5; i++) {
                    a.send("PRIVMSG #metrics :hello " + i);
                }
                a.barrier();
                b.await("hello 4");
                c.await("hello 4");
                ExpositionFormat during = scrape(metrics);
                assertThat(during.value("sockets_clients", "server", "chat")).isEqualTo(3);
                assertThat(during.value("sockets_channels", "server", "chat")).isEqualTo(1);
                assertThat(during.value("sockets_connections_open", "server", "chat", "transport", "tcp")).isEqualTo(3);
                assertThat(during.value("sockets_messages_in_total", "server", "chat")).isGreaterThanOrEqualTo(messagesIn + 5);
                // Five channel messages, each queued to the two other members.
                assertThat(during.value("sockets_fanout_deliveries_count", "server", "chat")).isEqualTo(fanOutCount + 5);
                assertThat(during.value("sockets_fanout_deliveries_bucket", "server", "chat", "le", "1.0"))
                        .isEqualTo(before.value("sockets_fanout_deliveries_bucket", "server", "chat", "le", "1.0"));
                assertThat(during.value("sockets_fanout_deliveries_bucket", "server", "chat", "le", "2.0"))
                        .isEqualTo(before.value("sockets_fanout_deliveries_bucket", "server", "chat", "le", "2.0") + 5);
                assertThat(during.value("sockets_sendq_bytes_gcount", "server", "chat")).isEqualTo(3);
                assertThat(during.value("sockets_sendq_bytes_bucket", "server", "chat", "le", "+Inf")).isEqualTo(3);
                assertThat(during.help("sockets_messages_in_total")).isEqualTo("Lines received from clients.");
            }
            chat.terminate();
            assertThat(chat.awaitExit(Duration.ofSeconds(30))).as(chat.describe()).isZero();
        }
    }

    @Test
    void aMetricsPortInUseIsOneLineAndExitTwo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             ExternalProcess echo = start("echo server, metrics port taken", "echo", "server", "--bind", "127.0.0.1",
                     "--port", "0", "--metrics-port", Integer.toString(taken.getLocalPort()))) {
            assertThat(echo.awaitExit(START)).as(echo.describe()).isEqualTo(2);
            String err = echo.stderr();
            assertThat(err).as(echo.describe()).contains("echo server: --metrics-port " + taken.getLocalPort()
                    + ": cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": address already in use");
            assertThat(err).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("listening on");
        }
        try (ExternalProcess bad = start("echo server, bad metrics port", "echo", "server", "--port", "0",
                "--metrics-port", "65536")) {
            assertThat(bad.awaitExit(START)).as(bad.describe()).isEqualTo(2);
            assertThat(bad.stderr()).contains("--metrics-port must be 0-65535, not 65536").doesNotContain("Exception");
        }
    }
}
