package dev.sockets.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Server;
import dev.sockets.common.testing.ExpositionFormat;
import dev.sockets.common.testing.LineClient;
import dev.sockets.common.testing.ServerFixture;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The HTTP endpoint: /metrics in the text format with the servers' and the JVM's metrics, /healthz, /readyz. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class MetricsEndpointTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static HttpResponse<String> get(MetricsEndpoint m, String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://" + m.endpoint() + path);
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Server echo() {
        return Server.builder("echo")
                .tcp(Endpoint.loopback(0), c -> c.input().transferTo(c.output()))
                .udp(Endpoint.loopback(0), (s, q, r) -> false, null)
                .build();
    }

    @Test
    void metricsMoveWithTrafficAndParseAsTheTextFormat() throws Exception {
        Server server = echo();
        try (ServerFixture f = ServerFixture.start(server);
             MetricsEndpoint m = MetricsEndpoint.start(Endpoint.loopback(0), List.of(server))) {
            assertThat(m.endpoint().port()).isPositive();
            assertThat(m.url()).isEqualTo("http://127.0.0.1:" + m.endpoint().port() + "/metrics");
            HttpResponse<String> before = get(m, "/metrics");
            assertThat(before.statusCode()).isEqualTo(200);
            assertThat(before.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            ExpositionFormat first = ExpositionFormat.parse(before.body());
            assertThat(first.value("sockets_connections_total", "server", "echo", "transport", "tcp")).isZero();

            try (LineClient c = f.connect()) {
                c.send("hello");
                assertThat(c.readLine()).isEqualTo("hello");
                ExpositionFormat during = ExpositionFormat.parse(get(m, "/metrics").body());
                assertThat(during.value("sockets_connections_open", "server", "echo", "transport", "tcp")).isEqualTo(1);
            }
            ExpositionFormat second = ExpositionFormat.parse(get(m, "/metrics").body());
            assertThat(second.value("sockets_connections_total", "server", "echo", "transport", "tcp")).isEqualTo(1);
            assertThat(second.value("sockets_bytes_in_total", "server", "echo", "transport", "tcp")).isEqualTo(7); // hello CR LF
            assertThat(second.value("sockets_bytes_out_total", "server", "echo", "transport", "tcp")).isEqualTo(7);
            assertThat(second.value("sockets_datagrams_in_total", "server", "echo", "transport", "udp")).isZero();
            assertThat(second.value("sockets_connections_limit", "server", "echo")).isEqualTo(server.limits().maxConnections());
            assertThat(second.type("sockets_connections_total")).isEqualTo("counter");
            assertThat(second.type("sockets_connections_open")).isEqualTo("gauge");
            assertThat(second.help("sockets_bytes_in_total")).isEqualTo("Bytes received from clients.");
            // The JVM's metrics, from the client's instrumentation-jvm.
            assertThat(second.type("jvm_memory_used_bytes")).isEqualTo("gauge");
            assertThat(second.find("jvm_threads_current")).isNotEmpty();
        }
    }

    @Test
    void healthzIsAlwaysOkAndReadyzFollowsTheLifecycle() throws Exception {
        try (MetricsEndpoint m = MetricsEndpoint.start(Endpoint.loopback(0), List.of())) {
            assertThat(get(m, "/healthz").statusCode()).isEqualTo(200);
            HttpResponse<String> starting = get(m, "/readyz");
            assertThat(starting.statusCode()).isEqualTo(503);
            assertThat(starting.body()).isEqualTo("starting\n");
            m.ready();
            assertThat(get(m, "/readyz").statusCode()).isEqualTo(200);
            m.draining();
            HttpResponse<String> draining = get(m, "/readyz");
            assertThat(draining.statusCode()).isEqualTo(503);
            assertThat(draining.body()).isEqualTo("draining\n");
            m.ready(); // never ready again once draining
            assertThat(get(m, "/readyz").statusCode()).isEqualTo(503);
            assertThat(get(m, "/healthz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception {
        try (MetricsEndpoint m = MetricsEndpoint.start(Endpoint.loopback(0), List.of())) {
            assertThat(get(m, "/").statusCode()).isEqualTo(404);
            assertThat(get(m, "/healthz/more").statusCode()).isEqualTo(404);
            HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + m.endpoint() + "/readyz"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void aPortInUseIsABindException() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> MetricsEndpoint.start(Endpoint.loopback(taken.getLocalPort()), List.of()))
                    .isInstanceOf(BindException.class);
        }
    }
}
