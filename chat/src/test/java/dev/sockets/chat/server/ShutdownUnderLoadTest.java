package dev.sockets.chat.server;

import dev.sockets.chat.server.config.ChatConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** 50 clients talking in one channel while the server stops: everyone is told, stop ends within the grace. */
@Timeout(60)
class ShutdownUnderLoadTest {

    @Test
    void fiftyTalkingClientsAllGetTheShutdownErrorWithinTheGrace() throws Exception {
        int n = 50;
        Duration grace = Duration.ofSeconds(5);
        ChatServer chat = TestIrc.start(ChatConfig.builder().build());
        List<ChannelMember> members = new ArrayList<>();
        List<Thread> talkers = new ArrayList<>();
        AtomicBoolean stopping = new AtomicBoolean();
        try {
            for (int i = 0; i < n; i++) {
                members.add(ChannelMember.join(chat.server().tcpEndpoint(), "talk" + i, "#load"));
            }
            for (ChannelMember m : members) {
                // closed loop: a few lines, then a PING barrier, so the load follows what the server can do
                talkers.add(Thread.ofVirtual().start(() -> {
                    try {
                        while (!stopping.get()) {
                            for (int k = 0; k < 3; k++) {
                                m.say("load");
                            }
                            if (!m.sync(Duration.ofSeconds(10))) {
                                return;
                            }
                        }
                    } catch (IOException e) {
                        // the server closed the connection: expected once it stops
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> members.stream().allMatch(m -> m.received() >= 100));
            long start = System.nanoTime();
            boolean clean = chat.server().stop(grace);
            long ms = (System.nanoTime() - start) / 1_000_000;
            stopping.set(true);
            long total = members.stream().mapToLong(ChannelMember::received).sum();
            System.out.printf("shutdown under load: %d talking clients (%d channel messages delivered), stop took %d ms "
                    + "(grace %d ms)%n", n, total, ms, grace.toMillis());
            assertThat(clean).as("every connection ended within the grace period").isTrue();
            for (ChannelMember m : members) {
                assertThat(m.awaitClosed(Duration.ofSeconds(5))).as(m.nick + " closed").isTrue();
                List<String> others = m.others();
                assertThat(others).as(m.nick).hasSizeGreaterThanOrEqualTo(2);
                assertThat(others.subList(others.size() - 2, others.size())).as(m.nick)
                        .containsExactly(":irc.local NOTICE " + m.nick + " :*** Server shutting down",
                                "ERROR :Server shutting down");
                assertThat(m.problem()).isNull();
            }
            assertThat(chat.stats().counter("disconnects_shutdown").sum()).isEqualTo(n);
        } finally {
            stopping.set(true);
            for (ChannelMember m : members) {
                m.close();
            }
            for (Thread t : talkers) {
                t.join(Duration.ofSeconds(5));
            }
            chat.close();
        }
    }
}
