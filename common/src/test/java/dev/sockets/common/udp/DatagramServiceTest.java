package dev.sockets.common.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Server;
import dev.sockets.common.testing.ServerFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 15, unit = TimeUnit.SECONDS)
class DatagramServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** Echo: the reply is the request. */
    private static final DatagramHandler ECHO = (source, request, reply) -> {
        reply.put(request);
        return true;
    };

    private static Server echoServer(String address, UdpPolicy policy) {
        return Server.builder("udp").udp(Endpoint.parse(address, 0), ECHO, policy).build();
    }

    @Test
    void theHandlerGetsTheRequestReadOnly() throws IOException {
        Server server = Server.builder("udp").udp(Endpoint.loopback(0), (source, request, reply) -> {
            try {
                request.put(request.position(), (byte) 'X');
                reply.put((byte) 'w');
            } catch (java.nio.ReadOnlyBufferException e) {
                reply.put((byte) 'r');
            }
            reply.put(request);
            return true;
        }, UdpPolicy.open()).build();
        try (ServerFixture f = ServerFixture.start(server); DatagramClient client = DatagramClient.open(f.udp())) {
            assertThat(client.exchange("abc".getBytes(), WAIT)).hasValueSatisfying(b -> assertThat(new String(b)).isEqualTo("rabc"));
            assertThat(client.exchange("de".getBytes(), WAIT)).hasValueSatisfying(b -> assertThat(new String(b)).isEqualTo("rde"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void emptyAndLargestDatagramsGoBothWaysWhole(String loopback) throws IOException {
        Server server = echoServer(loopback, UdpPolicy.defaults());
        try (ServerFixture f = ServerFixture.start(server); DatagramClient client = DatagramClient.open(f.udp())) {
            assertThat(server.udpEndpoint().port()).isPositive();
            assertThat(server.tcpEndpoint()).isNull();

            Optional<byte[]> empty = client.exchange(new byte[0], WAIT);
            assertThat(empty).hasValueSatisfying(b -> assertThat(b).isEmpty());

            byte[] largest = new byte[DatagramService.MAX_PAYLOAD];
            new Random(7).nextBytes(largest);
            Optional<byte[]> echoed = client.exchange(largest, WAIT);
            assertThat(echoed).isPresent();
            assertThat(echoed.get()).hasSize(65_507).isEqualTo(largest);

            assertThat(server.stats().snapshot())
                    .containsEntry("datagrams_in", 2L).containsEntry("datagrams_out", 2L);
        }
    }

    @Test
    void theClientRefusesToSendMoreThanTheMaximum() throws IOException {
        try (DatagramClient client = DatagramClient.open(Endpoint.loopback(9))) {
            assertThatThrownBy(() -> client.send(new byte[DatagramService.MAX_PAYLOAD + 1]))
                    .isInstanceOf(IOException.class)
                    .hasMessage("datagram of 65508 bytes is larger than 65507");
        }
    }

    @Test
    void anOversizedIpv6DatagramIsDroppedAndCountedNotTruncated() throws IOException {
        Server server = echoServer("::1", UdpPolicy.open());
        try (ServerFixture f = ServerFixture.start(server);
             DatagramChannel raw = DatagramChannel.open();
             DatagramClient client = DatagramClient.open(f.udp())) {
            raw.send(ByteBuffer.allocate(DatagramService.MAX_PAYLOAD + 1), f.udp().toSocketAddress());
            await().atMost(WAIT).until(() -> server.stats().snapshot().get("dropped_oversize") == 1L);
            assertThat(server.stats().snapshot()).containsEntry("datagrams_out", 0L);
            // and the service goes on answering
            assertThat(client.exchange(new byte[] {1}, WAIT)).hasValueSatisfying(b -> assertThat(b).containsExactly(1));
        }
    }

    @Test
    void theLoopGuardDropsDatagramsFromABlockedSourcePortAndCountsThem() throws IOException {
        try (DatagramChannel blockedSource = DatagramChannel.open()) {
            blockedSource.bind(new InetSocketAddress("127.0.0.1", 0));
            int blockedPort = ((InetSocketAddress) blockedSource.getLocalAddress()).getPort();
            UdpPolicy policy = new UdpPolicy(new LoopGuard(Set.of(blockedPort)), null, 0);
            Server server = echoServer("127.0.0.1", policy);
            try (ServerFixture f = ServerFixture.start(server); DatagramClient other = DatagramClient.open(f.udp())) {
                blockedSource.send(ByteBuffer.wrap(new byte[] {42}), f.udp().toSocketAddress());
                await().atMost(WAIT).until(() -> server.stats().snapshot().get("dropped_loop") == 1L);
                // nothing was sent back to the blocked port
                blockedSource.configureBlocking(false);
                assertThat(blockedSource.receive(ByteBuffer.allocate(16))).isNull();
                assertThat(server.stats().snapshot()).containsEntry("datagrams_in", 1L).containsEntry("datagrams_out", 0L);

                assertThat(other.exchange(new byte[] {1, 2}, WAIT)).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2));
            }
        }
    }

    @Test
    void theRateLimiterDropsRepliesOverTheBurst() throws IOException {
        // loopback not exempt here, a burst of 2 and a refill so slow (one token per 1000 s) that no stall of
        // a loaded machine lets a third reply through: of 5 datagrams, 2 are answered
        UdpPolicy policy = new UdpPolicy(LoopGuard.none(), new ReplyRateLimiter(0.001, 2, false), 0);
        Server server = echoServer("127.0.0.1", policy);
        try (ServerFixture f = ServerFixture.start(server); DatagramClient client = DatagramClient.open(f.udp())) {
            for (int i = 0; i < 5; i++) {
                client.send(new byte[] {(byte) i});
            }
            // datagrams_in counts a datagram before its rate decision: wait until all 5 are decided
            await().atMost(WAIT).until(() -> server.stats().snapshot().get("dropped_rate")
                    + server.stats().snapshot().get("datagrams_out") == 5L);
            assertThat(server.stats().snapshot()).containsEntry("dropped_rate", 3L).containsEntry("datagrams_out", 2L);
            assertThat(client.receive(WAIT)).hasValueSatisfying(b -> assertThat(b).containsExactly(0));
            assertThat(client.receive(WAIT)).hasValueSatisfying(b -> assertThat(b).containsExactly(1));
        }
    }

    @Test
    void aFailingHandlerDoesNotStopTheService() throws IOException {
        DatagramHandler picky = (source, request, reply) -> {
            if (request.get(0) == 0) {
                throw new IllegalStateException("handler bug (expected by this test)");
            }
            reply.put((byte) 'k');
            return request.get(0) == 1;
        };
        DatagramService service = new DatagramService("picky", Endpoint.loopback(0), picky, null);
        try (service; DatagramClient client = DatagramClient.open(service.bind())) {
            service.start();
            client.send(new byte[] {0});
            client.send(new byte[] {2}); // handled, no reply wanted
            assertThat(client.exchange(new byte[] {1}, WAIT)).hasValueSatisfying(b -> assertThat(b).containsExactly('k'));
            assertThat(service.datagramsIn()).isEqualTo(3);
            assertThat(service.datagramsOut()).isEqualTo(1);
            assertThat(service.bytesIn()).isEqualTo(3);
            assertThat(service.bytesOut()).isEqualTo(1);
        }
        service.close(); // idempotent
    }

    @Test
    void receiveTimesOutEmpty() throws IOException {
        DatagramService silent = new DatagramService("silent", Endpoint.loopback(0), (s, q, r) -> false, null);
        try (silent; DatagramClient client = DatagramClient.open(silent.bind())) {
            silent.start();
            assertThat(client.exchange(new byte[] {1}, Duration.ofMillis(100))).isEmpty();
            assertThat(client.server()).isEqualTo(silent.endpoint());
            assertThat(client.local().port()).isPositive();
        }
    }
}
