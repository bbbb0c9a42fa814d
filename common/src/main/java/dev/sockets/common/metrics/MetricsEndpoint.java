package dev.sockets.common.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Server;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP endpoint of {@code --metrics-port}: {@code /metrics} in the Prometheus exposition format (the
 * official client's handler: text, OpenMetrics or protobuf as the scraper asks) with the servers'
 * {@link ServerCollector} and the JVM's metrics; {@code /healthz} (200 while the process is up) and
 * {@code /readyz} (200 once {@link #ready()} was called, 503 before and again from {@link #draining()}).
 * Requests are served one at a time on one daemon thread, away from every server's threads.
 */
public final class MetricsEndpoint implements AutoCloseable {

    private enum State { STARTING, READY, DRAINING }

    private final HttpServer http;
    private final ExecutorService executor;
    private final PrometheusRegistry registry;
    private volatile State state = State.STARTING;

    private MetricsEndpoint(HttpServer http, ExecutorService executor, PrometheusRegistry registry) {
        this.http = http;
        this.executor = executor;
        this.registry = registry;
    }

    /**
     * Binds {@code endpoint} and starts serving the metrics of {@code servers} (and the JVM's).
     *
     * @throws IOException when the endpoint cannot be bound (e.g. {@link java.net.BindException}: in use)
     */
    public static MetricsEndpoint start(Endpoint endpoint, List<Server> servers) throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new ServerCollector(servers));
        JvmMetrics.builder().register(registry);
        HttpServer http = HttpServer.create(new InetSocketAddress(endpoint.address(), endpoint.port()), 16);
        ExecutorService executor = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("metrics-http").daemon(true).factory());
        MetricsEndpoint m = new MetricsEndpoint(http, executor, registry);
        http.setExecutor(executor);
        http.createContext("/metrics", new MetricsHandler(registry));
        http.createContext("/healthz", ex -> m.respond(ex, 200, "ok\n"));
        http.createContext("/readyz", ex -> {
            State s = m.state;
            m.respond(ex, s == State.READY ? 200 : 503, s.name().toLowerCase(java.util.Locale.ROOT) + "\n");
        });
        http.createContext("/", ex -> m.respond(ex, 404, "not found: try /metrics, /healthz or /readyz\n"));
        http.start();
        return m;
    }

    private void respond(HttpExchange ex, int status, String body) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                status = 405;
                body = "only GET and HEAD\n";
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
            } else if (!ex.getRequestURI().getPath().equals(ex.getHttpContext().getPath())
                    && !ex.getHttpContext().getPath().equals("/")) {
                status = 404;
                body = "not found: try /metrics, /healthz or /readyz\n";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            boolean head = "HEAD".equals(ex.getRequestMethod());
            ex.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    /** The bound endpoint (the real port when 0 was asked for). */
    public Endpoint endpoint() {
        InetSocketAddress a = http.getAddress();
        return new Endpoint(a.getAddress(), a.getPort());
    }

    /** {@code http://127.0.0.1:9464/metrics}. */
    public String url() {
        return "http://" + endpoint() + "/metrics";
    }

    /** The registry scraped at {@code /metrics} (for tests and extra collectors). */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Every listener is bound and accepting: {@code /readyz} answers 200. */
    public void ready() {
        if (state == State.STARTING) {
            state = State.READY;
        }
    }

    /** Shutting down: {@code /readyz} answers 503 from now on. */
    public void draining() {
        state = State.DRAINING;
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }
}
