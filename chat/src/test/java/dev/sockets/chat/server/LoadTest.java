package dev.sockets.chat.server;

import dev.sockets.chat.server.config.ChatConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.common.testing.LineClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many clients, slow clients, floods, churn. */
@Timeout(60)
class LoadTest {

    @Test
    void fanOutTo100MembersEveryMessageOnceAndInOrder() throws Exception {
        int members = 100;
        int senders = 5;
        int perSender = 40;
        try (ChatServer chat = TestIrc.start()) {
            List<TestIrc> clients = new ArrayList<>();
            try {
                for (int i = 0; i < members; i++) {
                    TestIrc c = TestIrc.user(chat, "fan" + i);
                    c.send("JOIN #fan");
                    clients.add(c);
                }
                for (TestIrc c : clients) {
                    c.sync();
                }
                assertThat(chat.registry().channel("#fan").size()).isEqualTo(members);
                for (int k = 0; k < perSender; k++) {
                    for (int s = 0; s < senders; s++) {
                        clients.get(s).send("PRIVMSG #fan :m " + s + " " + k);
                    }
                }
                List<List<String>> received = new ArrayList<>();
                for (int i = 0; i < members; i++) {
                    received.add(new ArrayList<>());
                }
                for (int s = 0; s < senders; s++) {
                    // after this PONG, everything sender s sent is queued for every member
                    received.get(s).addAll(clients.get(s).sync());
                }
                for (int i = 0; i < members; i++) {
                    received.get(i).addAll(clients.get(i).sync());
                    Map<Integer, Integer> next = new HashMap<>();
                    for (String line : received.get(i)) {
                        if (line.contains(" PRIVMSG #fan :m ")) {
                            String[] w = line.split(" ");
                            int sender = Integer.parseInt(w[4]);
                            int seq = Integer.parseInt(w[5]);
                            assertThat(w[0]).isEqualTo(":fan" + sender + "!fan" + sender + "@127.0.0.1");
                            assertThat(seq).as("client %d: sequence from sender %d", i, sender)
                                    .isEqualTo(next.getOrDefault(sender, 0));
                            next.put(sender, seq + 1);
                        }
                    }
                    for (int s = 0; s < senders; s++) {
                        int expected = s == i ? 0 : perSender; // never echoed to the sender
                        assertThat(next.getOrDefault(s, 0)).as("client %d from sender %d", i, s).isEqualTo(expected);
                    }
                }
            } finally {
                for (TestIrc c : clients) {
                    c.close();
                }
            }
        }
    }

    @Test
    void slowConsumerIsDroppedWhileOthersContinue() throws Exception {
        ChatConfig config = ChatConfig.builder().sendQueueBytes(64 * 1024).floodRate(0).build();
        try (ChatServer chat = TestIrc.start(config);
             TestIrc sender = TestIrc.user(chat, "sender");
             Socket fast = new Socket("127.0.0.1", chat.server().tcpEndpoint().port());
             Socket slow = new Socket()) {
            slow.setReceiveBufferSize(4096);
            slow.connect(new InetSocketAddress("127.0.0.1", chat.server().tcpEndpoint().port()));
            OutputStream out = slow.getOutputStream();
            out.write("NICK slow\r\nUSER slow 0 * :S\r\nJOIN #slow\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(5)).until(() -> chat.registry().channel("#slow") != null);
            // Small fixed buffers on the server's side too (Linux would otherwise let megabytes pile up in
            // the kernel before our send queue even starts to fill).
            for (var c : chat.server().connections()) {
                if (c.remote().port() == slow.getLocalPort()) {
                    c.channel().setOption(java.net.StandardSocketOptions.SO_SNDBUF, 4096);
                }
            }
            java.io.BufferedReader fastIn = new java.io.BufferedReader(
                    new java.io.InputStreamReader(fast.getInputStream(), StandardCharsets.ISO_8859_1));
            fast.getOutputStream().write("NICK fast\r\nUSER f 0 * :F\r\nJOIN #slow\r\n".getBytes(StandardCharsets.US_ASCII));
            fast.setSoTimeout(20_000);
            while (!fastIn.readLine().contains(" 366 ")) {
                // registration and JOIN replies
            }
            sender.ask("JOIN #slow");
            String text = "z".repeat(300);
            // The fast client reads on its own thread, as a real client does, checking order as it goes.
            java.util.concurrent.atomic.AtomicInteger fastCount = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicReference<String> fastQuitSeen = new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.atomic.AtomicReference<String> fastProblem = new java.util.concurrent.atomic.AtomicReference<>();
            Thread fastReader = Thread.ofVirtual().start(() -> {
                try {
                    String l;
                    while ((l = fastIn.readLine()) != null) {
                        if (l.contains(" PRIVMSG #slow :")) {
                            if (!l.contains(":" + fastCount.get() + " ")) {
                                fastProblem.compareAndSet(null, "expected message " + fastCount.get() + ", got " + l);
                            }
                            fastCount.incrementAndGet();
                        } else if (l.contains(" QUIT ")) {
                            fastQuitSeen.set(l);
                        }
                    }
                    fastProblem.compareAndSet(null, "fast client disconnected");
                } catch (java.io.IOException e) {
                    fastProblem.compareAndSet(null, e.toString());
                }
            });
            // Chunks of 100 lines (~33 KB) until the slow one is dropped; the fast one keeps up with each.
            int sent = 0;
            while (chat.stats().counter("disconnects_sendq").sum() == 0 && sent < 30_000) {
                for (int i = 0; i < 100; i++) {
                    sender.send("PRIVMSG #slow :" + sent++ + " " + text);
                }
                sender.sync();
                int target = sent;
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2))
                        .until(() -> fastCount.get() == target || fastProblem.get() != null);
                assertThat(fastProblem.get()).isNull();
            }
            assertThat(chat.stats().counter("disconnects_sendq").sum()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> fastQuitSeen.get() != null);
            assertThat(fastQuitSeen.get()).isEqualTo(":slow!slow@127.0.0.1 QUIT :SendQ exceeded");
            assertThat(chat.registry().user("slow")).isNull();
            assertThat(sender.ask("PRIVMSG #slow :" + sent + " still fine"))
                    .allMatch(l -> l.equals(":slow!slow@127.0.0.1 QUIT :SendQ exceeded"));
            int all = sent + 1;
            await().atMost(Duration.ofSeconds(5)).until(() -> fastCount.get() == all);
            assertThat(fastProblem.get()).isNull();
            fast.close();
            fastReader.join(Duration.ofSeconds(5));
        }
    }

    @Test
    void flooderIsDelayedWhileOthersStayFast() throws Exception {
        ChatConfig config = ChatConfig.builder().floodRate(4).floodBurst(5).floodBacklogBytes(16 * 1024).build();
        // 40 lines at 4/s after a burst of 5: about 9 s to drain, far longer than the three questions below
        // take even on a loaded machine, so the flooder's backlog is still there when others are answered.
        try (ChatServer chat = TestIrc.start(config);
             TestIrc flooder = TestIrc.user(chat, "flooder");
             TestIrc other = TestIrc.user(chat, "other");
             TestIrc watcher = TestIrc.user(chat, "watcher")) {
            flooder.ask("JOIN #flood");
            watcher.ask("JOIN #flood");
            watcher.sync();
            for (int i = 0; i < 40; i++) {
                flooder.send("PRIVMSG #flood :flood " + i);
            }
            // Others are served at once while the flooder's lines trickle in at 4/s.
            for (int i = 0; i < 3; i++) {
                assertThat(other.ask("PRIVMSG watcher :normal " + i)).isEmpty();
            }
            List<String> seen = watcher.sync();
            assertThat(seen).filteredOn(l -> l.contains(":normal ")).hasSize(3);
            long floods = seen.stream().filter(l -> l.contains(":flood ")).count();
            assertThat(floods).as("flooder lines delivered so far").isLessThan(40);
            // Nothing is dropped: the rest arrives, in order.
            watcher.line.timeout(Duration.ofSeconds(20));
            for (long i = floods; i < 40; i++) {
                assertThat(watcher.line.readLine()).isEqualTo(":flooder!flooder@127.0.0.1 PRIVMSG #flood :flood " + i);
            }
            assertThat(chat.stats().counter("disconnects_flood").sum()).isZero();
        }
    }

    @Test
    void excessFloodDisconnects() throws Exception {
        ChatConfig config = ChatConfig.builder().floodRate(10).floodBurst(5).floodBacklogBytes(4096).build();
        try (ChatServer chat = TestIrc.start(config);
             TestIrc flooder = TestIrc.user(chat, "flood2");
             TestIrc watcher = TestIrc.user(chat, "watch2")) {
            flooder.ask("JOIN #f2");
            watcher.ask("JOIN #f2");
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 2000; i++) {
                burst.append("PRIVMSG #f2 :flood ").append(i).append("\r\n");
            }
            flooder.line.sendRaw(burst.toString().getBytes(StandardCharsets.US_ASCII));
            assertThat(flooder.readUntil("ERROR")).isEqualTo("ERROR :Excess Flood");
            flooder.line.awaitClosed();
            assertThat(watcher.readUntil(" QUIT ")).isEqualTo(":flood2!flood2@127.0.0.1 QUIT :Excess Flood");
            assertThat(chat.stats().counter("disconnects_flood").sum()).isEqualTo(1);
        }
    }

    @Test
    void thousandConnectQuitCyclesLeaveNothingBehind() throws Exception {
        try (ChatServer chat = TestIrc.start(ChatConfig.builder().build())) {
            for (int i = 0; i < 1000; i++) {
                try (LineClient c = LineClient.connect(chat.server().tcpEndpoint())) {
                    c.sendRaw(("NICK cyc" + i + "\r\nUSER c 0 * :C\r\nJOIN #cycle" + (i % 7) + "\r\n"
                            + (i % 10 == 0 ? "" : "QUIT :bye\r\n")).getBytes(StandardCharsets.US_ASCII));
                    if (i % 10 == 0) {
                        c.readUntilContains(" 366 "); // then vanish without QUIT
                    } else {
                        c.awaitClosed();
                    }
                }
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(chat.registry().clientCount()).isZero();
                assertThat(chat.registry().channelCount()).isZero();
                assertThat(chat.server().openConnections()).isZero();
            });
            assertThat(chat.stats().counter("disconnects_quit").sum()).isEqualTo(900);
            assertThat(chat.stats().counter("disconnects_connection_lost").sum()).isEqualTo(100);
        }
    }

    @Test
    void abruptDisconnectIsSeenAsQuit() throws Exception {
        try (ChatServer chat = TestIrc.start();
             TestIrc a = TestIrc.user(chat, "stays");
             TestIrc b = TestIrc.user(chat, "resets");
             TestIrc c = TestIrc.user(chat, "closes")) {
            a.ask("JOIN #abrupt");
            b.ask("JOIN #abrupt");
            c.ask("JOIN #abrupt");
            a.sync();
            b.line.socket().setSoLinger(true, 0);
            b.close(); // RST
            assertThat(a.readUntil(" QUIT ")).startsWith(":resets!resets@127.0.0.1 QUIT :");
            c.close(); // FIN
            assertThat(a.readUntil(" QUIT ")).isEqualTo(":closes!closes@127.0.0.1 QUIT :Remote host closed the connection");
            await().atMost(Duration.ofSeconds(5)).until(() -> chat.registry().clientCount() == 1);
        }
    }

    @Test
    void pingTimeoutDisconnectsSilentClientsOnly() throws Exception {
        ChatConfig config = ChatConfig.builder().pingInterval(Duration.ofMillis(200)).pingTimeout(Duration.ofSeconds(2)).build();
        // The timeout leaves the test thread, which answers alive's PINGs, ample time on a loaded machine.
        try (ChatServer chat = TestIrc.start(config);
             TestIrc silent = TestIrc.user(chat, "silent");
             TestIrc alive = TestIrc.user(chat, "alive")) {
            silent.ask("JOIN #ping");
            alive.ask("JOIN #ping");
            silent.sync();
            assertThat(silent.line.readLine()).isEqualTo("PING :irc.local");
            // The client that answers its PINGs stays, and sees the silent one leave.
            int pings = 0;
            String quit = null;
            while (quit == null || pings < 3) {
                String l = alive.line.readLine();
                if (l.equals("PING :irc.local")) {
                    pings++;
                    alive.send("PONG :irc.local");
                } else if (l.contains(" QUIT ")) {
                    quit = l;
                }
            }
            assertThat(quit).matches(":silent!silent@127\\.0\\.0\\.1 QUIT :Ping timeout: \\d+ seconds");
            assertThat(silent.readUntil("ERROR")).matches("ERROR :Closing link: 127\\.0\\.0\\.1 \\(Ping timeout: \\d+ seconds\\)");
            silent.line.awaitClosed();
            assertThat(chat.registry().user("alive")).isNotNull();
            assertThat(chat.stats().counter("disconnects_ping_timeout").sum()).isEqualTo(1);
        }
    }

    @Test
    void gracefulShutdownTellsEveryoneAndFlushes() throws Exception {
        ChatServer chat = TestIrc.start();
        try (TestIrc a = TestIrc.user(chat, "sa"); TestIrc b = TestIrc.user(chat, "sb"); TestIrc u = TestIrc.connect(chat)) {
            a.ask("JOIN #bye");
            b.ask("JOIN #bye");
            u.ask("NICK unregistered");
            boolean clean = chat.server().stop(Duration.ofSeconds(5));
            assertThat(clean).isTrue();
            for (TestIrc c : List.of(a, b, u)) {
                assertThat(c.readUntil("NOTICE")).endsWith(" :*** Server shutting down");
                assertThat(c.line.readLine()).isEqualTo("ERROR :Server shutting down");
                c.line.awaitClosed();
            }
            assertThat(chat.stats().counter("disconnects_shutdown").sum()).isEqualTo(3);
            assertThat(chat.registry().clientCount()).isZero();
            assertThat(chat.stats().toLogfmt()).contains("clients=0", "channels=0", "messages_in=", "messages_out=",
                    "disconnects_shutdown=3");
        } finally {
            chat.close();
        }
    }

    @Test
    void tooManyClientsAreRefusedWithAnError() throws Exception {
        var limits = dev.sockets.common.server.Limits.defaults().withMaxConnections(2)
                .refusingWith("ERROR :Too many connections\r\n");
        try (ChatServer chat = TestIrc.start(ChatConfig.builder().build(), limits);
             TestIrc a = TestIrc.user(chat, "one");
             TestIrc b = TestIrc.user(chat, "two");
             LineClient third = LineClient.connect(chat.server().tcpEndpoint())) {
            assertThat(third.readLine()).isEqualTo("ERROR :Too many connections");
            third.awaitClosed();
            assertThat(a.ask("LUSERS")).hasSize(5).anyMatch(l -> l.contains(" 255 one :I have 2 clients "));
        }
        var perIp = dev.sockets.common.server.Limits.defaults().withMaxConnectionsPerIp(1)
                .refusingWith("ERROR :Too many connections\r\n");
        try (ChatServer chat = TestIrc.start(ChatConfig.builder().build(), perIp);
             TestIrc a = TestIrc.user(chat, "one");
             LineClient second = LineClient.connect(chat.server().tcpEndpoint())) {
            assertThat(second.readLine()).isEqualTo("ERROR :Too many connections");
            second.awaitClosed();
        }
    }

    @Test
    void aBadLineDoesNotHurtTheConnection() throws Exception {
        try (ChatServer chat = TestIrc.start(); TestIrc a = TestIrc.user(chat, "bad")) {
            InputStream ignored = a.line.socket().getInputStream();
            a.line.sendRaw(new byte[] {0, 0, (byte) 0x80, ' ', ':', '\r', '\n', ':', '\r', '\n', ' ', ' ', '\n'});
            assertThat(a.sync()).hasSize(1).first().asString().contains(" 421 ");
            assertThat(ignored).isNotNull();
        }
    }
}
