package dev.sockets.chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.network.Network;
import dev.sockets.chat.server.web.WebConfig;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Limits;
import dev.sockets.common.server.ServerStats;
import dev.sockets.common.testing.LineClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A WebSocket client is admitted exactly like a TCP one: the same connection count and connect rate per
 * address (one address's TCP and WebSocket connections together), the same ERROR lines, counted in the same
 * stats (transport {@code web}: connections, refusals, bytes); while the server stops, told what a client
 * connected then is told.
 */
@Timeout(60)
class WebAdmissionTest {

    /** The refusal line the launcher configures. */
    private static Limits limits() {
        return Limits.defaults().withGrace(Duration.ofSeconds(2)).refusingWith("ERROR :Too many connections\r\n");
    }

    private static ChatServer start(Limits limits, Network network) throws IOException {
        ChatServer chat = new ChatServer(ChatConfig.builder().build(), Endpoint.loopback(0), null, limits, null, network)
                .withWeb(WebConfig.plain(Endpoint.loopback(0)));
        chat.server().start();
        return chat;
    }

    private static ServerStats.Transport web(ChatServer chat) {
        return chat.server().stats().transports().get(WebClients.TRANSPORT);
    }

    @Test
    void oneAddressesTcpAndWebSocketConnectionsShareItsConnectionLimit() throws Exception {
        try (ChatServer chat = start(limits().withMaxConnectionsPerIp(2), Network.SINGLE);
             TestIrc tcp = TestIrc.user(chat, "tcp");
             WsClient ws = WsClient.connect(chat.web().endpoint())) {
            ws.register("ws");
            // its IRC bytes, both ways, as a TCP connection's
            assertThat(web(chat).bytesIn()).isEqualTo("NICK ws\nUSER ws 0 * :web ws\n".length());
            assertThat(web(chat).bytesOut()).isPositive();
            try (WsClient third = WsClient.connect(chat.web().endpoint())) {
                assertThat(third.readLine()).isEqualTo("ERROR :Too many connections");
                assertThat(third.closed.get(5, TimeUnit.SECONDS)).startsWith("1000");
            }
            try (LineClient thirdTcp = LineClient.connect(chat.server().tcpEndpoint())) {
                assertThat(thirdTcp.readLine()).isEqualTo("ERROR :Too many connections");
            }
            assertThat(web(chat).connectionsRefused()).isEqualTo(1);
            assertThat(chat.server().stats().connectionsRefused()).isEqualTo(2);
            assertThat(web(chat).connectionsOpen()).isEqualTo(1);
            ws.send("QUIT");
            ws.readUntil("ERROR ");
            await().atMost(Duration.ofSeconds(5)).until(() -> web(chat).connectionsOpen() == 0);
            try (WsClient again = WsClient.connect(chat.web().endpoint())) { // its place came back
                again.register("again");
            }
        }
    }

    @Test
    void webSocketConnectionsSpendTheAddressesConnectRateWithTcp() throws Exception {
        try (ChatServer chat = start(limits().withConnectRatePerIp(0.001, 2, true), Network.SINGLE);
             TestIrc tcp = TestIrc.user(chat, "tcp");
             WsClient ws = WsClient.connect(chat.web().endpoint())) {
            ws.register("ws");
            try (WsClient fast = WsClient.connect(chat.web().endpoint())) {
                assertThat(fast.readLine()).isEqualTo("ERROR :Too many connections");
            }
            assertThat(chat.server().stats().snapshot()).containsEntry("refused_rate", 1L);
            assertThat(web(chat).connectionsRefused()).isEqualTo(1);
        }
    }

    /**
     * While the server stops (held in its stopping hooks by a network whose leave blocks), the web port is
     * still open for /healthz: a WebSocket client connecting then is told the server is shutting down, as
     * every client connected then is, not that it is full.
     */
    @Test
    void aWebSocketClientConnectingWhileTheServerStopsIsToldItIsShuttingDown() throws Exception {
        CountDownLatch leaving = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Network slowToLeave = new Network.Single() {
            @Override
            public void leave() {
                leaving.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        ChatServer chat = start(limits(), slowToLeave);
        Endpoint w = chat.web().endpoint();
        Thread stopper = Thread.ofVirtual().start(chat::close);
        try {
            assertThat(leaving.await(10, TimeUnit.SECONDS)).isTrue();
            HttpResponse<String> health = WsClient.HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://" + w.hostString() + ":" + w.port() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(503);
            try (WsClient late = WsClient.connect(w)) {
                assertThat(late.readLine()).isEqualTo("ERROR :Server shutting down");
                assertThat(late.closed.get(5, TimeUnit.SECONDS)).startsWith("1000");
            }
            assertThat(web(chat).connectionsRefused()).isEqualTo(1);
        } finally {
            release.countDown();
            stopper.join(20_000);
        }
        assertThat(chat.server().isStopped()).isTrue();
    }
}
