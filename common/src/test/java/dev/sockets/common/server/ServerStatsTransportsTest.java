package dev.sockets.common.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.testing.LineClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Connection and byte counters per transport; the stats line shows their sums, as before. */
class ServerStatsTransportsTest {

    @Test
    @Timeout(value = 15, unit = TimeUnit.SECONDS)
    void eachListenerCountsUnderItsTransportAndTheLineShowsTheSum() throws Exception {
        ServerStats stats = new ServerStats("chat");
        Server server = Server.builder("chat").stats(stats)
                .tcp(Endpoint.loopback(0), c -> c.output().write(c.input().readNBytes(2)))
                .tcp(Endpoint.loopback(0), c -> c.output().write(c.input().readNBytes(3)), "tls")
                .build();
        try (server) {
            server.start();
            try (LineClient plain = LineClient.connect(server.tcpEndpoints().get(0));
                 LineClient other = LineClient.connect(server.tcpEndpoints().get(1))) {
                plain.sendRaw(new byte[] {1, 2});
                other.sendRaw(new byte[] {1, 2, 3});
                plain.readBytes(2);
                other.readBytes(3);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> stats.connectionsOpen() == 0);
            ServerStats.Transport tcp = stats.transports().get("tcp");
            ServerStats.Transport tls = stats.transports().get("tls");
            assertThat(tcp.connectionsTotal()).isEqualTo(1);
            assertThat(tcp.bytesIn()).isEqualTo(2);
            assertThat(tls.connectionsTotal()).isEqualTo(1);
            assertThat(tls.bytesIn()).isEqualTo(3);
            assertThat(tls.bytesOut()).isEqualTo(3);
            assertThat(stats.toLogfmt()).startsWith("server=chat connections_open=0 connections_total=2 "
                    + "connections_refused=0 bytes_in=5 bytes_out=5 timeouts_idle=0 timeouts_write=0 ");
            assertThat(stats.samples()).contains(
                    new ServerStats.Sample("bytes_in", ServerStats.Kind.COUNTER, "tcp", 2),
                    new ServerStats.Sample("bytes_in", ServerStats.Kind.COUNTER, "tls", 3),
                    new ServerStats.Sample("accept_failures", ServerStats.Kind.COUNTER, "tls", 0));
        }
    }

    @Test
    void aTransportIsALowerCaseWordOtherThanUdp() {
        Server.Builder b = Server.builder("x");
        assertThatThrownBy(() -> b.tcp(Endpoint.loopback(0), c -> { }, "udp")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.tcp(Endpoint.loopback(0), c -> { }, "T LS")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDistributionCountsIntoItsBucketsAndRejectsBoundsOutOfOrder() {
        ServerStats stats = new ServerStats("chat");
        ServerStats.Distribution d = stats.distribution("d", "help", 1, 10);
        d.record(1);
        d.record(2);
        d.record(11);
        assertThat(d.counts()).containsExactly(1, 1, 1);
        assertThat(d.sum()).isEqualTo(14);
        assertThat(stats.toLogfmt()).doesNotContain(" d=");
        assertThatThrownBy(() -> stats.distribution("e", "help", 5, 5)).isInstanceOf(IllegalArgumentException.class);
        ServerStats.Distribution now = stats.currentDistribution("q", "help", () -> java.util.stream.LongStream.of(3), 1);
        assertThatThrownBy(() -> now.record(1)).isInstanceOf(IllegalStateException.class);
        assertThat(now.counts()).containsExactly(0, 1);
    }
}
