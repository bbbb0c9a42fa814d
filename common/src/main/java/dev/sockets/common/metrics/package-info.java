/**
 * Prometheus metrics of running servers ({@code --metrics-port}): {@link dev.sockets.common.metrics.ServerCollector}
 * reads every server's {@link dev.sockets.common.server.ServerStats} at scrape time, and
 * {@link dev.sockets.common.metrics.MetricsEndpoint} serves them with the JVM's metrics at {@code /metrics}, beside
 * {@code /healthz} and {@code /readyz}, through the official Prometheus Java client. Layered on {@code server};
 * only {@code cli} uses it.
 */
package dev.sockets.common.metrics;
