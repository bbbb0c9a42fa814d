package dev.sockets.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.it.harness.ExternalProcess;
import dev.sockets.it.harness.Suite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an administrator uses besides the servers themselves: the launcher's bash completion, the man
 * pages the build generates, and JSON logs.
 */
@Timeout(120)
class OperationsIT {

    @TempDir
    Path dir;

    @Test
    void bashCompletionCompletesProtocolsRolesAndOptions() throws IOException {
        Path script = dir.resolve("sockets-completion.bash");
        try (ExternalProcess p = ExternalProcess.named("completion")
                .command(Suite.root().resolve("sockets").toString(), "completion", "bash").start()) {
            assertThat(p.awaitExit(Duration.ofSeconds(60))).as(p.describe()).isZero();
            Files.writeString(script, p.stdout());
        }
        assertThat(Files.readString(script)).contains("complete -F _complete_sockets -o default sockets ./sockets");
        assertThat(complete(script, "sockets", "")).contains("echo", "daytime", "time", "chat", "test", "completion");
        assertThat(complete(script, "./sockets", "ech")).containsExactly("echo");
        assertThat(complete(script, "sockets echo", "")).contains("server", "client", "load");
        assertThat(complete(script, "sockets chat server", "--tls")).isNotNull();
        assertThat(complete(script, "sockets echo server", "--idle")).containsExactly("--idle-timeout");
        assertThat(complete(script, "sockets time client", "--ud")).containsExactly("--udp");
        assertThat(complete(script, "sockets daytime server --format", "iso")).containsExactly("iso8601", "iso8601-ms");
        assertThat(complete(script, "sockets echo server --log-format", "")).containsExactly("text", "json");
        assertThat(complete(script, "sockets daytime server --log-format", "")).containsExactly("text", "json");
    }

    @Test
    void completionWithoutAKnownShellIsAOneLineUsageError() {
        for (List<String> args : List.of(List.of("completion"), List.of("completion", "fish"))) {
            List<String> command = new java.util.ArrayList<>(List.of(Suite.root().resolve("sockets").toString()));
            command.addAll(args);
            try (ExternalProcess p = ExternalProcess.named(String.join(" ", args)).command(command).start()) {
                assertThat(p.awaitExit(Duration.ofSeconds(60))).as(p.describe()).isEqualTo(2);
                assertThat(p.stdout()).as(p.describe()).isEmpty();
                assertThat(p.stderr().lines()).as(p.describe()).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                        .startsWith("sockets: completion").contains("bash").contains("zsh");
            }
        }
    }

    /** Runs the completion function as bash would for {@code line + " " + word} and returns the candidates. */
    private List<String> complete(Path script, String line, String word) throws IOException {
        String words = line + " " + word;
        int cword = line.split(" ").length;
        String bash = "source '" + script + "' 2>/dev/null; COMP_WORDS=(" + words + (word.isEmpty() ? " ''" : "")
                + "); COMP_CWORD=" + cword + "; COMP_LINE='" + words + "'; COMP_POINT=${#COMP_LINE}; "
                + "_complete_sockets 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"";
        try (ExternalProcess p = ExternalProcess.named("bash completion").command("bash", "-c", bash).start()) {
            assertThat(p.awaitExit(Duration.ofSeconds(20))).as(p.describe()).isZero();
            return p.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
    }

    @Test
    void theBuildWritesARoffManPageForEveryCommand() throws IOException {
        Path root = Suite.root();
        String version = Files.readString(root.resolve("echo/target/maven-archiver/pom.properties"))
                .lines().filter(l -> l.startsWith("version=")).findFirst().orElseThrow().substring("version=".length());
        for (String command : List.of("echo server", "echo client", "echo load", "daytime server", "daytime client",
                "time server", "time client", "chat server", "chat client")) {
            String name = "sockets-" + command.replace(' ', '-');
            String module = command.startsWith("time") ? "daytime" : command.substring(0, command.indexOf(' '));
            Path page = root.resolve(module + "/target/man/man1/" + name + ".1");
            assertThat(page).as(name).exists();
            assertThat(Files.readString(page)).as(name).startsWith(".TH \"" + name.toUpperCase().replace("-", "\\-") + "\" \"1\"");
            try (ExternalProcess p = ExternalProcess.named("man " + name)
                    .command("man", "-l", page.toString()).env("MANWIDTH", "100").env("MANPAGER", "cat")
                    .start()) {
                assertThat(p.awaitExit(Duration.ofSeconds(30))).as(p.describe()).isZero();
                List<String> lines = p.stdout().lines().filter(l -> !l.isBlank()).toList();
                assertThat(lines.get(0)).as(name).startsWith(name.toUpperCase() + "(1)");
                assertThat(String.join("\n", lines)).as(name).contains("SYNOPSIS", "sockets " + command + " [options]",
                        "OPTIONS", "--help");
                assertThat(lines.get(lines.size() - 1)).as("footer of " + name).startsWith("sockets " + version + " ");
            }
        }
    }

    @Test
    void jsonLogsAreOneObjectPerLine() throws IOException {
        try (ExternalProcess p = Suite.TIME.start("server", "--bind", "127.0.0.1", "--port", "0", "--log-format", "json")) {
            String line = p.awaitStderr("listening on", Duration.ofSeconds(30)).lines()
                    .filter(l -> l.contains("listening on")).findFirst().orElseThrow();
            assertThat(line).matches("\\{\"timestamp\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\",.*\\}")
                    .contains("\"level\":\"INFO\"").contains("\"message\":\"time: listening on tcp/127.0.0.1:");
            p.terminate();
            assertThat(p.awaitExit(Duration.ofSeconds(20))).as(p.describe()).isZero();
            String stopped = p.stderr().lines().filter(l -> l.contains("time: stopped")).findFirst().orElseThrow();
            assertThat(stopped).contains("\"message\":\"time: stopped;\"", "\"server\":\"time\"",
                    "\"connections_total\":0");
        }
    }
}
