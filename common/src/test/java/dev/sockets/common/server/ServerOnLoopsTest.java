package dev.sockets.common.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.tcp.Connection;
import dev.sockets.common.tcp.ConnectionHandler;
import dev.sockets.common.testing.LineClient;
import dev.sockets.common.testing.ServerFixture;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A listener whose handlers run on the server's event loops: served and stopped like any other (and timed
 * out like any other: {@link ServerTimeoutsTest}).
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ServerOnLoopsTest {

    private static void echo(Connection c) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(256);
        while (c.read(b) >= 0) {
            b.flip();
            c.write(b);
            b.clear();
        }
        c.shutdownOutput();
    }

    private static boolean loopThreadAlive(String server) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith(server + "-loop-"));
    }

    @Test
    void handlersRunOnVirtualThreadsOfTheLoopsWhichEndWithTheServer() throws IOException {
        CompletableFuture<String> handlerThread = new CompletableFuture<>();
        Server server = Server.builder("loops").tcp(Endpoint.loopback(0), (ConnectionHandler.OnLoop) c -> {
            handlerThread.complete(Thread.currentThread().toString()); // VirtualThread[#id,name]/state@carrier
            echo(c);
        }).build();
        try (ServerFixture f = ServerFixture.start(server); LineClient client = f.connect()) {
            assertThat(client.send("hello").readLine()).isEqualTo("hello");
            assertThat(client.send("again").readLine()).isEqualTo("again");
            assertThat(handlerThread).isCompleted();
            assertThat(handlerThread.join()).as("a virtual thread carried by a loop, not the JDK's scheduler")
                    .startsWith("VirtualThread[").contains("@loops-loop-");
            assertThat(loopThreadAlive("loops")).isTrue();
            client.shutdownOutput();
            assertThat(client.readToEnd()).isEmpty();
            await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().connectionsOpen() == 0);
            assertThat(server.stats().snapshot()).containsEntry("bytes_in", 14L).containsEntry("bytes_out", 14L);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !loopThreadAlive("loops"));
    }

    @Test
    void stopClosesLoopConnectionsAfterTheGracePeriod() throws IOException {
        Server server = Server.builder("stop").tcp(Endpoint.loopback(0), (ConnectionHandler.OnLoop) ServerOnLoopsTest::echo).build();
        try (ServerFixture f = ServerFixture.start(server); LineClient client = f.connect()) {
            assertThat(client.send("x").readLine()).isEqualTo("x");
            assertThat(server.stop(Duration.ofMillis(100))).isFalse(); // the client never ends: closed by stop
            client.awaitClosed();
            assertThat(server.openConnections()).isZero();
        }
    }

    @Test
    void aSecondMessageWrittenInPiecesIsEchoedWhole() throws IOException {
        Server server = Server.builder("pieces").tcp(Endpoint.loopback(0), (ConnectionHandler.OnLoop) ServerOnLoopsTest::echo).build();
        try (ServerFixture f = ServerFixture.start(server); LineClient client = f.connect()) {
            byte[] line = "0123456789\n".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < line.length; i++) {
                client.sendRaw(new byte[] {line[i]});
            }
            assertThat(client.readLine()).isEqualTo("0123456789");
        }
    }
}
