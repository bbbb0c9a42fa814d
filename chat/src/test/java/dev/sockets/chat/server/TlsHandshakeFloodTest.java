package dev.sockets.chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.session.ChatTls;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Limits;
import dev.sockets.common.testing.LineClient;
import dev.sockets.common.tls.TlsMaterial;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A loop of connect / ClientHello / close on the TLS port from one address (issue #23): past the
 * per-address handshake rate the server closes those connections before any handshake work, counts
 * them, and a plain client from another address keeps chatting. Bounded: at most 3000 attempts or 3 s.
 */
@Timeout(60)
class TlsHandshakeFloodTest {

    @Test
    void aClientHelloFloodFromOneAddressIsCutToItsRateWhileOthersChat() throws Exception {
        SSLContext serverContext = TlsMaterial.selfSigned("irc.local").serverContext();
        InetAddress attacker = InetAddress.getByName("127.0.0.1");
        InetAddress honest = InetAddress.getByName("127.0.0.2");
        double rate = 10;
        ChatConfig config = ChatConfig.builder().tlsHandshakesPerIp(rate).build();
        try (ChatServer chat = new ChatServer(config, Endpoint.loopback(0), new ChatTls(Endpoint.loopback(0), serverContext),
                Limits.defaults().withGrace(Duration.ofSeconds(2)), null)) {
            chat.start();
            Endpoint tls = chat.tlsEndpoint();
            byte[] hello = clientHello();
            // A server in service has done handshakes before: the first one initialises the TLS stack.
            try (TlsLineClient warm = TlsLineClient.connect(tls).register("warm")) {
                assertThat(warm.protocol()).startsWith("TLSv1.");
            }
            AtomicInteger attempts = new AtomicInteger();
            AtomicInteger connected = new AtomicInteger();
            long floodStart = System.nanoTime();
            CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
                long end = floodStart + Duration.ofSeconds(3).toNanos();
                while (attempts.get() < 3000 && System.nanoTime() < end) {
                    try (Socket s = new Socket()) {
                        s.bind(new InetSocketAddress(attacker, 0));
                        s.connect(new InetSocketAddress(tls.address(), tls.port()), 2000);
                        connected.incrementAndGet(); // accepted by the kernel: the server will see it
                        s.getOutputStream().write(hello);
                    } catch (IOException e) {
                        // a refused or reset connection is what the flood is for
                    }
                    attempts.incrementAndGet();
                }
            });
            long worstPingMs = 0;
            int pings = 0;
            try (LineClient plain = LineClient.connectFrom(honest, chat.server().tcpEndpoint())) {
                plain.send("NICK honest").send("USER honest 0 * :Honest");
                plain.readUntil(l -> l.contains(" 376 ") || l.contains(" 422 "), "end of MOTD");
                while (!flood.isDone() && pings < 200) {
                    long t = System.nanoTime();
                    plain.send("PING :p" + pings);
                    assertThat(plain.readLine()).endsWith(":p" + pings);
                    long ms = (System.nanoTime() - t) / 1_000_000;
                    worstPingMs = Math.max(worstPingMs, ms);
                    pings++;
                }
            }
            flood.join();
            var refusedTls = chat.stats().counter("refused_tls_rate");
            var failedTls = chat.stats().counter("tls_handshake_failures");
            // Refused by the cap on one address's unregistered connections: on a loaded machine the handshakes
            // admitted are slow, so enough are in progress at once to reach it (this test failed so, once).
            var refusedUnregistered = chat.stats().counter("refused_unregistered_ip");
            var refusedAllUnregistered = chat.stats().counter("refused_unregistered");
            // Every connection the kernel accepted reaches the server: refused at once, or a handshake that
            // fails when the flooder closes.
            await().atMost(Duration.ofSeconds(20)).until(() -> refusedTls.sum() + refusedUnregistered.sum()
                    + refusedAllUnregistered.sum() + failedTls.sum() >= connected.get());
            // Until here, not only until the flood stopped: on a loaded machine the server may still be taking
            // connections from its backlog after the flooder is done, and the rate refills meanwhile.
            double seconds = (System.nanoTime() - floodStart) / 1e9;
            // Admitted to a handshake: the burst (twice the rate) plus what the rate refilled meanwhile.
            long allowed = (long) (2 * rate + rate * seconds) + 1;
            long refused = refusedTls.sum() + refusedUnregistered.sum() + refusedAllUnregistered.sum();
            assertThat(failedTls.sum()).as("handshakes started for %d connections in %.1f s", connected.get(), seconds)
                    .isLessThanOrEqualTo(allowed);
            assertThat(refused).isGreaterThanOrEqualTo(connected.get() - allowed);
            await().atMost(Duration.ofSeconds(10)).until(() -> chat.unregisteredCount() == 0);
            System.out.printf("TLS flood: %d ClientHellos from 127.0.0.1 in %.1f s, %d closed before any handshake "
                    + "work; a plain client on 127.0.0.2: %d PINGs, worst round trip %d ms%n",
                    attempts.get(), seconds, refused, pings, worstPingMs);
        }
    }

    /** The first flight of a real TLS client, as a flooder would replay it. */
    private static byte[] clientHello() throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("irc.local", 6697);
        engine.setUseClientMode(true);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        return Arrays.copyOf(out.array(), out.limit());
    }
}
