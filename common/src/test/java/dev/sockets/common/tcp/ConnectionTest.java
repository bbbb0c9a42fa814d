package dev.sockets.common.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockets.common.net.Endpoint;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A Connection from TcpClient.connect against a plain accepting socket on loopback. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ConnectionTest {

    private ServerSocketChannel listening;
    private Endpoint endpoint;

    @BeforeEach
    void listen() throws IOException {
        listening = ServerSocketChannel.open();
        listening.bind(new InetSocketAddress("127.0.0.1", 0));
        endpoint = Endpoint.of(listening.getLocalAddress());
    }

    @AfterEach
    void closeListening() throws IOException {
        listening.close();
    }

    @Test
    void bytesAreCountedBothWaysAndEndpointsAreKnown() throws IOException {
        AtomicLong serverIn = new AtomicLong();
        AtomicLong serverOut = new AtomicLong();
        try (Connection client = TcpClient.connect(endpoint, Duration.ofSeconds(5));
             Connection server = new Connection(listening.accept(), serverIn::addAndGet, serverOut::addAndGet)) {
            assertThat(client.remote()).isEqualTo(endpoint);
            assertThat(server.remote()).isEqualTo(client.local());
            assertThat(server.local()).isEqualTo(endpoint);

            client.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
            client.output().write(new byte[] {'!', '\n'});
            client.write(new ByteBuffer[] {ByteBuffer.wrap(new byte[3]), ByteBuffer.wrap(new byte[4])});
            byte[] got = server.input().readNBytes(14);
            assertThat(new String(got, 0, 7, StandardCharsets.US_ASCII)).isEqualTo("hello!\n");
            assertThat(client.bytesOut()).isEqualTo(14);
            assertThat(server.bytesIn()).isEqualTo(14);
            assertThat(serverIn).hasValue(14);

            server.output().write('x');
            ByteBuffer one = ByteBuffer.allocate(1);
            assertThat(client.read(one)).isEqualTo(1);
            assertThat(server.bytesOut()).isEqualTo(1);
            assertThat(serverOut).hasValue(1);
            assertThat(client.bytesIn()).isEqualTo(1);
            assertThat(client.writeStartedNanos()).isZero();
        }
    }

    @Test
    void closeIsIdempotentAndUnblocksAReader() throws Exception {
        try (Connection client = TcpClient.connect(endpoint, Duration.ofSeconds(5));
             SocketChannel peer = listening.accept()) {
            CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    client.read(ByteBuffer.allocate(16));
                    return null;
                } catch (IOException e) {
                    return e;
                }
            });
            // the reader is parked in read(); no data will ever come
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> client.isOpen() && !reader.isDone());
            client.close();
            client.close();
            assertThat(reader.get(5, TimeUnit.SECONDS)).isInstanceOf(ClosedChannelException.class);
            assertThat(client.isOpen()).isFalse();
            client.close();
            client.abort();
            client.shutdownOutput(); // on a closed connection: nothing to do, no exception
            assertThatThrownBy(() -> client.write(ByteBuffer.wrap(new byte[1]))).isInstanceOf(ClosedChannelException.class);
            // the peer sees an orderly end of stream
            assertThat(peer.read(ByteBuffer.allocate(1))).isEqualTo(-1);
        }
    }

    @Test
    void shutdownOutputHalfClosesAndTheReadTimeoutApplies() throws IOException {
        try (Connection client = TcpClient.connect(endpoint, Duration.ofSeconds(5));
             Connection server = new Connection(listening.accept())) {
            client.shutdownOutput();
            client.shutdownOutput();
            assertThat(server.input().read()).isEqualTo(-1);
            server.output().write('y');
            assertThat(client.input().read()).isEqualTo('y');
            client.setReadTimeout(Duration.ofMillis(50));
            assertThatThrownBy(() -> client.input().read()).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void abortResetsThePeer() throws IOException {
        try (Connection client = TcpClient.connect(endpoint, Duration.ofSeconds(5));
             Connection server = new Connection(listening.accept())) {
            server.abort();
            assertThat(server.isOpen()).isFalse();
            assertThatThrownBy(() -> {
                client.setReadTimeout(Duration.ofSeconds(5));
                client.input().read();
            }).isInstanceOf(SocketException.class).hasMessageContaining("reset");
        }
    }

    @Test
    void connectingToAClosedPortSaysSoInOneLine() throws IOException {
        // A port closed before the connect could be taken by another socket meanwhile; one bound and never
        // listening stays ours (no SO_REUSEADDR), and Linux refuses connections to it.
        try (SocketChannel boundNotListening = SocketChannel.open()) {
            boundNotListening.bind(new InetSocketAddress("127.0.0.1", 0));
            Endpoint closed = Endpoint.of(boundNotListening.getLocalAddress());
            assertThatThrownBy(() -> TcpClient.connect(closed, Duration.ofSeconds(5)))
                    .isInstanceOf(ConnectException.class)
                    .hasMessage("cannot connect to " + closed + ": connection refused (is the server running on that port?)");
        }
    }

    @Test
    void connectsOverIpv6Loopback() throws IOException {
        try (ServerSocketChannel v6 = ServerSocketChannel.open()) {
            v6.bind(new InetSocketAddress("::1", 0));
            Endpoint e = Endpoint.of(v6.getLocalAddress());
            try (Connection client = TcpClient.connect(e, Duration.ofSeconds(5));
                 SocketChannel peer = v6.accept()) {
                assertThat(client.remote()).hasToString("[::1]:" + e.port());
                assertThat(peer.getRemoteAddress()).isEqualTo(client.local().toSocketAddress());
                assertThat(client.toString()).contains("[::1]:" + e.port());
            }
        }
    }
}
