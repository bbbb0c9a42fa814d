package dev.sockets.chat.server;

import dev.sockets.chat.server.config.ChatConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Nothing is lost: a channel message accepted from a sender reaches every member that stays, once and in
 * order per sender, or the member is disconnected with a reason ({@code ERROR :SendQ exceeded}).
 */
@Timeout(90)
class DeliveryTest {

    @Test
    void severalSendersSlowMemberDroppedWithAReasonOthersGetEverything() throws Exception {
        ChatConfig config = ChatConfig.builder().sendQueueBytes(64 * 1024).floodRate(0)
                .quitFlush(Duration.ofSeconds(10)).build();
        String padding = "p".repeat(250);
        try (ChatServer chat = TestIrc.start(config); Socket slow = new Socket()) {
            var endpoint = chat.server().tcpEndpoint();
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress(endpoint.address(), endpoint.port()));
            OutputStream slowOut = slow.getOutputStream();
            slowOut.write("NICK slow\r\nUSER slow 0 * :S\r\nJOIN #all\r\n".getBytes(StandardCharsets.US_ASCII));
            await().atMost(Duration.ofSeconds(5)).until(() -> chat.registry().channel("#all") != null);
            for (var c : chat.server().connections()) {
                if (c.remote().port() == slow.getLocalPort()) {
                    // small kernel buffers, so our send queue is what fills (not megabytes in the kernel)
                    c.channel().setOption(StandardSocketOptions.SO_SNDBUF, 4096);
                }
            }
            List<ChannelMember> senders = new ArrayList<>();
            List<ChannelMember> members = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    senders.add(ChannelMember.join(endpoint, "sender" + i, "#all"));
                }
                for (int i = 0; i < 3; i++) {
                    members.add(ChannelMember.join(endpoint, "reader" + i, "#all"));
                }
                List<ChannelMember> everyone = new ArrayList<>(senders);
                everyone.addAll(members);
                int rounds = 0;
                while (chat.stats().counter("disconnects_sendq").sum() == 0 && rounds++ < 300) {
                    round(senders, everyone, padding);
                }
                assertThat(chat.stats().counter("disconnects_sendq").sum()).as("slow member dropped").isEqualTo(1);
                // The slow member now reads: what it got is a gap-free prefix per sender, then the reason.
                List<String> slowLines = new ArrayList<>();
                slow.setSoTimeout(20_000);
                BufferedReader in = new BufferedReader(new InputStreamReader(slow.getInputStream(), StandardCharsets.ISO_8859_1));
                for (String l; (l = in.readLine()) != null; ) {
                    slowLines.add(l);
                }
                assertThat(slowLines).last().isEqualTo("ERROR :SendQ exceeded");
                Map<String, Integer> next = new HashMap<>();
                for (String l : slowLines) {
                    int at = l.indexOf(" PRIVMSG #all :m ");
                    if (at >= 0) {
                        String[] w = l.substring(at + 17).split(" ");
                        assertThat(Integer.parseInt(w[1])).as(l).isEqualTo(next.getOrDefault(w[0], 0));
                        next.put(w[0], Integer.parseInt(w[1]) + 1);
                    }
                }
                // Everyone else sees it leave, and keeps getting everything after it.
                round(senders, everyone, padding);
                for (ChannelMember m : everyone) {
                    assertThat(m.others()).contains(":slow!slow@127.0.0.1 QUIT :SendQ exceeded");
                    assertThat(m.problem()).isNull();
                    for (ChannelMember s : senders) {
                        assertThat(m.receivedFrom(s.nick)).as("%s from %s", m.nick, s.nick)
                                .isEqualTo(m == s ? 0 : s.sent());
                    }
                }
                int total = senders.stream().mapToInt(ChannelMember::sent).sum();
                System.out.printf("delivery: %d messages from %d senders, slow member dropped with SendQ exceeded "
                        + "after receiving %d; %d other members got every message once, in order%n",
                        total, senders.size(), next.values().stream().mapToInt(Integer::intValue).sum(), everyone.size());
            } finally {
                for (ChannelMember m : senders) {
                    m.close();
                }
                for (ChannelMember m : members) {
                    m.close();
                }
            }
        }
    }

    /** Each sender sends 40 lines, interleaved; then barrier per sender; then every member caught up. */
    private static void round(List<ChannelMember> senders, List<ChannelMember> everyone, String padding) throws Exception {
        for (int k = 0; k < 40; k++) {
            for (ChannelMember s : senders) {
                s.say(padding);
            }
        }
        for (ChannelMember s : senders) {
            assertThat(s.sync(Duration.ofSeconds(10))).as("PONG for " + s.nick).isTrue();
        }
        for (ChannelMember m : everyone) {
            int expected = senders.stream().filter(s -> s != m).mapToInt(ChannelMember::sent).sum();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2))
                    .until(() -> m.received() >= expected || m.problem() != null);
            assertThat(m.problem()).isNull();
            assertThat(m.received()).as(m.nick).isEqualTo(expected);
        }
    }
}
