package dev.sockets.common.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.common.tcp.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A refusal makes sure the client reads why, lingering up to a second; at most so many linger at once,
 * and beyond that a refused connection is closed at once and counted.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RefusalTest {

    private final ServerSocketChannel listener;
    private final LongAdder cutShort = new LongAdder();
    private final Refusal refusal = new Refusal("busy\r\n".getBytes(StandardCharsets.US_ASCII), 1, cutShort::increment);

    RefusalTest() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void close() throws IOException {
        listener.close();
    }

    /** A client socket and the server's end of it. */
    private record Pair(Socket client, Connection server) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            client.close();
            server.close();
        }
    }

    private Pair connect() throws IOException {
        Socket client = new Socket();
        client.connect(listener.getLocalAddress(), 5000);
        client.setSoTimeout(5000);
        return new Pair(client, new Connection(listener.accept()));
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }

    @Test
    void aClientThatKeepsTalkingStillReadsWhyAndIsClosedWithinTheLinger() throws Exception {
        try (Pair p = connect()) {
            p.client().getOutputStream().write("NICK a\r\nUSER a 0 * :a\r\n".getBytes(StandardCharsets.US_ASCII));
            CompletableFuture<Boolean> done = CompletableFuture.supplyAsync(() -> refuse(p.server()));
            assertThat(readAll(p.client().getInputStream())).as("message, then EOF").isEqualTo("busy\r\n");
            assertThat(done.get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(cutShort.sum()).isZero();
        }
    }

    @Test
    void beyondTheLingeringBoundARefusalIsClosedAtOnceAndCounted() throws Exception {
        try (Pair lingering = connect(); Pair next = connect(); Pair other = connect()) {
            // The first client never closes: its refusal lingers, holding the one place.
            CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> refuse(lingering.server()));
            assertThat(new String(lingering.client().getInputStream().readNBytes(6), StandardCharsets.US_ASCII))
                    .isEqualTo("busy\r\n");
            assertThat(first).isNotDone();
            assertThat(refuse(next.server())).as("cut short").isFalse();
            assertThat(refusal.withMessage("other\r\n".getBytes(StandardCharsets.US_ASCII)).refuse(other.server()))
                    .as("the bound is shared").isFalse();
            assertThat(cutShort.sum()).isEqualTo(2);
            next.server().close(); // what the caller does then
            assertThat(readAll(next.client().getInputStream())).as("closed without a word").isEmpty();

            assertThat(first.get(5, TimeUnit.SECONDS)).as("lingered its second, then gave the place back").isTrue();
            try (Pair later = connect()) {
                later.client().shutdownOutput();
                assertThat(refuse(later.server())).isTrue();
                assertThat(readAll(later.client().getInputStream())).isEqualTo("busy\r\n");
            }
        }
    }

    private boolean refuse(Connection c) {
        try {
            return refusal.refuse(c);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
