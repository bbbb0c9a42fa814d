package dev.sockets.common.metrics;

import dev.sockets.common.server.Server;
import dev.sockets.common.server.ServerStats;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics of some servers, read from their {@link ServerStats} when scraped (nothing is counted
 * twice or copied on the hot path). Every key {@code K} of the stats line becomes {@code sockets_K}
 * (counters end in {@code _total}, as the exposition format wants), labelled {@code server} and, for
 * the counters of connections, bytes, accept failures and datagrams, {@code transport} ({@code tcp},
 * {@code tls}, {@code udp}); a protocol's own counters and gauges carry {@code server} only. Beside them
 * {@code sockets_connections_limit} and {@code sockets_connections_per_ip_limit} (0: no limit), and each
 * protocol distribution as a histogram {@code sockets_NAME}.
 */
public final class ServerCollector implements MultiCollector {

    static final String PREFIX = "sockets_";

    /** HELP texts of the counters common keeps; a protocol's own get a generic one. */
    private static final Map<String, String> HELP = Map.ofEntries(
            Map.entry("connections_open", "Connections being served now."),
            Map.entry("connections_total", "Connections accepted and served (refused ones not included)."),
            Map.entry("connections_refused", "Connections refused by a connection limit or while stopping."),
            Map.entry("bytes_in", "Bytes received from clients."),
            Map.entry("bytes_out", "Bytes sent to clients."),
            Map.entry("timeouts_idle", "Connections closed after the idle timeout."),
            Map.entry("timeouts_write", "Connections aborted because their peer stopped reading (write timeout)."),
            Map.entry("accept_failures", "Failed accepts of a listener (e.g. out of file descriptors)."),
            Map.entry("datagrams_in", "Datagrams received."),
            Map.entry("datagrams_out", "Datagrams sent."),
            Map.entry("dropped_loop", "Datagrams dropped by the loop guard (from a port of a UDP service)."),
            Map.entry("dropped_rate", "Datagrams dropped by the reply rate limit."),
            Map.entry("dropped_oversize", "Datagrams dropped as too large to answer."),
            Map.entry("refused_rate", "Connections refused by the per-address connect rate limit."));

    private final List<Server> servers;

    public ServerCollector(List<Server> servers) {
        this.servers = List.copyOf(servers);
    }

    /** The Prometheus name of a stats key: {@code sockets_} + the key, without a {@code _total} suffix. */
    static String metricName(String key) {
        // The legacy character set: scrapers that ask for the text format 0.0.4 get the names as they are.
        String name = PrometheusNaming.sanitizeMetricName(PREFIX + key.replaceAll("[^a-zA-Z0-9_:]", "_"));
        return name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
    }

    private static String help(ServerStats stats, String key, ServerStats.Kind kind) {
        String h = HELP.getOrDefault(key, stats.description(key));
        if (h != null) {
            return h;
        }
        return (kind == ServerStats.Kind.COUNTER ? "Counter " : "Gauge ") + key + " of the server's stats line.";
    }

    /** One metric family being assembled: its kind, help, and data points by labels. */
    private static final class Family {
        final ServerStats.Kind kind;
        final String help;
        final List<Object> points = new ArrayList<>();

        Family(ServerStats.Kind kind, String help) {
            this.kind = kind;
            this.help = help;
        }
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, Family> families = new LinkedHashMap<>();
        List<MetricSnapshot> histograms = new ArrayList<>();
        Map<String, HistogramSnapshot.Builder> histogramBuilders = new LinkedHashMap<>();
        for (Server server : servers) {
            ServerStats stats = server.stats();
            String serverLabel = stats.server();
            for (ServerStats.Sample s : stats.samples()) {
                String name = metricName(s.name());
                Family f = families.computeIfAbsent(name, n -> new Family(s.kind(), help(stats, s.name(), s.kind())));
                if (f.kind != s.kind()) {
                    continue; // two servers disagree about a protocol key's kind: the first one's is kept
                }
                Labels labels = s.transport() == null ? Labels.of("server", serverLabel)
                        : Labels.of("server", serverLabel, "transport", s.transport());
                f.points.add(s.kind() == ServerStats.Kind.COUNTER
                        ? CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(s.value()).build()
                        : GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(s.value()).build());
            }
            gauge(families, "connections_limit", "Connections served at once at most (0: no limit).",
                    serverLabel, server.limits().maxConnections());
            gauge(families, "connections_per_ip_limit", "Connections at once from one IP address at most (0: no limit).",
                    serverLabel, server.limits().maxConnectionsPerIp());
            stats.distributions().forEach((key, dist) -> {
                ServerStats.Distribution d = dist.current();
                long[] bounds = d.upperBounds();
                long[] counts = d.counts();
                double[] upper = new double[bounds.length + 1];
                for (int i = 0; i < bounds.length; i++) {
                    upper[i] = bounds[i];
                }
                upper[bounds.length] = Double.POSITIVE_INFINITY;
                histogramBuilders.computeIfAbsent(metricName(key), n -> HistogramSnapshot.builder().name(n).help(d.help())
                                .gaugeHistogram(dist.isCurrent()))
                        .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                                .labels(Labels.of("server", serverLabel))
                                .classicHistogramBuckets(ClassicHistogramBuckets.of(upper, counts))
                                .sum(d.sum())
                                .build());
            });
        }
        List<MetricSnapshot> out = new ArrayList<>();
        families.forEach((name, f) -> {
            if (f.kind == ServerStats.Kind.COUNTER) {
                CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(f.help);
                f.points.forEach(p -> b.dataPoint((CounterSnapshot.CounterDataPointSnapshot) p));
                out.add(b.build());
            } else {
                GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(f.help);
                f.points.forEach(p -> b.dataPoint((GaugeSnapshot.GaugeDataPointSnapshot) p));
                out.add(b.build());
            }
        });
        histogramBuilders.values().forEach(b -> histograms.add(b.build()));
        out.addAll(histograms);
        return new MetricSnapshots(out);
    }

    private static void gauge(Map<String, Family> families, String key, String help, String server, long value) {
        Family f = families.computeIfAbsent(metricName(key), n -> new Family(ServerStats.Kind.GAUGE, help));
        f.points.add(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(Labels.of("server", server)).value(value).build());
    }
}
