package dev.sockets.echo.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Limits;
import dev.sockets.common.server.Server;
import dev.sockets.common.testing.ServerFixture;
import dev.sockets.common.udp.DatagramClient;
import dev.sockets.common.udp.DatagramService;
import dev.sockets.common.udp.LoopGuard;
import dev.sockets.common.udp.UdpPolicy;
import dev.sockets.echo.TestServers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(30)
class EchoUdpTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 8192, DatagramService.MAX_PAYLOAD})
    void aDatagramComesBackWhole(int size) throws Exception {
        byte[] payload = new byte[size];
        new Random(size).nextBytes(payload);
        try (ServerFixture f = ServerFixture.start(TestServers.echo());
             DatagramClient c = DatagramClient.open(f.udp())) {
            assertThat(c.exchange(payload, WAIT)).hasValueSatisfying(r -> assertThat(r).isEqualTo(payload));
        }
    }

    @Test
    void aThousandDatagramsFromTenSocketsAreAllAnswered() throws Exception {
        try (ServerFixture f = ServerFixture.start(TestServers.echo());
             ExecutorService sockets = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> answered = new ArrayList<>();
            for (int s = 0; s < 10; s++) {
                int socket = s;
                answered.add(sockets.submit(() -> {
                    int ok = 0;
                    try (DatagramClient c = DatagramClient.open(f.udp())) {
                        for (int i = 0; i < 100; i++) {
                            byte[] p = ByteBuffer.allocate(64).putInt(socket).putInt(i).array();
                            Optional<byte[]> r = c.exchange(p, WAIT); // window of one: no client-side overflow
                            if (r.isPresent() && java.util.Arrays.equals(r.get(), p)) {
                                ok++;
                            }
                        }
                    }
                    return ok;
                }));
            }
            int total = 0;
            for (Future<Integer> a : answered) {
                total += a.get(20, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(1000);
            await().atMost(WAIT).untilAsserted(() -> assertThat(f.server().stats().snapshot())
                    .containsEntry("datagrams_in", 1000L).containsEntry("datagrams_out", 1000L));
        }
    }

    @Test
    void theLoopGuardDropsDatagramsFromTheEchoPortButAnswersTheNextNormalOne() throws Exception {
        DatagramClient fromEchoPort = null;
        Server server;
        try {
            fromEchoPort = DatagramClient.open(Endpoint.loopback(1), Endpoint.loopback(7)); // tests run as root
            server = TestServers.echo(); // default guard: port 7 among the blocked source ports
        } catch (IOException cannotBindPort7) {
            // no privilege or port 7 taken: guard the port we do get instead
            fromEchoPort = DatagramClient.open(Endpoint.loopback(1));
            server = EchoServer.create(Endpoint.loopback(0), false, true, Limits.defaults(),
                    new UdpPolicy(new LoopGuard(List.of(fromEchoPort.local().port())), null, DatagramService.MAX_PAYLOAD), null);
        }
        try (ServerFixture f = ServerFixture.start(server);
             DatagramClient guarded = DatagramClient.open(f.udp(), fromEchoPort.local());
             DatagramClient normal = DatagramClient.open(f.udp())) {
            fromEchoPort.close();
            guarded.send("would loop".getBytes());
            // One service thread handles datagrams in arrival order: this reply is a barrier.
            assertThat(normal.exchange("normal".getBytes(), WAIT)).hasValueSatisfying(r -> assertThat(r).isEqualTo("normal".getBytes()));
            assertThat(f.server().stats().snapshot()).containsEntry("dropped_loop", 1L);
            assertThat(guarded.receive(Duration.ofMillis(50))).isEmpty();
        } finally {
            fromEchoPort.close();
        }
    }
}
