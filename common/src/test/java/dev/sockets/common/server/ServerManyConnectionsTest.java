package dev.sockets.common.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.testing.ServerFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ServerManyConnectionsTest {

    private static final int CLIENTS = 1000;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void servesAThousandConnectionsAtOnce() throws Exception {
        CountDownLatch allServed = new CountDownLatch(CLIENTS);
        CountDownLatch release = new CountDownLatch(1);
        Server server = Server.builder("many").tcp(Endpoint.loopback(0), c -> {
            allServed.countDown();
            try {
                release.await(); // every handler holds its connection open at the same time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            c.output().write('.');
        }).build();
        List<Socket> clients = new ArrayList<>(CLIENTS);
        try (ServerFixture f = ServerFixture.start(server)) {
            InetSocketAddress target = f.tcp().toSocketAddress();
            for (int i = 0; i < CLIENTS; i++) {
                Socket s = new Socket();
                clients.add(s);
                s.connect(target, 5000);
            }
            assertThat(allServed.await(30, TimeUnit.SECONDS)).as("all %d handlers running", CLIENTS).isTrue();
            assertThat(server.openConnections()).isEqualTo(CLIENTS);
            assertThat(server.stats().connectionsOpen()).isEqualTo(CLIENTS);

            release.countDown();
            for (Socket s : clients) {
                s.setSoTimeout(10_000);
                assertThat(s.getInputStream().read()).isEqualTo('.');
                assertThat(s.getInputStream().read()).as("closed by the server").isEqualTo(-1);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().connectionsOpen() == 0);
            assertThat(server.openConnections()).isZero();
            assertThat(server.stats().connectionsTotal()).isEqualTo(CLIENTS);
        } finally {
            release.countDown();
            for (Socket s : clients) {
                closeQuietly(s);
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // test cleanup
        }
    }
}
