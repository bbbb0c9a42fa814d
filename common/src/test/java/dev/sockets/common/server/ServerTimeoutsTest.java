package dev.sockets.common.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.tcp.ConnectionHandler;
import dev.sockets.common.testing.LineClient;
import dev.sockets.common.testing.ServerFixture;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The watchdog's idle and write timeouts, the same for a handler on a virtual thread of its own as for one
 * on the server's event loops.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ServerTimeoutsTest {

    /** Where a handler runs. */
    enum Threading {
        OWN_THREAD {
            @Override
            ConnectionHandler waitingForBytes() {
                return c -> {
                    while (c.input().read() >= 0) {
                        // waits for bytes that never come
                    }
                };
            }

            @Override
            ConnectionHandler of(ConnectionHandler h) {
                return h;
            }
        },
        /** On the loops: no streams, read and write only. */
        ON_LOOP {
            @Override
            ConnectionHandler waitingForBytes() {
                return of(c -> {
                    ByteBuffer b = ByteBuffer.allocate(256);
                    while (c.read(b) >= 0) {
                        b.clear(); // waits for bytes that never come
                    }
                });
            }

            @Override
            ConnectionHandler of(ConnectionHandler h) {
                return (ConnectionHandler.OnLoop) h::handle;
            }
        };

        abstract ConnectionHandler waitingForBytes();

        /** {@code h}, run here. */
        abstract ConnectionHandler of(ConnectionHandler h);
    }

    @ParameterizedTest
    @EnumSource(Threading.class)
    void anIdleConnectionIsClosedAfterTheIdleTimeout(Threading threading) throws IOException {
        Server server = Server.builder("t").tcp(Endpoint.loopback(0), threading.waitingForBytes())
                .limits(Limits.defaults().withIdleTimeout(Duration.ofMillis(200))).build();
        try (ServerFixture f = ServerFixture.start(server); LineClient idle = f.connect()) {
            idle.awaitClosed();
            await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().connectionsOpen() == 0);
            assertThat(server.stats().idleTimeouts()).isEqualTo(1);
            assertThat(server.stats().writeTimeouts()).isZero();
        }
    }

    @Test
    void aTimedOutConnectionIsCountedOnceEvenIfItsHandlerLingers() throws Exception {
        java.util.concurrent.CountDownLatch sawClose = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Server server = Server.builder("t").tcp(Endpoint.loopback(0), c -> {
            try {
                while (c.input().read() >= 0) {
                    // idle
                }
            } catch (IOException e) {
                sawClose.countDown();
            }
            try {
                release.await(); // still in the connection set while the watchdog keeps ticking
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).limits(Limits.defaults().withIdleTimeout(Duration.ofMillis(100))).build();
        try (ServerFixture f = ServerFixture.start(server); LineClient idle = f.connect()) {
            try {
                assertThat(sawClose.await(5, TimeUnit.SECONDS)).isTrue();
                // the watchdog ticks every 25 ms; the closed connection must not be counted again
                await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                        .until(() -> server.stats().idleTimeouts() == 1);
                assertThat(server.openConnections()).isEqualTo(1);
            } finally {
                release.countDown(); // before the fixture stops the server
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Threading.class)
    void aPeerThatNeverReadsIsAbortedAfterTheWriteTimeout(Threading threading) throws Exception {
        CompletableFuture<Throwable> handlerEnd = new CompletableFuture<>();
        Server server = Server.builder("t").tcp(Endpoint.loopback(0), threading.of(c -> {
            ByteBuffer chunk = ByteBuffer.allocate(8 * 1024);
            try {
                while (true) {
                    chunk.clear();
                    c.write(chunk); // blocks once the peer's window and our send buffer are full
                }
            } catch (IOException e) {
                handlerEnd.complete(e);
                throw e;
            }
        })).limits(Limits.defaults().withWriteTimeout(Duration.ofMillis(300))).build();
        try (ServerFixture f = ServerFixture.start(server); Socket lazy = new Socket()) {
            lazy.setReceiveBufferSize(4096);
            lazy.connect(f.tcp().toSocketAddress(), 5000);
            assertThat(handlerEnd.get(10, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().connectionsOpen() == 0);
            assertThat(server.stats().writeTimeouts()).isEqualTo(1);
            assertThat(server.stats().idleTimeouts()).isZero();
            assertThat(server.stats().bytesOut()).isPositive();
        }
    }
}
