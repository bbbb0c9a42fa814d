package dev.sockets.chat.server;

import dev.sockets.chat.server.config.ChatConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.common.testing.LineClient;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 1000 connections that send one byte and then nothing do not keep a new client from registering and
 * chatting; unregistered connections have their own limit, beyond which they are refused with a reason.
 */
@Timeout(60)
class SlowlorisTest {

    @Test
    void thousandSlowConnectionsDoNotKeepNewClientsOut() throws Exception {
        int slow = 1000;
        // The server-wide budget, with the per-address cap off: UnregisteredPerAddressTest covers that.
        ChatConfig config = ChatConfig.builder().maxUnregistered(slow + 1).maxUnregisteredPerIp(0).build();
        List<Socket> sockets = new ArrayList<>();
        try (ChatServer chat = TestIrc.start(config); TestIrc regular = TestIrc.user(chat, "regular")) {
            regular.ask("JOIN #open");
            var endpoint = chat.server().tcpEndpoint();
            try {
                for (int i = 0; i < slow; i++) {
                    Socket s = new Socket();
                    sockets.add(s);
                    s.connect(new InetSocketAddress(endpoint.address(), endpoint.port()), 5000);
                    s.getOutputStream().write('N'); // the start of "NICK", and then nothing
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> chat.unregisteredCount() == slow);
                long start = System.nanoTime();
                try (TestIrc fresh = TestIrc.user(chat, "fresh")) {
                    fresh.ask("JOIN #open");
                    fresh.send("PRIVMSG #open :made it");
                    assertThat(regular.readUntil("made it")).isEqualTo(":fresh!fresh@127.0.0.1 PRIVMSG #open :made it");
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    System.out.printf("slowloris: %d slow connections open; a new client registered, joined and "
                            + "chatted in %d ms%n", slow, ms);
                    // One more unregistered connection fits the limit, the next one is refused with a reason.
                    try (LineClient fits = LineClient.connect(endpoint)) {
                        await().atMost(Duration.ofSeconds(5)).until(() -> chat.unregisteredCount() == slow + 1);
                        try (LineClient refused = LineClient.connect(endpoint)) {
                            assertThat(refused.readLine()).isEqualTo("ERROR :Too many unregistered connections");
                            refused.awaitClosed();
                        }
                        fits.send("PING :still");
                        assertThat(fits.readLine()).endsWith("PONG irc.local :still");
                    }
                    assertThat(chat.stats().counter("refused_unregistered").sum()).isEqualTo(1);
                    assertThat(regular.ask("PRIVMSG #open :registered users are unaffected")).isEmpty();
                    assertThat(fresh.readUntil("unaffected")).endsWith(":registered users are unaffected");
                }
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> chat.unregisteredCount() == 0);
        }
    }
}
