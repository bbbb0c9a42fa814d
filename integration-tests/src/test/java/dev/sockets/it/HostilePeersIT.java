package dev.sockets.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.it.harness.ExternalProcess;
import dev.sockets.it.harness.OurServer;
import dev.sockets.it.harness.Suite;
import dev.sockets.it.harness.Tools;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.testing.LineClient;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

    /**
     * 3000 channels with 390-character topics (about 1.3 MB of LIST, five times the default 256 KiB send
     * queue). A client asks for LIST and reads nothing for a while: the server produces the reply as it
     * reads, so it neither exceeds the send queue (on main: {@code ERROR :SendQ exceeded}) nor delays
     * anyone else; once it reads, the whole list arrives, then NAMES of every channel.
     */
    @Test
    void listOfThousandsOfLongTopicsArrivesWholeAtTheReadersPaceWhileOthersAreServed() throws IOException {
        int channels = 3000;
        String topic = "t".repeat(390);
        // The flood gate and the channel limit are relaxed only to build the network quickly from one
        // client; the send queue, the limit under attack, keeps its default.
        try (OurServer chat = OurServer.start(Suite.CHAT, "--flood-rate", "0", "--max-channels", "5000");
                LineClient owner = register(null, chat.endpoint(), "owner");
                LineClient asker = register(null, chat.endpoint(), "asker");
                LineClient honest = register(SECOND, chat.endpoint(), "honest")) {
            for (int i = 0; i < channels; i++) {
                owner.send("JOIN #c" + i).send("TOPIC #c" + i + " :" + topic);
                if (i % 100 == 99) {
                    barrier(owner, "setup" + i);
                }
            }
            barrier(owner, "setup");
            asker.send("LIST"); // and does not read yet
            long worstRtt = 0;
            for (int i = 0; i < 20; i++) {
                long t0 = System.nanoTime();
                barrier(honest, "rtt" + i);
                worstRtt = Math.max(worstRtt, System.nanoTime() - t0);
            }
            long t0 = System.nanoTime();
            int entries = 0;
            String l;
            while (!(l = next(asker)).contains(" 323 asker ")) {
                assertThat(l).as("the requester stays connected").doesNotStartWith("ERROR");
                if (l.contains(" 322 asker #c") && l.endsWith(" 1 :" + topic)) {
                    entries++;
                }
            }
            long listMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(entries).isEqualTo(channels);
            asker.send("NAMES");
            int names = 0;
            while (!(l = next(asker)).contains(" 366 asker * ")) {
                assertThat(l).doesNotStartWith("ERROR");
                if (l.contains(" 353 asker = #c") && l.endsWith(" :@owner")) {
                    names++;
                }
            }
            assertThat(names).isEqualTo(channels);
            barrier(asker, "after");
            assertThat(worstRtt).as("another client's PING round trip while the LIST waits for its reader")
                    .isLessThan(Duration.ofSeconds(2).toNanos());
            System.out.printf("HOSTILE | LIST of %d channels with 390-character topics: all %d entries in %d ms "
                    + "once read, no SendQ exceeded; honest client's worst PING round trip meanwhile %.1f ms%n",
                    channels, entries, listMs, worstRtt / 1e6);
        }
    }

    /**
     * PRIVMSG to six users with the default limit of four: the first four get it, each of the other two
     * is answered with 407 to the sender (on main: silently dropped), and 005 says so.
     */
    @Test
    void targetsBeyondTargmaxAreAnsweredWith407() throws IOException {
        try (OurServer chat = OurServer.start(Suite.CHAT)) {
            List<LineClient> to = new ArrayList<>();
            List<String> isupport = new ArrayList<>();
            try (LineClient sender = register(null, chat.endpoint(), "sender", isupport)) {
                for (String n : List.of("a", "b", "c", "d", "e", "f")) {
                    to.add(register(SECOND, chat.endpoint(), n));
                }
                assertThat(String.join(" ", isupport)).contains("TARGMAX=PRIVMSG:4,NOTICE:4,").contains(" MAXTARGETS=4 ");
                sender.send("PRIVMSG a,b,c,d,e,f :hello");
                List<String> replies = barrier(sender, "sent");
                assertThat(replies).filteredOn(r -> r.contains(" 407 sender ")).hasSize(2)
                        .anyMatch(r -> r.contains(" 407 sender e ")).anyMatch(r -> r.contains(" 407 sender f "));
                for (int i = 0; i < 6; i++) {
                    String nick = List.of("a", "b", "c", "d", "e", "f").get(i);
                    List<String> got = barrier(to.get(i), "got");
                    if (i < 4) {
                        assertThat(got).containsExactly(":sender!sender@127.0.0.1 PRIVMSG " + nick + " :hello");
                    } else {
                        assertThat(got).isEmpty();
                    }
                }
                System.out.printf("HOSTILE | PRIVMSG to 6 with TARGMAX 4: 4 delivered, %d answered 407%n",
                        replies.stream().filter(r -> r.contains(" 407 ")).count());
            } finally {
                for (LineClient c : to) {
                    c.close();
                }
            }
        }
    }

    /**
     * A connection on 127.0.0.1 sends only {@code NICK victim}; a client on 127.0.0.2 registering as
     * victim gets it at once (on main: 433 for the whole register timeout), and the squatter is told 433
     * when it tries to register.
     */
    @Test
    void aNickSentByAConnectionThatNeverRegistersDoesNotKeepItFromOneThatDoes() throws IOException {
        try (OurServer chat = OurServer.start(Suite.CHAT);
                LineClient squatter = LineClient.connect(chat.endpoint()).timeout(WAIT)) {
            squatter.send("NICK victim").send("PING :held");
            squatter.readUntilContains("held"); // the NICK has been processed
            long t0 = System.nanoTime();
            try (LineClient honest = LineClient.connectFrom(SECOND, chat.endpoint()).timeout(WAIT)) {
                honest.send("NICK victim").send("USER v 0 * :Victim");
                assertThat(honest.readLine()).startsWith(":irc.local 001 victim ");
                long ms = (System.nanoTime() - t0) / 1_000_000;
                squatter.send("USER s 0 * :Squatter");
                assertThat(squatter.readLine()).contains(" 433 * victim ");
                System.out.printf("HOSTILE | nick squatted by an unregistered connection: taken by a registering "
                        + "client in %d ms; the squatter got 433 at its USER%n", ms);
            }
        }
    }

    /**
     * A PRIVMSG that fits the sender's 512 bytes but not once the server adds its prefix: the sender gets
     * 417 and the recipient nothing (on main: the recipient read it cut, without a word to anyone).
     */
    @Test
    void aMessageTooLongOnceRelayedIsRefusedWith417() throws IOException {
        try (OurServer chat = OurServer.start(Suite.CHAT);
                LineClient sender = register(null, chat.endpoint(), "longsender");
                LineClient bob = register(SECOND, chat.endpoint(), "bob")) {
            String cmd = "PRIVMSG bob :";
            sender.send(cmd + "x".repeat(510 - cmd.length()));
            assertThat(barrier(sender, "long")).singleElement().asString().contains(" 417 longsender ");
            assertThat(barrier(bob, "long")).isEmpty();
            String fits = "y".repeat(510 - ":longsender!longsender@127.0.0.1 PRIVMSG bob :".length());
            sender.send("PRIVMSG bob :" + fits);
            assertThat(barrier(bob, "fits")).containsExactly(":longsender!longsender@127.0.0.1 PRIVMSG bob :" + fits);
            System.out.println("HOSTILE | 510-byte PRIVMSG over 512 once relayed: 417 to the sender, nothing relayed; "
                    + "the longest that fits delivered whole");
        }
    }

    /** NUL bytes in a message (RFC 1459 forbids them) never reach the recipient. */
    @Test
    void nulBytesAreNeverRelayed() throws IOException {
        try (OurServer chat = OurServer.start(Suite.CHAT);
                LineClient alice = register(null, chat.endpoint(), "alice");
                LineClient bob = register(SECOND, chat.endpoint(), "bob")) {
            alice.sendRaw("PRIVMSG bob :a\0b\0\0c\r\n".getBytes(StandardCharsets.ISO_8859_1));
            barrier(alice, "nul");
            List<String> got = barrier(bob, "nul");
            assertThat(got).containsExactly(":alice!alice@127.0.0.1 PRIVMSG bob :abc");
            System.out.println("HOSTILE | PRIVMSG with 3 NUL bytes: relayed without them");
        }
    }

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final InetAddress SECOND = address("127.0.0.2");

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static LineClient register(InetAddress from, Endpoint server, String nick) throws IOException {
        return register(from, server, nick, new ArrayList<>());
    }

    /** Registers {@code nick} (from {@code from}, or the default address) and reads up to the end of the MOTD. */
    private static LineClient register(InetAddress from, Endpoint server, String nick, List<String> isupport)
            throws IOException {
        LineClient c = (from == null ? LineClient.connect(server) : LineClient.connectFrom(from, server)).timeout(WAIT);
        c.send("NICK " + nick).send("USER " + nick + " 0 * :" + nick);
        String l;
        while (!(l = next(c)).contains(" 376 " + nick + " ") && !l.contains(" 422 " + nick + " ")) {
            if (l.contains(" 005 ")) {
                isupport.add(l);
            }
        }
        return c;
    }

    private static String next(LineClient c) throws IOException {
        String l = c.readLine();
        if (l == null) {
            throw new AssertionError("connection closed; lines seen: " + c.seen());
        }
        return l;
    }

    /** A PING/PONG round trip; returns the lines that arrived before the PONG. */
    private static List<String> barrier(LineClient c, String token) throws IOException {
        c.send("PING :" + token);
        List<String> before = new ArrayList<>();
        String l;
        while (!((l = next(c)).contains(" PONG ") && l.endsWith(token))) {
            before.add(l);
        }
        return before;
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
