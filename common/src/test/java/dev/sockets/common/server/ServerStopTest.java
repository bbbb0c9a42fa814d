package dev.sockets.common.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.tcp.Connection;
import dev.sockets.common.tcp.TcpClient;
import dev.sockets.common.testing.LineClient;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ServerStopTest {

    /** Reads until end of stream: it ends only when the client or the server closes the connection. */
    private static void readToEnd(Connection c) throws IOException {
        while (c.input().read() >= 0) {
            // discard
        }
    }

    @Test
    void aHandlerThatFinishesWithinTheGraceMakesAStopClean() throws Exception {
        CountDownLatch stopping = new CountDownLatch(1);
        CountDownLatch handling = new CountDownLatch(1);
        AtomicReference<Throwable> connectDuringStop = new AtomicReference<>();
        AtomicReference<Server> self = new AtomicReference<>();
        Server server = Server.builder("t")
                .tcp(Endpoint.loopback(0), c -> {
                    handling.countDown();
                    try {
                        stopping.await(); // the protocol finishes its conversation when told to stop
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    c.output().write("bye\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                })
                .onStopping(() -> {
                    // listeners are closed before the hook runs: nobody new gets in
                    try (Connection late = TcpClient.connect(self.get().tcpEndpoint(), Duration.ofSeconds(2))) {
                        connectDuringStop.set(new AssertionError("connected during stop: " + late));
                    } catch (IOException e) {
                        connectDuringStop.set(e);
                    }
                    stopping.countDown();
                })
                .build();
        self.set(server);
        server.start();
        try (LineClient client = LineClient.connect(server.tcpEndpoint())) {
            assertThat(handling.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(server.stop(Duration.ofSeconds(5))).isTrue();
            assertThat(client.readLine()).isEqualTo("bye");
            client.awaitClosed();
        }
        assertThat(connectDuringStop.get()).isInstanceOf(ConnectException.class);
        assertThat(server.isStopped()).isTrue();
        assertThat(server.stats().connectionsOpen()).isZero();
        // idempotent
        assertThat(server.stop(Duration.ofSeconds(5))).isTrue();
        server.close();
    }

    @Test
    void aHandlerThatOverrunsTheGraceIsClosed() throws Exception {
        CountDownLatch handling = new CountDownLatch(1);
        Server server = Server.builder("t").tcp(Endpoint.loopback(0), c -> {
            handling.countDown();
            readToEnd(c); // the client never sends nor closes
        }).build();
        server.start();
        try (LineClient client = LineClient.connect(server.tcpEndpoint())) {
            assertThat(handling.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(server.stop(Duration.ofMillis(200))).isFalse();
            client.awaitClosed();
            assertThat(server.openConnections()).isZero();
            assertThat(server.stats().connectionsOpen()).isZero();
            assertThat(server.isStopped()).isTrue();
            assertThatThrownBy(() -> TcpClient.connect(server.tcpEndpoint(), Duration.ofSeconds(2)))
                    .isInstanceOf(ConnectException.class);
        }
        assertThat(server.stop(Duration.ofSeconds(1))).isTrue(); // again: nothing left to wait for
    }

    @Test
    void aSecondConcurrentStopClosesEverythingAtOnce() throws Exception {
        CountDownLatch handling = new CountDownLatch(1);
        Server server = Server.builder("t").tcp(Endpoint.loopback(0), c -> {
            handling.countDown();
            readToEnd(c);
        }).build();
        server.start();
        try (LineClient client = LineClient.connect(server.tcpEndpoint())) {
            assertThat(handling.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Boolean> patient = CompletableFuture.supplyAsync(() -> server.stop(Duration.ofMinutes(5)));
            await().atMost(Duration.ofSeconds(5)).until(server::isStopping);
            server.stop(Duration.ZERO); // e.g. a second SIGTERM
            client.awaitClosed();
            // the first stop sees the connections gone long before its five minutes
            assertThat(patient.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(server.isStopped()).isTrue();
        }
    }

    /**
     * A second signal's stop(0) can win the race against the runner's own stop(grace), which then only joins
     * in; the runner logs the final stats as soon as its call returns, so that call waits for the connections
     * to end too (ReliabilityIT.secondSigtermClosesAtOnce saw {@code connections_open=1} in that line).
     */
    @Test
    void aStopThatLosesTheRaceReturnsOnlyOnceTheConnectionsHaveEnded() throws Exception {
        CountDownLatch handling = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Server server = Server.builder("t").tcp(Endpoint.loopback(0), c -> {
            handling.countDown();
            try {
                readToEnd(c);
            } catch (IOException closed) {
                // closed by the stop: what the handler still does follows
            }
            try {
                release.await(10, TimeUnit.SECONDS); // still finishing after its socket was closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).build();
        server.start();
        try (LineClient client = LineClient.connect(server.tcpEndpoint())) {
            assertThat(handling.await(5, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> server.stop(Duration.ZERO));
            await().atMost(Duration.ofSeconds(5)).until(server::isStopping);
            AtomicReference<Long> openWhenReturned = new AtomicReference<>();
            Thread second = Thread.ofPlatform().start(() -> {
                server.stop(Duration.ofSeconds(60));
                openWhenReturned.set(server.stats().connectionsOpen());
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> second.getState() == Thread.State.TERMINATED
                    || second.getState() == Thread.State.TIMED_WAITING);
            release.countDown();
            assertThat(second.join(Duration.ofSeconds(10))).isTrue();
            assertThat(openWhenReturned.get()).as("connections open when the losing stop returned").isZero();
            first.get(10, TimeUnit.SECONDS);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aHandlerIgnoringTheCloseDoesNotHangStopForever() throws Exception {
        CountDownLatch handling = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Server server = Server.builder("t").tcp(Endpoint.loopback(0), c -> {
            handling.countDown();
            try {
                never.await(); // not reading: closing the socket does not wake it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).build();
        server.start();
        try (LineClient client = LineClient.connect(server.tcpEndpoint())) {
            assertThat(handling.await(5, TimeUnit.SECONDS)).isTrue();
            long t0 = System.nanoTime();
            assertThat(server.stop(Duration.ofMillis(100))).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            client.awaitClosed(); // its socket was closed even though the handler still runs
        } finally {
            never.countDown();
        }
    }
}
