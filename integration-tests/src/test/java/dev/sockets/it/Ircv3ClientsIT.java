package dev.sockets.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.it.harness.IrcPeer;
import dev.sockets.it.harness.Irssi;
import dev.sockets.it.harness.OurServer;
import dev.sockets.it.harness.Suite;
import dev.sockets.it.harness.Weechat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * IRCv3 as real clients use it: WeeChat ({@code weechat-headless}) and irssi (in tmux) negotiate
 * server-time, multi-prefix, away-notify and (WeeChat; irssi has no echo-message) echo-message with our
 * server, and show what those promise. The server runs with its clock in 2001 (libfaketime), so a line
 * a client shows at a 2001 time carries the server's timestamp, not the client's own clock.
 */
@Timeout(120)
class Ircv3ClientsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /**
     * The server's clock starts on this day of 2001 (UTC); the clients' clocks are today's. Its day of the
     * month differs from today's in every time zone: irssi announces "Day changed" only when the day of the
     * month changes (on the 3rd of a month it said nothing for Feb 3).
     */
    private static final java.time.LocalDate SERVER_DAY = serverDay();
    private static final String SERVER_START = SERVER_DAY + " 04:05:06";
    /** {@code 2001-02-10}, as WeeChat logs a day and server-time tags carry it. */
    private static final String DAY = SERVER_DAY.toString();

    private static java.time.LocalDate serverDay() {
        int today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).getDayOfMonth();
        int day = Math.abs(today - 10) > 2 ? 10 : 20; // today +-1 covers every zone's date
        return java.time.LocalDate.of(2001, 2, day);
    }

    static OurServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        server = OurServer.startAtFakeTime(Suite.CHAT, SERVER_START, "--name", "irc.it.localhost");
    }

    @AfterAll
    static void stopServer() {
        try {
            assertThat(server.stop()).containsEntry("clients", 0L);
        } finally {
            server.close();
        }
    }

    @Test
    void weechatNegotiatesTheCapabilitiesAndShowsServerTimesEchoesAndPrefixes() throws IOException {
        try (IrcPeer op = IrcPeer.register(server.endpoint(), "wop").join("#wee");
                IrcPeer voice = IrcPeer.register(server.endpoint(), "wvoice").join("#wee")) {
            op.send("MODE #wee +vv wvoice wop");
            op.await("MODE #wee");
            try (Weechat weechat = Weechat.start(dir, server.port(), "wee",
                    "server-time,multi-prefix,away-notify,echo-message", "#wee", "/msg wop hello from weechat")) {
                op.explainWith(weechat::describe);
                assertThat(op.await("PRIVMSG wop")).matches(":wee!\\S+ PRIVMSG wop :hello from weechat");
                String enabled = weechat.awaitLog("client capability, enabled: .*", WAIT);
                assertThat(enabled.split("enabled: ")[1].split(" "))
                        .contains("server-time", "multi-prefix", "away-notify", "echo-message");
                // echo-message: WeeChat shows its own message only as the server echoed it, at the server's time.
                weechat.awaitLog("^" + DAY + " \\d\\d:\\d\\d:\\d\\d\twee\thello from weechat$", WAIT);
                op.await(":wee!"); // its JOIN
                weechat.awaitLog("Channel #wee: 3 nicks \\(1 op, 1 voice, 1 normal\\)", WAIT);

                voice.send("PRIVMSG #wee :hello from a voiced user");
                // The voiced user's "+", at the server's time.
                weechat.awaitLog("^" + DAY + " \\d\\d:\\d\\d:\\d\\d\t\\+wvoice\thello from a voiced user$", WAIT);
                // multi-prefix: wop is @ and +, WeeChat shows the highest.
                op.send("PRIVMSG #wee :hello from an op");
                weechat.awaitLog("^" + DAY + " \\d\\d:\\d\\d:\\d\\d\t@wop\thello from an op$", WAIT);
            }
        }
    }

    @Test
    void irssiNegotiatesTheCapabilitiesAndShowsServerTimesPrefixesAndAnAwayUser() throws IOException {
        try (IrcPeer op = IrcPeer.register(server.endpoint(), "iop").join("#irc");
                IrcPeer voice = IrcPeer.register(server.endpoint(), "ivoice").join("#irc");
                IrcPeer away = IrcPeer.register(server.endpoint(), "iaway").join("#irc")) {
            op.send("MODE #irc +vv ivoice iop");
            op.await("MODE #irc");
            try (Irssi irssi = Irssi.start(dir, server.port(), "irs", "#irc")) {
                op.explainWith(irssi::describe);
                op.await(":irs!"); // its JOIN
                irssi.awaitLog("Total of 4 nicks [1 ops, 0 halfops, 1 voices, 2 normal]", WAIT);
                irssi.awaitScreen("Capabilities acknowledged:", WAIT);
                assertThat(irssi.describe()).containsPattern(
                        "Capabilities acknowledged: .*(?=.*\\bmulti-prefix\\b)(?=.*\\bserver-time\\b)(?=.*\\baway-notify\\b)");
                // irssi logs a line at the time the server stamped it: its log moves to the server's day.
                irssi.awaitLog("Day changed " + SERVER_DAY.format(java.time.format.DateTimeFormatter.ofPattern("EEE MMM dd yyyy", java.util.Locale.ENGLISH)), WAIT);

                // What irssi receives from here on, in its own raw log.
                Path raw = dir.resolve("irssi-raw.log");
                irssi.type("/rawlog open " + raw);
                await().atMost(WAIT).until(() -> Files.exists(raw));
                away.send("AWAY :gone to lunch");
                away.await(" 306 ");
                voice.send("PRIVMSG #irc :hello from a voiced user");
                irssi.awaitLog("<+ivoice> hello from a voiced user", WAIT);
                irssi.type("/quote NAMES #irc");
                irssi.type("/rawlog close");
                await().atMost(WAIT).until(() -> Files.readString(raw).contains(" 366 "));
                String received = Files.readString(raw);
                // away-notify: irssi was told, without asking, that iaway is away, at the server's time.
                assertThat(received).containsPattern("@time=" + DAY + "T\\S+ :iaway!\\S+ AWAY :gone to lunch");
                // multi-prefix: both of iop's prefixes.
                assertThat(received).containsPattern(" 353 irs = #irc :.*@\\+iop");
            }
        }
    }
}
