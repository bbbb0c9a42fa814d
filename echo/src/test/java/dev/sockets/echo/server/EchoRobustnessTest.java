package dev.sockets.echo.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.common.server.Server;
import dev.sockets.common.testing.ServerFixture;
import dev.sockets.common.udp.DatagramClient;
import dev.sockets.echo.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile and broken peers: random binary garbage, resets mid-write, half-closes at random points, and
 * a thousand slowloris connections. After each, an honest client is still served correctly.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EchoRobustnessTest {

    private static final long SEED = 862;

    @Test
    void randomConnectionPatternsNeverBreakTheServer() throws Exception {
        Random random = new Random(SEED);
        Server server = TestServers.echo();
        try (ServerFixture f = ServerFixture.start(server)) {
            for (int i = 0; i < 300; i++) {
                byte[] garbage = new byte[random.nextInt(200_000)];
                random.nextBytes(garbage);
                try (Socket s = connect(f)) {
                    OutputStream out = s.getOutputStream();
                    InputStream in = s.getInputStream();
                    int cut = garbage.length == 0 ? 0 : random.nextInt(garbage.length);
                    switch (random.nextInt(3)) {
                        case 0 -> { // reset in the middle of writing, without reading anything
                            out.write(garbage, 0, Math.min(cut, 32_768));
                            s.setSoLinger(true, 0);
                        }
                        case 1 -> { // half-close at a random point, then everything sent must come back
                            out.write(garbage, 0, cut);
                            s.shutdownOutput();
                            byte[] back = in.readAllBytes();
                            assertThat(back).isEqualTo(Arrays.copyOf(garbage, cut));
                        }
                        default -> { // write and read concurrently, then vanish
                            Thread writer = Thread.ofVirtual().start(() -> {
                                try {
                                    out.write(garbage);
                                } catch (IOException e) {
                                    // the reader may close first: that is the point
                                }
                            });
                            in.readNBytes(random.nextInt(garbage.length + 1));
                            s.setSoLinger(true, 0);
                            s.close();
                            writer.join(5000);
                        }
                    }
                }
            }
            assertHonestClientServed(f);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == 0);
        }
    }

    @Test
    void randomDatagramsAreAnsweredByteForByte() throws Exception {
        Random random = new Random(SEED);
        try (ServerFixture f = ServerFixture.start(TestServers.echo()); DatagramClient c = DatagramClient.open(f.udp())) {
            for (int i = 0; i < 200; i++) {
                byte[] garbage = new byte[random.nextInt(9000)];
                random.nextBytes(garbage);
                assertThat(c.exchange(garbage, Duration.ofSeconds(5))).hasValueSatisfying(b -> assertThat(b).isEqualTo(garbage));
            }
        }
    }

    @Test
    void aThousandSlowlorisConnectionsDoNotStopNewClients() throws Exception {
        Server server = TestServers.echo();
        List<Socket> slow = new ArrayList<>();
        try (ServerFixture f = ServerFixture.start(server)) {
            try {
                for (int i = 0; i < 1000; i++) {
                    Socket s = connect(f);
                    s.getOutputStream().write('x'); // one byte, then silence: each holds a connection
                    slow.add(s);
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> server.openConnections() >= 1000);
                long start = System.nanoTime();
                assertHonestClientServed(f);
                System.out.printf("1000 slowloris connections open: new echo client served in %.1f ms%n",
                        (System.nanoTime() - start) / 1e6);
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
        }
    }

    private static Socket connect(ServerFixture f) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(f.tcp().address(), f.tcp().port()), 5000);
        s.setSoTimeout(10_000);
        return s;
    }

    private static void assertHonestClientServed(ServerFixture f) throws IOException {
        try (Socket s = connect(f)) {
            byte[] hello = "hello, still there?\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            s.getOutputStream().write(hello);
            assertThat(s.getInputStream().readNBytes(hello.length)).isEqualTo(hello);
        }
    }
}
