package dev.sockets.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Server;
import dev.sockets.common.server.ServerStats;
import dev.sockets.common.testing.ExpositionFormat;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** What the collector makes of servers' stats, written by the client's own text format writer. */
class ServerCollectorTest {

    private static ExpositionFormat scrape(Server... servers) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new ServerCollector(List.of(servers)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return ExpositionFormat.parse(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void statsKeysBecomeSocketsMetricsWithServerAndTransportLabels() throws IOException {
        ServerStats stats = new ServerStats("chat");
        stats.counter("messages_in").add(5);
        stats.describe("messages_in", "Lines received from clients.");
        stats.gauge("clients", () -> 3);
        Server server = Server.builder("chat").stats(stats)
                .tcp(Endpoint.loopback(0), c -> { })
                .tcp(Endpoint.loopback(0), c -> { }, "tls")
                .build();
        ExpositionFormat m = scrape(server);
        // Every transport of the server is there from the start, at 0.
        assertThat(m.value("sockets_connections_total", "server", "chat", "transport", "tcp")).isZero();
        assertThat(m.value("sockets_connections_total", "server", "chat", "transport", "tls")).isZero();
        assertThat(m.find("sockets_connections_total")).hasSize(2);
        assertThat(m.value("sockets_messages_in_total", "server", "chat")).isEqualTo(5);
        assertThat(m.find("sockets_messages_in_total").get(0).labels()).containsOnlyKeys("server");
        assertThat(m.help("sockets_messages_in_total")).isEqualTo("Lines received from clients.");
        assertThat(m.type("sockets_clients")).isEqualTo("gauge");
        assertThat(m.value("sockets_clients", "server", "chat")).isEqualTo(3);
        assertThat(m.help("sockets_clients")).isEqualTo("Gauge clients of the server's stats line.");
        // Not started: no datagram services, no listeners, so neither datagram nor accept failure counters.
        assertThat(m.find("sockets_datagrams_in_total")).isEmpty();
        assertThat(m.find("sockets_accept_failures_total")).isEmpty();
    }

    @Test
    void twoServersShareTheFamiliesWithTheirOwnLabels() throws IOException {
        Server echo = Server.builder("echo").tcp(Endpoint.loopback(0), c -> { }).build();
        Server time = Server.builder("time").udp(Endpoint.loopback(0), (s, q, r) -> false, null)
                .limits(dev.sockets.common.server.Limits.defaults().withMaxConnections(7)).build();
        ExpositionFormat m = scrape(echo, time);
        assertThat(m.value("sockets_connections_limit", "server", "echo")).isZero(); // no limit
        assertThat(m.value("sockets_connections_limit", "server", "time")).isEqualTo(7);
        assertThat(m.find("sockets_connections_open", "server", "time")).isEmpty(); // UDP only: no connections
    }

    @Test
    void distributionsAreHistogramsAndCurrentOnesGaugeHistograms() throws IOException {
        ServerStats stats = new ServerStats("chat");
        ServerStats.Distribution fanOut = stats.distribution("fanout_deliveries", "Deliveries per line.", 0, 1, 5);
        fanOut.record(0);
        fanOut.record(1);
        fanOut.record(3);
        fanOut.record(100);
        stats.currentDistribution("sendq_bytes", "Queued bytes per client.", () -> LongStream.of(0, 10, 10, 2000), 0, 64, 1024);
        Server server = Server.builder("chat").stats(stats).tcp(Endpoint.loopback(0), c -> { }).build();
        ExpositionFormat m = scrape(server);
        assertThat(m.type("sockets_fanout_deliveries")).isEqualTo("histogram");
        assertThat(m.value("sockets_fanout_deliveries_bucket", "le", "0.0")).isEqualTo(1);
        assertThat(m.value("sockets_fanout_deliveries_bucket", "le", "1.0")).isEqualTo(2);
        assertThat(m.value("sockets_fanout_deliveries_bucket", "le", "5.0")).isEqualTo(3);
        assertThat(m.value("sockets_fanout_deliveries_bucket", "le", "+Inf")).isEqualTo(4);
        assertThat(m.value("sockets_fanout_deliveries_count", "server", "chat")).isEqualTo(4);
        assertThat(m.value("sockets_fanout_deliveries_sum", "server", "chat")).isEqualTo(104);
        // A gauge histogram: the text format has no such type, the client writes buckets and _gcount/_gsum gauges.
        assertThat(m.value("sockets_sendq_bytes_bucket", "le", "0.0")).isEqualTo(1);
        assertThat(m.value("sockets_sendq_bytes_bucket", "le", "64.0")).isEqualTo(3);
        assertThat(m.value("sockets_sendq_bytes_bucket", "le", "+Inf")).isEqualTo(4);
        assertThat(m.value("sockets_sendq_bytes_gsum", "server", "chat")).isEqualTo(2020);
    }

    @Test
    void statsKeysAreMadeValidMetricNames() {
        assertThat(ServerCollector.metricName("connections_total")).isEqualTo("sockets_connections");
        assertThat(ServerCollector.metricName("bytes_in")).isEqualTo("sockets_bytes_in");
        assertThat(ServerCollector.metricName("odd-key.name")).matches("[a-zA-Z_:][a-zA-Z0-9_:]*");
    }
}
