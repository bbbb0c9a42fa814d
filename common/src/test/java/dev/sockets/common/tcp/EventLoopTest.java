package dev.sockets.common.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Loop connections (the server's side on an {@link EventLoop}) against plain blocking client sockets: reads
 * that wait for the selector still see every byte and the end, a write to a peer that does not read waits
 * without holding the loop, close unblocks a waiting read, threads that yield neither stall nor starve the
 * loop, and a closed loop rejects new threads.
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

    /** A buffer size set before connect, so that the window the socket advertises stays that small. */
    private Socket connectWithReceiveBuffer(int bytes) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(bytes);
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
        byte[] bulk = new byte[8 * 1024 * 1024]; // far more than the two small socket buffers below hold
        for (int i = 0; i < bulk.length; i++) {
            bulk[i] = (byte) (i * 31 + (i >>> 11));
        }
        try (Socket slow = connectWithReceiveBuffer(16 * 1024); Socket other = connect()) {
            SocketChannel accepted = listening.accept();
            accepted.setOption(StandardSocketOptions.SO_SNDBUF, 16 * 1024);
            Connection toSlow = new Connection(accepted);
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
            CompletableFuture<Throwable> ended = new CompletableFuture<>();
            EventLoop loop = loops.next();
            Thread idle = loop.newThread("idle", () -> {
                try {
                    connection.onLoop(loop);
                    connection.read(ByteBuffer.allocate(16));
                    ended.complete(null);
                } catch (IOException | RuntimeException e) {
                    ended.complete(e);
                }
            });
            idle.start();
            // Parked in its read (nothing else parks it), so the close below really ends a waiting read.
            await().atMost(Duration.ofSeconds(5)).until(() -> idle.getState() == Thread.State.WAITING);
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
    void aThreadThatYieldsOnAnIdleLoopResumes() throws Exception {
        // Started from outside it runs among the loop's queued tasks; its yield comes back from the loop's own
        // thread while no socket is ready to wake the selector.
        CompletableFuture<Void> resumed = new CompletableFuture<>();
        loops.next().newThread("yield", () -> {
            Thread.yield();
            resumed.complete(null);
        }).start();
        resumed.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aThreadThatKeepsYieldingDoesNotStarveTheLoopsSockets() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong yields = new AtomicLong();
        CompletableFuture<Void> spinnerEnded = new CompletableFuture<>();
        loops.next().newThread("spinner", () -> {
            while (!stop.get()) {
                yields.incrementAndGet();
                Thread.yield();
            }
            spinnerEnded.complete(null);
        }).start();
        try (Socket client = connect()) {
            // Spinning already, so the connection below arrives while the loop is busy with it.
            await().atMost(Duration.ofSeconds(5)).until(() -> yields.get() > 1000);
            client.setSoTimeout(5000);
            CompletableFuture<Long> echoed = echoOnLoop();
            client.getOutputStream().write("served\n".getBytes());
            assertThat(client.getInputStream().readNBytes(7)).isEqualTo("served\n".getBytes());
            client.shutdownOutput();
            assertThat(echoed.get(5, TimeUnit.SECONDS)).isEqualTo(7);
        } finally {
            stop.set(true);
        }
        spinnerEnded.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aClosedLoopRejectsANewThreadSoItsStarterCanCleanUp() throws Exception {
        EventLoop loop = loops.next();
        loop.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> !loop.isRunning());
        Thread late = loop.newThread("late", () -> { });
        assertThatThrownBy(late::start).isInstanceOf(RejectedExecutionException.class);
        assertThat(loops.next()).as("the only loop, though it rejects").isSameAs(loop);
    }

    @Test
    void theBlockingOnlyPartsOfALoopConnectionFailAtOnce() throws Exception {
        try (Socket client = connect(); Connection connection = new Connection(listening.accept())) {
            EventLoop loop = loops.next();
            CompletableFuture<Void> onLoop = new CompletableFuture<>();
            loop.newThread("onLoop", () -> {
                try {
                    connection.onLoop(loop);
                    onLoop.complete(null);
                } catch (IOException e) {
                    onLoop.completeExceptionally(e);
                }
            }).start();
            onLoop.get(5, TimeUnit.SECONDS);
            assertThatThrownBy(connection::input).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> connection.setReadTimeout(Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> connection.layer(client)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not for a loop connection");
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
