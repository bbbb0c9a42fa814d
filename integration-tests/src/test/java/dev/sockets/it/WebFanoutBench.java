package dev.sockets.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.it.harness.FreePorts;
import dev.sockets.it.harness.OurServer;
import dev.sockets.it.harness.Suite;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A bounded benchmark, not a test of the build (its name does not end in IT, so {@code mvn verify} leaves
 * it out): fan-out of one sender's channel messages to 50 WebSocket members against 50 TCP members of
 * one chat server process, the server's CPU per delivered line side by side, lost lines counted. The
 * bench harness in shared/bench speaks TCP only, so this drives the WebSocket members itself. Run:
 * {@code mvn -B -o verify -pl integration-tests -Dit.test=WebFanoutBench -Dfailsafe.failIfNoSpecifiedTests=false}
 * (after {@code mvn install -DskipTests}); it prints one RESULT line per round.
 */
@Timeout(300)
class WebFanoutBench {

    private static final int MEMBERS = 50;
    private static final int MESSAGES = 2000;
    private static final int RATE = 1000;
    private static final int ROUNDS = 3;

    @Test
    void fanOutToWebSocketAndTcpMembers() throws Exception {
        int webPort = FreePorts.tcpAndUdp();
        try (OurServer server = OurServer.start(Suite.CHAT, "--web-port", String.valueOf(webPort), "--flood-rate", "0",
                "--max-unregistered-per-ip", "0", "--store", "none")) {
            long pid = server.process().pid();
            for (int round = 0; round < ROUNDS; round++) {
                for (String transport : List.of("tcp", "websocket")) {
                    Result r = round(server, webPort, pid, transport, "#b" + round + transport.charAt(0));
                    System.out.printf("RESULT web-fanout transport=%s members=%d messages=%d deliveries=%d lost=%d "
                                    + "server_cpu_s=%.3f server_cpu_us_per_delivery=%.2f%n", transport, MEMBERS, MESSAGES,
                            r.delivered, r.lost, r.cpuSeconds, r.cpuSeconds * 1e6 / Math.max(1, r.delivered));
                    assertThat(r.lost).as("lines lost to %s members", transport).isZero();
                }
            }
        }
    }

    private record Result(long delivered, long lost, double cpuSeconds) {}

    private Result round(OurServer server, int webPort, long pid, String transport, String channel) throws Exception {
        AtomicLong received = new AtomicLong();
        CountDownLatch joined = new CountDownLatch(MEMBERS);
        CountDownLatch allIn = new CountDownLatch(MEMBERS);
        List<AutoCloseable> members = new ArrayList<>();
        String marker = " PRIVMSG " + channel + " :m";
        for (int i = 0; i < MEMBERS; i++) {
            String nick = transport.charAt(0) + "m" + i + channel.substring(1);
            members.add(transport.equals("tcp") ? tcpMember(server, nick, channel, marker, received, joined, allIn)
                    : webMember(webPort, nick, channel, marker, received, joined, allIn));
        }
        assertThat(joined.await(30, TimeUnit.SECONDS)).as("members joined").isTrue();
        try (Socket sender = new Socket("127.0.0.1", server.port())) {
            OutputStream out = sender.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(sender.getInputStream(), StandardCharsets.UTF_8));
            out.write(("NICK s" + channel.substring(1) + "\r\nUSER s 0 * :s\r\nJOIN " + channel + "\r\n").getBytes(StandardCharsets.UTF_8));
            for (String l = in.readLine(); l != null && !l.contains(" 366 "); l = in.readLine()) {
                // registration and join
            }
            String payload = "x".repeat(80);
            long cpuBefore = cpuTicks(pid);
            long start = System.nanoTime();
            for (int i = 0; i < MESSAGES; i++) {
                long due = start + i * 1_000_000_000L / RATE;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait); // pacing the load, not waiting for a result
                }
                out.write(("PRIVMSG " + channel + " :m" + i + " " + payload + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            boolean complete = allIn.await(20, TimeUnit.SECONDS);
            long cpuAfter = cpuTicks(pid);
            long delivered = received.get();
            for (AutoCloseable m : members) {
                m.close();
            }
            long expected = (long) MEMBERS * MESSAGES;
            return new Result(delivered, complete ? 0 : expected - delivered, (cpuAfter - cpuBefore) / 100.0);
        }
    }

    private static AutoCloseable tcpMember(OurServer server, String nick, String channel, String marker, AtomicLong received,
                                           CountDownLatch joined, CountDownLatch allIn) throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        OutputStream out = s.getOutputStream();
        out.write(("NICK " + nick + "\r\nUSER m 0 * :m\r\nJOIN " + channel + "\r\n").getBytes(StandardCharsets.UTF_8));
        Thread.ofVirtual().start(() -> {
            int mine = 0;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = in.readLine(); l != null; l = in.readLine()) {
                    if (l.contains(" 366 ")) {
                        joined.countDown();
                    } else if (l.contains(marker)) {
                        received.incrementAndGet();
                        if (++mine == MESSAGES) {
                            allIn.countDown();
                        }
                    } else if (l.startsWith("PING")) {
                        out.write(("PONG" + l.substring(4) + "\r\n").getBytes(StandardCharsets.UTF_8));
                    }
                }
            } catch (IOException e) {
                // closed at the end of the round
            }
        });
        return s;
    }

    private static AutoCloseable webMember(int webPort, String nick, String channel, String marker, AtomicLong received,
                                           CountDownLatch joined, CountDownLatch allIn) throws Exception {
        int[] mine = {0};
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("text.ircv3.net")
                .buildAsync(URI.create("ws://127.0.0.1:" + webPort + "/"), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            String l = text.toString();
                            text.setLength(0);
                            if (l.contains(" 366 ")) {
                                joined.countDown();
                            } else if (l.contains(marker)) {
                                received.incrementAndGet();
                                if (++mine[0] == MESSAGES) {
                                    allIn.countDown();
                                }
                            } else if (l.startsWith("PING")) {
                                w.sendText("PONG" + l.substring(4), true);
                            }
                        }
                        w.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        ws.sendText("NICK " + nick, true).join();
        ws.sendText("USER m 0 * :m", true).join();
        ws.sendText("JOIN " + channel, true).join();
        return ws::abort;
    }

    /** utime + stime of the server's JVM, in clock ticks (1/100 s). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
