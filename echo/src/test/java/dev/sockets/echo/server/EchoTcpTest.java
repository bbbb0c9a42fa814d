package dev.sockets.echo.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.common.tcp.Connection;
import dev.sockets.common.testing.LineClient;
import dev.sockets.common.testing.ServerFixture;
import dev.sockets.echo.TestServers;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EchoTcpTest {

    private ServerFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = ServerFixture.start(TestServers.echo());
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private Socket connect() throws Exception {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(fixture.tcp().address(), fixture.tcp().port()), 5000);
        s.setSoTimeout(10_000);
        return s;
    }

    @Test
    void echoesAllByteValues() throws Exception {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        try (LineClient c = fixture.connect()) {
            c.sendRaw(all);
            assertThat(c.readBytes(256)).isEqualTo(all);
        }
    }

    @Test
    void eightMebibytesWrittenAndReadConcurrentlyComeBackIntact() throws Exception {
        byte[] data = new byte[8 << 20];
        new Random(862).nextBytes(data);
        try (Socket s = connect()) {
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = s.getOutputStream();
                    for (int off = 0; off < data.length; off += 100_000) {
                        out.write(data, off, Math.min(100_000, data.length - off));
                    }
                    s.shutdownOutput();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] back = s.getInputStream().readAllBytes();
            writer.join(10_000);
            assertThat(back.length).isEqualTo(data.length);
            assertThat(back).isEqualTo(data);
        }
    }

    @Test
    void halfCloseGetsEverythingBackThenEndOfStream() throws Exception {
        try (Socket s = connect()) {
            byte[] data = "everything before the FIN\nand more".getBytes();
            s.getOutputStream().write(data);
            s.shutdownOutput();
            assertThat(s.getInputStream().readAllBytes()).isEqualTo(data); // readAllBytes ends only at the server's FIN
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> fixture.server().stats().connectionsOpen() == 0);
    }

    @Test
    void twoHundredConcurrentClientsAreEachEchoedTheirOwnBytes() throws Exception {
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                int id = i;
                results.add(clients.submit(() -> {
                    byte[] mine = new byte[2000];
                    new Random(id).nextBytes(mine);
                    try (Socket s = connect()) {
                        s.getOutputStream().write(mine);
                        byte[] back = s.getInputStream().readNBytes(mine.length);
                        return java.util.Arrays.equals(mine, back);
                    }
                }));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get(20, TimeUnit.SECONDS)).isTrue();
            }
        }
        assertThat(fixture.server().stats().connectionsTotal()).isEqualTo(200);
    }

    @Test
    void aClientThatNeverReadsIsHeldBackWithBoundedMemoryWhileOthersAreServed() throws Exception {
        long toSend = 64L << 20;
        AtomicLong written = new AtomicLong();
        try (Socket stalled = connect()) {
            Thread writer = Thread.ofVirtual().start(() -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    OutputStream out = stalled.getOutputStream();
                    while (written.get() < toSend) {
                        out.write(chunk);
                        written.addAndGet(chunk.length);
                    }
                } catch (Exception e) {
                    // the socket is closed at the end of the test
                }
            });
            Connection onServer = await().atMost(Duration.ofSeconds(5))
                    .until(() -> serverSideOf(stalled), c -> c != null);
            long[] last = {-1};
            // The server stops reading once its writes block: bytes_in stops growing.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
                long now = onServer.bytesIn();
                boolean stable = now == last[0] && now > 0;
                last[0] = now;
                return stable;
            });
            assertThat(writer.isAlive()).as("the stalled client's write blocks").isTrue();
            assertThat(written.get()).isLessThan(toSend);
            assertThat(onServer.bytesIn() - onServer.bytesOut()).isBetween(0L, (long) EchoHandler.BUFFER_SIZE);

            try (LineClient other = fixture.connect()) {
                other.send("still served");
                assertThat(other.readLine()).isEqualTo("still served");
            }
            stalled.close();
            writer.join(5000);
            assertThat(writer.isAlive()).isFalse();
        }
    }

    private Connection serverSideOf(Socket client) {
        return fixture.server().connections().stream()
                .filter(c -> c.remote().port() == client.getLocalPort())
                .findFirst().orElse(null);
    }

    @Test
    void fiveHundredAbruptResetsLeaveTheServerServing() throws Exception {
        for (int i = 0; i < 500; i++) {
            Socket s = connect();
            s.setSoLinger(true, 0);
            if (i % 2 == 0) {
                s.getOutputStream().write(("reset me " + i).getBytes());
            }
            s.close(); // RST instead of FIN
        }
        try (LineClient c = fixture.connect()) {
            c.send("after the storm");
            assertThat(c.readLine()).isEqualTo("after the storm");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> fixture.server().stats().connectionsTotal() >= 501
                && fixture.server().stats().connectionsOpen() == 0);
    }
}
