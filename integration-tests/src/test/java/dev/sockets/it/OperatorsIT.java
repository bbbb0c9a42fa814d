package dev.sockets.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.common.net.Endpoint;
import dev.sockets.it.harness.ExternalProcess;
import dev.sockets.it.harness.IrcPeer;
import dev.sockets.it.harness.Suite;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IRC operators as an administrator sets them up, against the launcher and its jars: {@code chat server
 * hash-password} reads the password from standard input and prints the file's line, the server started
 * with {@code --operators} lets that operator OPER and KILL, a SIGHUP re-reads the file (a broken one keeps
 * the operators in force), and a broken file at start is one line naming the line at fault.
 */
class OperatorsIT {

    private static final Duration START = Duration.ofSeconds(120); // the launcher may build the jars first
    private static final Duration LOG = Duration.ofSeconds(20);
    private static final Pattern TCP = Pattern.compile("chat: listening on tcp/127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    private static ExternalProcess sockets(String name, Path stdin, String... args) {
        List<String> words = new ArrayList<>();
        words.add(Suite.root().resolve("sockets").toString());
        words.addAll(List.of(args));
        ExternalProcess.Builder b = ExternalProcess.named(name).command(words);
        if (stdin != null) {
            b.stdin(stdin);
        }
        return b.start();
    }

    /** The operators-file line hash-password prints for {@code name} and {@code password}. */
    private String hashPassword(String name, String password) throws Exception {
        Path in = Files.writeString(dir.resolve("password-" + name), password + "\n", StandardCharsets.UTF_8);
        try (ExternalProcess p = sockets("hash-password", in, "chat", "server", "hash-password", name)) {
            assertThat(p.awaitExit(START)).as(p.describe()).isZero();
            String line = p.stdout().strip();
            assertThat(line).startsWith(name + " pbkdf2-sha256$").doesNotContain(password);
            return line;
        }
    }

    private static void hangUp(ExternalProcess p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    private static String oper(Endpoint server, String nick, String name, String password) throws Exception {
        try (IrcPeer peer = IrcPeer.register(server, nick)) {
            peer.send("OPER " + name + " " + password);
            return peer.line().readUntil(l -> l.contains(" 381 " + nick + " ") || l.contains(" 464 " + nick + " "),
                    "381 or 464");
        }
    }

    @Test
    void aHashedOperatorOpersAndKillsAndASighupReReadsTheFile() throws Exception {
        Path ops = Files.writeString(dir.resolve("operators"), "# operators\n" + hashPassword("admin", "correct horse") + "\n");
        try (ExternalProcess chat = sockets("chat server with operators", null, "chat", "server", "--bind", "127.0.0.1",
                "--port", "0", "--operators", ops.toString())) {
            Matcher m = TCP.matcher(chat.awaitStderr("chat: listening on", START));
            assertThat(m.find()).as(chat.describe()).isTrue();
            Endpoint server = Endpoint.loopback(Integer.parseInt(m.group(1)));
            assertThat(chat.stderr()).contains("1 IRC operator(s) from " + ops);

            try (IrcPeer op = IrcPeer.register(server, "op"); IrcPeer victim = IrcPeer.register(server, "victim")) {
                op.send("KILL victim :before oper");
                op.await(" 481 op ");
                op.send("OPER admin wrong");
                op.await(" 464 op ");
                op.send("OPER admin :correct horse");
                op.await(" 381 op ");
                assertThat(op.await(" MODE op ")).endsWith("MODE op :+o");
                op.send("KILL victim :flooding");
                assertThat(victim.await("ERROR")).contains("Killed (op (flooding))");
                victim.line().awaitClosed();
                op.send("WHOIS victim");
                op.await(" 401 op victim ");
            }

            Files.writeString(ops, hashPassword("admin", "battery staple") + "\n");
            hangUp(chat);
            assertThat(chat.awaitStderr("SIGHUP: reloaded", LOG)).contains("operators file");
            assertThat(oper(server, "a1", "admin", ":correct horse")).contains(" 464 ");
            assertThat(oper(server, "a2", "admin", ":battery staple")).contains(" 381 ");

            Files.writeString(ops, "admin battery-staple-in-plain-text\n");
            hangUp(chat);
            assertThat(chat.awaitStderr("the running configuration stays", LOG))
                    .contains("SIGHUP: --operators: " + ops + ":1: the hash must be pbkdf2-sha256$");
            assertThat(oper(server, "a3", "admin", ":battery staple")).as("the old operators stay").contains(" 381 ");
            chat.terminate();
            assertThat(chat.awaitExit(Duration.ofSeconds(30))).as(chat.describe()).isZero();
            assertThat(chat.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void aBrokenOperatorsFileAtStartIsOneLineNamingTheLine() throws Exception {
        Path ops = Files.writeString(dir.resolve("operators"), "# operators\n\nadmin\n");
        try (ExternalProcess chat = sockets("chat server with a broken operators file", null, "chat", "server",
                "--port", "0", "--operators", ops.toString())) {
            assertThat(chat.awaitExit(START)).as(chat.describe()).isEqualTo(1);
            assertThat(chat.stderr().lines().filter(l -> l.contains("operators")))
                    .containsExactly("chat server: --operators: " + ops + ":3: expected 'NAME HASH', got 1 words");
        }
        try (ExternalProcess chat = sockets("chat server with a missing operators file", null, "chat", "server",
                "--port", "0", "--operators", dir.resolve("none").toString())) {
            assertThat(chat.awaitExit(START)).as(chat.describe()).isEqualTo(1);
            assertThat(chat.stderr().lines().filter(l -> l.contains("operators")))
                    .containsExactly("chat server: --operators: " + dir.resolve("none") + ": no such file");
        }
    }
}
