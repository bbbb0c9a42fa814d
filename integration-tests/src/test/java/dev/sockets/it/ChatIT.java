package dev.sockets.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.it.harness.ExternalProcess;
import dev.sockets.it.harness.Fifo;
import dev.sockets.it.harness.IrcPeer;
import dev.sockets.it.harness.Irssi;
import dev.sockets.it.harness.OurServer;
import dev.sockets.it.harness.Suite;
import dev.sockets.it.harness.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our chat server as a process, used by IRC clients nobody here wrote: {@code ii} (files and FIFOs),
 * {@code irssi} (a full-screen client, run headless in tmux; it opens with {@code CAP LS 302}), plain
 * {@code nc} typed into like a human would, and our own chat client driven by a piped script. In each
 * test a raw peer shares a channel with the client, so both directions are checked on the wire.
 */
@Timeout(90)
class ChatIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    static OurServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() {
        server = OurServer.start(Suite.CHAT, "--name", "irc.it.localhost");
    }

    @AfterAll
    static void stopServer() {
        try {
            Map<String, Long> stats = server.stop();
            // ii, irssi, nc, our client, and a raw peer in each of those tests
            assertThat(stats.get("connections_total")).as("stats %s", stats).isGreaterThanOrEqualTo(8);
            // every departure (QUIT or a dropped connection) was processed: nobody and no channel left
            assertThat(stats).containsEntry("connections_open", 0L).containsEntry("clients", 0L)
                    .containsEntry("channels", 0L);
        } finally {
            server.close();
        }
    }

    @Test
    void iiJoinsSendsFromItsFifoAndLogsWhatOthersSay() throws IOException {
        String ii = Tools.require("ii", "ii");
        Path home = Files.createDirectories(dir.resolve("ii"));
        try (IrcPeer raw = IrcPeer.register(server.endpoint(), "rawii").join("#ii");
                ExternalProcess client = ExternalProcess.named("ii").command(ii, "-s", "127.0.0.1",
                        "-p", String.valueOf(server.port()), "-n", "iibot", "-i", home.toString()).start()) {
            raw.explainWith(client::describe);
            Path serverDir = home.resolve("127.0.0.1");
            awaitFile(serverDir.resolve("in"), client);
            Fifo.writeLine(serverDir.resolve("in"), "/j #ii", WAIT);
            raw.await(":iibot!");
            Path channelDir = serverDir.resolve("#ii");
            awaitFile(channelDir.resolve("in"), client);

            Fifo.writeLine(channelDir.resolve("in"), "hello from ii", WAIT);
            assertThat(raw.await("PRIVMSG #ii :")).matches(":iibot!\\S+ PRIVMSG #ii :hello from ii");

            raw.send("PRIVMSG #ii :hello ii, from a raw client");
            awaitContains(channelDir.resolve("out"), "<rawii> hello ii, from a raw client", client);

            Fifo.writeLine(serverDir.resolve("in"), "/q leaving", WAIT);
            assertThat(raw.await(" QUIT ")).startsWith(":iibot!").contains("leaving");
            assertThat(client.awaitExit(WAIT)).as(client.describe()).isZero();
        }
    }

    @Test
    void irssiInTmuxRegistersWithCapLsJoinsChatsAndQuits() throws IOException {
        try (IrcPeer raw = IrcPeer.register(server.endpoint(), "rawirssi").join("#irssi");
                Irssi irssi = Irssi.start(dir, server.port(), "irssibot", "#irssi")) {
            raw.explainWith(irssi::describe);
            assertThat(raw.await("JOIN")).as("irssi registered (CAP LS 302 ... CAP END) and joined")
                    .matches(":irssibot!\\S+ JOIN :?#irssi");
            // the channel window is open once irssi has the NAMES reply; a barrier on irssi's side is its log
            irssi.awaitLog("Total of 2 nicks", WAIT);

            irssi.type("/window goto #irssi");
            irssi.type("hello from irssi");
            assertThat(raw.await("PRIVMSG #irssi")).matches(":irssibot!\\S+ PRIVMSG #irssi :hello from irssi");

            raw.send("PRIVMSG #irssi :hello irssi, from a raw client");
            irssi.awaitLog("rawirssi> hello irssi, from a raw client", WAIT); // "<@rawirssi>": an op

            irssi.type("/quit see you");
            assertThat(raw.await(" QUIT ")).startsWith(":irssibot!").contains("see you");
            irssi.awaitEnded(WAIT);
        }
    }

    @Test
    void ncTypedIntoLikeAHuman() throws IOException {
        try (IrcPeer raw = IrcPeer.register(server.endpoint(), "rawnc").join("#nc");
                ExternalProcess nc = ExternalProcess.named("nc").command(Tools.nc(), "127.0.0.1",
                        String.valueOf(server.port())).start()) {
            raw.explainWith(nc::describe);
            // a terminal sends bare LF line ends
            nc.write("NICK human\n").write("USER human 0 * :A Human Being\n");
            nc.awaitStdout(" 001 human ", WAIT);
            nc.write("JOIN #nc\n");
            nc.awaitStdout(" 366 human #nc ", WAIT);
            raw.await(":human!");

            nc.write("PRIVMSG #nc :typed by hand\n");
            assertThat(raw.await("PRIVMSG #nc")).matches(":human!\\S+ PRIVMSG #nc :typed by hand");

            raw.send("PRIVMSG #nc :hello human");
            nc.awaitStdout(" PRIVMSG #nc :hello human\r\n", WAIT);
            assertThat(nc.stdout()).containsPattern("(?md)^:rawnc!\\S+ PRIVMSG #nc :hello human\r$");

            nc.write("PING :are-you-there\n");
            nc.awaitStdout("are-you-there\r\n", WAIT);
            assertThat(nc.stdout()).containsPattern("(?md)^:\\S+ PONG .*are-you-there\r$");

            nc.write("QUIT :done typing\n");
            nc.awaitStdout("ERROR :", WAIT);
            assertThat(raw.await(" QUIT ")).startsWith(":human!").contains("done typing");
            nc.closeStdin();
            assertThat(nc.awaitExit(WAIT)).as(nc.describe()).isZero();
        }
    }

    @Test
    void ourClientRunsAPipedScriptInOrder() throws IOException {
        Path script = Files.writeString(dir.resolve("script.txt"), """
                /join #script
                hello from a script
                second line
                /me waves
                /quit bye
                """);
        try (IrcPeer raw = IrcPeer.register(server.endpoint(), "rawscript").join("#script");
                ExternalProcess client = Suite.CHAT.start(script, "client", "127.0.0.1", "--port",
                        String.valueOf(server.port()), "--nick", "scriptbot")) {
            raw.explainWith(client::describe);
            assertThat(raw.await("JOIN")).startsWith(":scriptbot!");
            assertThat(raw.await("PRIVMSG")).matches(":scriptbot!\\S+ PRIVMSG #script :hello from a script");
            assertThat(raw.await("PRIVMSG")).matches(":scriptbot!\\S+ PRIVMSG #script :second line");
            assertThat(raw.await("PRIVMSG")).matches(":scriptbot!\\S+ PRIVMSG #script :\u0001ACTION waves\u0001");
            assertThat(raw.await(" QUIT ")).startsWith(":scriptbot!").contains("bye");
            assertThat(client.awaitExit(WAIT)).as(client.describe()).isZero();
        }
    }

    @Test
    void sigtermTellsEveryClientAndStopsCleanly() throws IOException {
        try (OurServer own = OurServer.start(Suite.CHAT, "--grace", "5s");
                IrcPeer raw = IrcPeer.register(own.endpoint(), "rawstop").join("#stop");
                ExternalProcess client = Suite.CHAT.start("client", "127.0.0.1", "--port",
                        String.valueOf(own.port()), "--nick", "ourstop", "--channel", "#stop")) {
            raw.explainWith(() -> client.describe() + "\n" + own.process().describe());
            raw.await(":ourstop!");

            own.terminate();
            assertThat(raw.await("NOTICE")).as("a notice before the error").contains("NOTICE rawstop");
            assertThat(raw.await("ERROR")).startsWith("ERROR :").containsIgnoringCase("shutting down");
            raw.line().awaitClosed();
            // our client reports the server's error and exits 1 (issue 7)
            assertThat(client.awaitExit(WAIT)).as(client.describe()).isEqualTo(1);
            assertThat(client.stdout() + client.stderr()).as(client.describe()).containsIgnoringCase("shutting down");

            Map<String, Long> stats = own.awaitStopped();
            assertThat(stats).as("stats").containsEntry("connections_total", 2L)
                    .containsEntry("disconnects_shutdown", 2L).containsEntry("clients", 0L);
        }
    }

    private static void awaitFile(Path file, ExternalProcess owner) {
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> Files.exists(file) || !owner.isAlive());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(file + " not created within " + WAIT + ": " + owner.describe());
        }
        if (!Files.exists(file)) {
            throw new AssertionError(file + " not created: " + owner.describe());
        }
    }

    private static void awaitContains(Path file, String text, ExternalProcess owner) {
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> read(file).contains(text));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("'" + text + "' not in " + file + " within " + WAIT + "; it holds:\n"
                    + read(file) + "\n" + owner.describe());
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
