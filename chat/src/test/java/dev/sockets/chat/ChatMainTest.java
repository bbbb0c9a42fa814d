package dev.sockets.chat;

import dev.sockets.chat.server.config.ChatConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.common.cli.Cli;
import dev.sockets.common.cli.UserError;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ChatMainTest {

    @Test
    void badUsageExitsTwo() {
        assertThat(Cli.run(new ChatMain())).isEqualTo(Cli.EXIT_USAGE);
        assertThat(Cli.run(new ChatMain(), "server", "--no-such-flag")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(Cli.run(new ChatMain(), "server", "--port", "70000")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(Cli.run(new ChatMain(), "server", "--flood-rate", "-1")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(Cli.run(new ChatMain(), "server", "--name", "two words")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(Cli.run(new ChatMain(), "server", "--ping-interval", "soon")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(Cli.run(new ChatMain(), "nonsense")).isEqualTo(Cli.EXIT_USAGE);
    }

    @Test
    void helpAndVersionExitZero() {
        assertThat(Cli.run(new ChatMain(), "--help")).isZero();
        assertThat(Cli.run(new ChatMain(), "server", "--help")).isZero();
        assertThat(Cli.run(new ChatMain(), "--version")).isZero();
    }

    @Test
    void missingMotdFileIsAOneLineError() {
        assertThat(Cli.run(new ChatMain(), "server", "--port", "0", "--motd", "/nonexistent/motd.txt"))
                .isEqualTo(Cli.EXIT_FAILURE);
    }

    @Test
    void flagsBecomeTheConfiguration(@TempDir Path dir) throws Exception {
        Path motd = dir.resolve("motd");
        Files.write(motd, "hello\ncaf\u00e9\n".getBytes(StandardCharsets.UTF_8));
        ChatServerCommand cmd = parse("--name", "chat.lan", "--motd", motd.toString(), "--password", "pw",
                "--sendq", "4096", "--flood-rate", "0", "--register-timeout", "5s", "--ping-interval", "1m",
                "--ping-timeout", "500ms", "--max-channels", "7", "--nicklen", "9", "--max-clients", "3",
                "--max-clients-per-ip", "2", "--server-info", "the LAN chat");
        ChatConfig c = cmd.config();
        assertThat(c.serverName()).isEqualTo("chat.lan");
        assertThat(c.serverInfo()).isEqualTo("the LAN chat"); // LINKS and WHOIS 312 show it
        // UTF-8 bytes of the file are kept as they are (one char per byte)
        assertThat(c.motd()).containsExactly("hello", "caf\u00c3\u00a9");
        assertThat(c.password()).isEqualTo("pw");
        assertThat(c.sendQueueBytes()).isEqualTo(4096);
        assertThat(c.floodRate()).isZero();
        assertThat(c.registerTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.pingInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.pingTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.maxChannelsPerClient()).isEqualTo(7);
        assertThat(c.nickLength()).isEqualTo(9);
        var limits = cmd.limits();
        assertThat(limits.maxConnections()).isEqualTo(3);
        assertThat(limits.maxConnectionsPerIp()).isEqualTo(2);
        assertThat(limits.refuseWhenFull()).isTrue();
        assertThat(new String(limits.refusalMessage(), StandardCharsets.US_ASCII)).isEqualTo("ERROR :Too many connections\r\n");
    }

    @Test
    void theStoreIsOpenedInTheDataDirOrRefusedInOneLine(@TempDir Path dir) throws Exception {
        try (var store = parse("--data-dir", dir.resolve("data").toString()).openStore()) {
            assertThat(store.location().describe()).isEqualTo("sqlite " + dir.resolve("data/chat.db"));
        }
        assertThat(dir.resolve("data/chat.db")).isRegularFile();
        assertThat(parse("--store", "none").openStore()).isNull();
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThat(Cli.run(new ChatMain(), "server", "--port", "0", "--data-dir", file.toString()))
                .isEqualTo(Cli.EXIT_FAILURE);
        assertThat(Cli.run(new ChatMain(), "server", "--port", "0", "--store", "mysql://u:p@h/d"))
                .isEqualTo(Cli.EXIT_USAGE);
        UserError notADir = org.assertj.core.api.Assertions.catchThrowableOfType(UserError.class,
                () -> parse("--data-dir", file.toString()).openStore());
        assertThat(notADir).hasMessage("store: --data-dir " + file + ": not a directory");
    }

    @Test
    void defaults() {
        ChatServerCommand cmd = parse();
        ChatConfig c = cmd.config();
        assertThat(c.serverName()).isEqualTo("irc.local");
        assertThat(c.motd()).isNull();
        assertThat(c.password()).isNull();
        assertThat(c.floodRate()).isPositive();
        assertThat(c.registerTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(cmd.server.endpoint(ChatConfig.DEFAULT_PORT).port()).isEqualTo(6667);
        assertThat(cmd.limits().refuseWhenFull()).isTrue();
    }

    @Test
    void badValuesAreUsageErrors() {
        ChatServerCommand cmd = parse("--sendq", "10");
        org.assertj.core.api.Assertions.assertThatThrownBy(cmd::config).isInstanceOf(UserError.class)
                .extracting(e -> ((UserError) e).exitCode()).isEqualTo(Cli.EXIT_USAGE);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            --nicklen 0           | --nicklen must be at least 1
            --channellen 1        | --channellen must be at least 2
            --topiclen 0          | --topiclen must be at least 1
            --max-channels 0      | --max-channels must be at least 1
            --sendq 10            | --sendq must be at least 1024
            --flood-rate -1       | --flood-rate must not be negative
            --flood-burst 0       | --flood-burst must be at least 1
            --flood-backlog 100   | --flood-backlog must be at least 512
            --ping-timeout 0      | --ping-timeout must be more than 0
            --max-clients -1      | --max-clients must not be negative
            --max-unregistered -1 | --max-unregistered must not be negative
            --max-connections -1  | --max-connections must not be negative
            """)
    void rangeErrorsNameTheOption(String args, String message) {
        ChatServerCommand cmd = parse(args.split(" "));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            cmd.config();
            cmd.limits();
        }).isInstanceOf(UserError.class).hasMessage(message)
                .extracting(e -> ((UserError) e).exitCode()).isEqualTo(Cli.EXIT_USAGE);
    }

    @Test
    void anUnreadableMotdSaysWhy(@TempDir Path dir) throws Exception {
        assertThatMotdFails(parse("--motd", "/nonexistent"), "--motd: /nonexistent: no such file");
        assertThatMotdFails(parse("--motd", dir.toString()), "--motd: " + dir + ": is a directory");
    }

    private static void assertThatMotdFails(ChatServerCommand cmd, String message) {
        org.assertj.core.api.Assertions.assertThatThrownBy(cmd::config).isInstanceOf(UserError.class).hasMessage(message)
                .extracting(e -> ((UserError) e).exitCode()).isEqualTo(Cli.EXIT_FAILURE);
    }

    @Test
    void everyOptionWithAValueShowsItsDefault() {
        assertThat(dev.sockets.common.testing.HelpCheck.optionsWithoutDefault(Cli.commandLine(new ChatMain()))).isEmpty();
    }

    @Test
    void helpShowsTheDefaultPortAndTheLauncherName() {
        java.io.StringWriter out = new java.io.StringWriter();
        CommandLine cl = Cli.commandLine(new ChatMain());
        cl.setOut(new java.io.PrintWriter(out, true));
        assertThat(cl.execute("server", "--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")).startsWith("Usage: sockets chat server [options]")
                .contains("CAP_NET_BIND_SERVICE. Default: 6667.").contains("(default: 6697;");
        out.getBuffer().setLength(0);
        assertThat(cl.execute("client", "--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")).startsWith("Usage: sockets chat client [options] [HOST]")
                .contains("Server port. Default: 6667.");
    }

    private static ChatServerCommand parse(String... args) {
        ChatServerCommand cmd = new ChatServerCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd;
    }
}
