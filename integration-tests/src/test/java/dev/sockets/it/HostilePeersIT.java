package dev.sockets.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.it.harness.ExternalProcess;
import dev.sockets.it.harness.OurServer;
import dev.sockets.it.harness.Suite;
import dev.sockets.it.harness.Tools;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Attacks by one party on loopback that used to hurt others or lose data without a word, each reproduced
 * against the servers as users run them, with their default limits. Every attack is bounded in count
 * and time.
 */
@Timeout(120)
class HostilePeersIT {

    private static final Pattern STATS = Pattern.compile("(\\w+)=(-?\\d+)");

    /**
     * One datagram whose source is our daytime server's UDP port, sent to our echo server (both on
     * non-standard ports, so the well-known-port loop guard does not apply): the two answer each other
     * in lock-step, one datagram in flight. The per-source reply rate, which applies to loopback by
     * default, withholds a reply within a second and so ends the exchange, and the drop is counted.
     */
    @Test
    void twoOfOurUdpServersAnsweringEachOtherStopWithinASecond() {
        String hping3 = Tools.require("hping3", "hping3");
        try (OurServer echo = OurServer.start(Suite.ECHO, "--udp", "--stats-interval", "100ms");
                OurServer daytime = OurServer.start(Suite.DAYTIME, "--udp", "--stats-interval", "100ms")) {
            // hping3 sends one raw UDP datagram with the source port we choose (-s, kept by -k); root or
            // CAP_NET_RAW, as in CI.
            try (ExternalProcess spoof = ExternalProcess.named("hping3").command(hping3, "--udp", "-c", "1", "-k",
                    "-s", String.valueOf(daytime.port()), "-p", String.valueOf(echo.port()), "-d", "8",
                    "127.0.0.1").start()) {
                assertThat(spoof.awaitExit(Duration.ofSeconds(20))).as(spoof.describe()).isZero();
            }
            long started = System.nanoTime();
            AtomicLong previous = new AtomicLong(-1);
            // Ended: a reply was withheld, and the exchange no longer moves between two stats lines.
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250)).until(() -> {
                Map<String, Long> e = lastStats(echo.process().stderr(), "echo: stats");
                Map<String, Long> d = lastStats(daytime.process().stderr(), "daytime: stats");
                long total = e.getOrDefault("datagrams_in", 0L) + d.getOrDefault("datagrams_in", 0L);
                long dropped = e.getOrDefault("dropped_rate", 0L) + d.getOrDefault("dropped_rate", 0L);
                return dropped > 0 && total > 0 && previous.getAndSet(total) == total;
            });
            long settledMs = (System.nanoTime() - started) / 1_000_000;
            Map<String, Long> e = echo.stop();
            Map<String, Long> d = daytime.stop();
            assertThat(e.get("datagrams_in")).as("the loop started: %s", e).isGreaterThan(100);
            assertThat(e.get("dropped_rate") + d.get("dropped_rate")).as("the withheld reply is counted: %s %s", e, d)
                    .isPositive();
            // A token bucket of burst 2000 and 1000/s answers at most 3000 times in its first second: the
            // exchange ended within a second of its start.
            assertThat(e.get("datagrams_out") + d.get("datagrams_out")).as("replies sent: %s %s", e, d)
                    .isLessThanOrEqualTo(2 * (2000 + 1000));
            System.out.printf("HOSTILE | UDP loop echo <-> daytime: %d + %d replies, dropped_rate %d + %d, "
                            + "quiet within %d ms of the spoofed datagram%n", e.get("datagrams_out"),
                    d.get("datagrams_out"), e.get("dropped_rate"), d.get("dropped_rate"), settledMs);
        }
    }

    private static Map<String, Long> lastStats(String log, String marker) {
        String line = log.lines().filter(l -> l.contains(marker)).reduce((a, b) -> b).orElse("");
        Map<String, Long> stats = new LinkedHashMap<>();
        Matcher m = STATS.matcher(line);
        while (m.find()) {
            stats.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return stats;
    }
}
