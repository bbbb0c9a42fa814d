package dev.sockets.common.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.testing.LineClient;
import dev.sockets.common.testing.ServerFixture;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ServerStatsTest {

    @Test
    void theLogfmtLineListsTheBuiltInCountersThenGaugesThenProtocolCounters() {
        ServerStats stats = new ServerStats("echo");
        stats.counter("lines").add(3);
        stats.counter("lines").increment();
        stats.gauge("channels", () -> 2);
        stats.connectionOpened();
        stats.connectionOpened();
        stats.connectionClosed();
        stats.connectionRefused();
        stats.addBytesIn(10);
        stats.addBytesOut(7);
        stats.idleTimeout();
        stats.writeTimeout();
        assertThat(stats.toLogfmt()).isEqualTo("server=echo connections_open=1 connections_total=2 connections_refused=1 "
                + "bytes_in=10 bytes_out=7 timeouts_idle=1 timeouts_write=1 channels=2 lines=4");
        assertThat(stats).hasToString(stats.toLogfmt());
        assertThat(stats.snapshot()).containsEntry("lines", 4L).containsEntry("connections_total", 2L);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aServerCountsItsConnectionsAndBytes() throws IOException {
        ServerStats stats = new ServerStats("echo");
        Server server = Server.builder("echo").stats(stats)
                .tcp(Endpoint.loopback(0), c -> c.output().write(c.input().readNBytes(4)))
                .udp(Endpoint.loopback(0), (s, q, r) -> false, null)
                .build();
        try (ServerFixture f = ServerFixture.start(server); LineClient c = f.connect()) {
            assertThat(server.stats()).isSameAs(stats);
            c.sendRaw(new byte[] {1, 2, 3, 4});
            assertThat(c.readBytes(4)).containsExactly(1, 2, 3, 4);
            c.awaitClosed();
            await().atMost(Duration.ofSeconds(5)).until(() -> stats.connectionsOpen() == 0);
            assertThat(stats.toLogfmt()).startsWith("server=echo connections_open=0 connections_total=1 "
                    + "connections_refused=0 bytes_in=4 bytes_out=4 timeouts_idle=0 timeouts_write=0 ")
                    .contains(" datagrams_in=0", " datagrams_out=0", " dropped_loop=0", " dropped_rate=0",
                            " accept_failures=0");
        }
    }
}
