package dev.sockets.common.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Loop connections (the server's side on an {@link EventLoop}) against plain blocking client sockets: reads
 * that wait for the selector still see every byte and the end, a write to a peer that does not read waits
 * without holding the loop, and close unblocks a waiting read.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class EventLoopTest {

    private ServerSocketChannel listening;
    private EventLoops loops;

    @BeforeEach
    void open() throws IOException {
        listening = ServerSocketChannel.open();
        listening.bind(new InetSocketAddress("127.0.0.1", 0));
        loops = EventLoops.open("test", 1);
        assertThat(loops).as("the test JVM opens java.lang as the jars do (argLine)").isNotNull();
    }

    @AfterEach
    void close() throws IOException {
        listening.close();
        loops.close();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(listening.getLocalAddress(), 5000);
        s.setSoTimeout(10_000);
        return s;
    }

    /** Accepts one connection and echoes it on the loop until the peer's end; completes with the bytes echoed. */
    private CompletableFuture<Long> echoOnLoop() throws IOException {
        Connection connection = new Connection(listening.accept());
        CompletableFuture<Long> done = new CompletableFuture<>();
        EventLoop loop = loops.next();
        loop.newThread("echo", () -> {
            try (connection) {
                connection.onLoop(loop);
                ByteBuffer buffer = ByteBuffer.allocate(1024);
                while (connection.read(buffer) >= 0) {
                    buffer.flip();
                    connection.write(buffer);
                    buffer.clear();
                }
                connection.shutdownOutput();
                done.complete(connection.bytesOut());
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        }).start();
        return done;
    }

    @Test
    void pingPongInPiecesThenTheEnd() throws Exception {
        try (Socket client = connect()) {
            CompletableFuture<Long> echoed = echoOnLoop();
            OutputStream out = client.getOutputStream();
            InputStream in = client.getInputStream();
            for (int round = 0; round < 200; round++) { // each read leaves room: the next waits for the selector
                byte[] ping = ("ping " + round + "\n").getBytes();
                out.write(ping, 0, 2); // two segments for one request: the second arrives while the first is echoed
                out.write(ping, 2, ping.length - 2);
                assertThat(in.readNBytes(ping.length)).isEqualTo(ping);
            }
            client.shutdownOutput();
            assertThat(in.read()).as("the echo's end after ours").isEqualTo(-1);
            assertThat(echoed.get(5, TimeUnit.SECONDS)).isPositive();
        }
    }

    @Test
    void aPeerThatDoesNotReadHoldsOnlyItsOwnConnection() throws Exception {
        byte[] bulk = new byte[8 * 1024 * 1024]; // far more than two socket buffers hold
        for (int i = 0; i < bulk.length; i++) {
            bulk[i] = (byte) (i * 31 + (i >>> 11));
        }
        try (Socket slow = connect(); Socket other = connect()) {
            Connection toSlow = new Connection(listening.accept());
            CompletableFuture<Void> written = new CompletableFuture<>();
            EventLoop loop = loops.next();
            loop.newThread("bulk", () -> {
                try (toSlow) {
                    toSlow.onLoop(loop);
                    toSlow.write(ByteBuffer.wrap(bulk));
                    toSlow.shutdownOutput();
                    written.complete(null);
                } catch (IOException e) {
                    written.completeExceptionally(e);
                }
            }).start();
            CompletableFuture<Long> echoed = echoOnLoop();

            // The bulk write is stuck on a full window; the other connection of the same loop is served.
            other.getOutputStream().write("still served\n".getBytes());
            assertThat(other.getInputStream().readNBytes(13)).isEqualTo("still served\n".getBytes());
            assertThat(written).isNotDone();

            assertThat(Arrays.equals(slow.getInputStream().readAllBytes(), bulk)).as("every byte, in order").isTrue();
            written.get(5, TimeUnit.SECONDS);
            other.shutdownOutput();
            assertThat(echoed.get(5, TimeUnit.SECONDS)).isEqualTo(13);
        }
    }

    @Test
    void closeFromAnotherThreadEndsAWaitingReadAndThePeerSeesTheEnd() throws Exception {
        try (Socket client = connect()) {
            Connection connection = new Connection(listening.accept());
            CompletableFuture<Void> onLoop = new CompletableFuture<>();
            CompletableFuture<Throwable> ended = new CompletableFuture<>();
            EventLoop loop = loops.next();
            loop.newThread("idle", () -> {
                try {
                    connection.onLoop(loop);
                    onLoop.complete(null);
                    connection.read(ByteBuffer.allocate(16));
                    ended.complete(null);
                } catch (IOException | RuntimeException e) {
                    ended.complete(e);
                }
            }).start();
            onLoop.get(5, TimeUnit.SECONDS);
            connection.close(); // as the watchdog closes an idle connection
            assertThat(ended.get(5, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
            assertThat(client.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void manyConnectionsOnOneLoop() throws Exception {
        List<Socket> clients = new ArrayList<>();
        List<CompletableFuture<Long>> echoes = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                clients.add(connect());
                echoes.add(echoOnLoop());
            }
            for (int round = 0; round < 20; round++) {
                for (Socket c : clients) {
                    c.getOutputStream().write(new byte[] {(byte) round, 1, 2});
                }
                for (Socket c : clients) {
                    assertThat(c.getInputStream().readNBytes(3)).containsExactly((byte) round, 1, 2);
                }
            }
            for (Socket c : clients) {
                c.shutdownOutput();
            }
            for (CompletableFuture<Long> e : echoes) {
                assertThat(e.get(5, TimeUnit.SECONDS)).isEqualTo(60);
            }
        } finally {
            for (Socket c : clients) {
                c.close();
            }
        }
    }

    @Test
    void aFullBufferReadsNothingAtOnce() throws Exception {
        try (Socket client = connect()) {
            Connection connection = new Connection(listening.accept());
            CompletableFuture<Integer> read = new CompletableFuture<>();
            EventLoop loop = loops.next();
            loop.newThread("full", () -> {
                try (connection) {
                    connection.onLoop(loop);
                    read.complete(connection.read(ByteBuffer.allocate(0)));
                } catch (IOException e) {
                    read.completeExceptionally(e);
                }
            }).start();
            assertThat(read.get(5, TimeUnit.SECONDS)).isZero();
        }
    }
}
