package dev.sockets.chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.common.testing.LineClient;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One address opening connections that never register cannot fill the server-wide budget of
 * unregistered connections: past its own cap (loopback included) it is refused with a reason, while a
 * client from another address registers as usual (issue #23, "unregistered lockout").
 */
@Timeout(60)
class UnregisteredPerAddressTest {

    @Test
    void oneAddressHoldingItsCapLeavesRoomForEveryoneElse() throws Exception {
        InetAddress attacker = InetAddress.getByName("127.0.0.1");
        InetAddress honest = InetAddress.getByName("127.0.0.2");
        // A small server-wide budget that the attacker alone would fill without the per-address cap.
        ChatConfig config = ChatConfig.builder().maxUnregistered(20).maxUnregisteredPerIp(5).build();
        List<LineClient> held = new ArrayList<>();
        try (ChatServer chat = TestIrc.start(config)) {
            var endpoint = chat.server().tcpEndpoint();
            try {
                for (int i = 0; i < 5; i++) {
                    LineClient c = LineClient.connectFrom(attacker, endpoint);
                    held.add(c);
                    c.send("NICK squat" + i); // and never USER
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> chat.unregisteredCount() == 5);
                for (int i = 0; i < 30; i++) {
                    try (LineClient over = LineClient.connectFrom(attacker, endpoint)) {
                        assertThat(over.readLine()).isEqualTo("ERROR :Too many unregistered connections");
                        over.awaitClosed();
                    }
                }
                assertThat(chat.stats().counter("refused_unregistered_ip").sum()).isEqualTo(30);
                assertThat(chat.stats().counter("refused_unregistered").sum()).isZero();

                try (LineClient other = LineClient.connectFrom(honest, endpoint)) {
                    other.send("NICK honest").send("USER honest 0 * :Honest");
                    assertThat(other.readLine()).contains(" 001 honest ");
                }
                // A held connection that registers gives its slot back: the address may open one more.
                held.get(0).send("USER squat 0 * :now registered");
                assertThat(held.get(0).readLine()).contains(" 001 squat0 ");
                await().atMost(Duration.ofSeconds(10)).until(() -> chat.unregisteredCount() == 4);
                try (LineClient again = LineClient.connectFrom(attacker, endpoint)) {
                    again.send("PING :in");
                    assertThat(again.readLine()).endsWith("PONG irc.local :in");
                }
            } finally {
                for (LineClient c : held) {
                    c.close();
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> chat.unregisteredCount() == 0);
        }
    }
}
