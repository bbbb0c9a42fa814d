package dev.sockets.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.testing.LineClient;
import dev.sockets.it.harness.ExternalProcess;
import dev.sockets.it.harness.IrcPeer;
import dev.sockets.it.harness.Suite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --config FILE} and SIGHUP, as an operator uses them: a chat server started from a file alone,
 * a reload that changes the MOTD and the password for the next clients and says which changes wait for
 * a restart, a reload of a broken file that keeps the running configuration, and a broken file at start
 * answered with one line naming the file and line.
 */
class ConfigFileIT {

    private static final Duration START = Duration.ofSeconds(120); // the launcher may build the jars first
    private static final Duration LOG = Duration.ofSeconds(20);
    private static final Pattern TCP = Pattern.compile("chat: listening on tcp/127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    private static ExternalProcess sockets(String name, String... args) {
        java.util.List<String> words = new java.util.ArrayList<>();
        words.add(Suite.root().resolve("sockets").toString());
        words.addAll(java.util.List.of(args));
        return ExternalProcess.named(name).command(words).start();
    }

    private static void hangUp(ExternalProcess p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    private static String firstMotdLine(Endpoint server, String nick) throws IOException {
        try (IrcPeer peer = IrcPeer.register(server, nick)) {
            String line = peer.await(" 372 ");
            peer.await(" 376 ");
            return line.substring(line.lastIndexOf(" :") + 2);
        }
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    @Test
    void sighupReloadsTheMotdAndPasswordAndNamesWhatWaitsForARestart() throws Exception {
        Path motd = write("motd.txt", "first message of the day\n");
        Path conf = write("chat.conf", """
                # a chat server for the integration suite
                bind = 127.0.0.1
                port = 0
                name = irc.before.test
                motd = %s
                """.formatted(motd));
        try (ExternalProcess chat = sockets("chat server from a config file", "chat", "server", "--config", conf.toString())) {
            Matcher m = TCP.matcher(chat.awaitStderr("chat: listening on", START));
            assertThat(m.find()).as(chat.describe()).isTrue();
            Endpoint server = Endpoint.loopback(Integer.parseInt(m.group(1)));
            assertThat(firstMotdLine(server, "early")).isEqualTo("- first message of the day");

            try (IrcPeer stays = IrcPeer.register(server, "stays")) {
                write("motd.txt", "second message of the day\n");
                write("chat.conf", """
                        bind = 127.0.0.1
                        port = 0
                        name = irc.after.test
                        motd = %s
                        password = s3cret
                        """.formatted(motd));
                hangUp(chat);
                String reloaded = chat.awaitStderr("SIGHUP: reloaded", LOG);
                assertThat(reloaded).contains("SIGHUP: reloaded: --password, MOTD text; changed but applied only at restart: --name");

                // The client connected before the reload keeps its session and sees the server's old name.
                stays.barrier();
                stays.send("MOTD");
                assertThat(stays.await(" 372 ")).startsWith(":irc.before.test 372 stays :- second message of the day");
            }
            try (LineClient late = LineClient.connect(server).timeout(Duration.ofSeconds(10))) {
                late.send("NICK nopass").send("USER nopass 0 * :no password");
                assertThat(late.readUntil(l -> l.contains(" 464 ") || l.contains(" 001 "), "464 or 001"))
                        .as("a client without the password that the reload set").contains(" 464 ");
            }
            try (LineClient late = LineClient.connect(server).timeout(Duration.ofSeconds(10))) {
                late.send("PASS s3cret").send("NICK withpass").send("USER withpass 0 * :password");
                late.readUntil(l -> l.contains(" 001 withpass "), "001 with the reloaded password");
            }

            write("chat.conf", "bind = 127.0.0.1\nport = 0\nmax-conections = 5\n");
            hangUp(chat);
            String kept = chat.awaitStderr("the running configuration stays", LOG);
            assertThat(kept).contains("SIGHUP: " + conf + ":3: unknown option 'max-conections'");
            assertThat(chat.isAlive()).isTrue();
            chat.terminate();
            assertThat(chat.awaitExit(Duration.ofSeconds(30))).as(chat.describe()).isZero();
            assertThat(chat.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void aBrokenFileAtStartIsOneLineNamingFileAndLineAndExitTwo() throws Exception {
        Path conf = write("chat.conf", "port = 0\n\nsendq = lots\n");
        try (ExternalProcess chat = sockets("chat server, bad value in the file", "chat", "server", "--config", conf.toString())) {
            assertThat(chat.awaitExit(START)).as(chat.describe()).isEqualTo(2);
            assertThat(chat.stderr()).as(chat.describe()).contains("chat server: " + conf + ":3: ")
                    .contains("lots").doesNotContain("Exception").doesNotContain("listening on");
        }
        try (ExternalProcess missing = sockets("chat server, no such file", "chat", "server", "--config",
                dir.resolve("absent.conf").toString())) {
            assertThat(missing.awaitExit(START)).as(missing.describe()).isEqualTo(2);
            assertThat(missing.stderr()).contains("absent.conf").doesNotContain("Exception");
        }
    }

    @Test
    void anEchoServerFromAFileKeepsServingThroughASighup() throws Exception {
        Path conf = write("echo.conf", "bind = 127.0.0.1\nport = 0\nmax-connections = 3\n");
        try (ExternalProcess echo = sockets("echo server from a config file", "echo", "server", "--config", conf.toString())) {
            Matcher m = Pattern.compile("echo: listening on tcp/127\\.0\\.0\\.1:(\\d+)")
                    .matcher(echo.awaitStderr("echo: listening on", START));
            assertThat(m.find()).as(echo.describe()).isTrue();
            Endpoint server = Endpoint.loopback(Integer.parseInt(m.group(1)));
            hangUp(echo);
            echo.awaitStderr("SIGHUP: echo has nothing to reload while running", LOG);
            try (LineClient c = LineClient.connect(server)) {
                c.send("still here");
                assertThat(c.readLine()).isEqualTo("still here");
            }
            echo.terminate();
            assertThat(echo.awaitExit(Duration.ofSeconds(30))).as(echo.describe()).isZero();
        }
    }

    @Test
    void theConfigFileThePackageInstallsStartsTheServerAsIs() throws Exception {
        Path shipped = Suite.root().resolve("packaging/etc/sockets/chat.conf");
        try (ExternalProcess chat = sockets("chat server with the shipped chat.conf", "chat", "server",
                "--config", shipped.toString(), "--bind", "127.0.0.1", "--port", "0")) {
            Matcher m = TCP.matcher(chat.awaitStderr("chat: listening on", START));
            assertThat(m.find()).as(chat.describe()).isTrue();
            try (IrcPeer peer = IrcPeer.register(Endpoint.loopback(Integer.parseInt(m.group(1))), "shipped")) {
                peer.barrier();
            }
            chat.terminate();
            assertThat(chat.awaitExit(Duration.ofSeconds(30))).as(chat.describe()).isZero();
        }
    }
}
