package dev.sockets.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.chat.server.config.Operators;
import dev.sockets.common.cli.Cli;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code chat server hash-password} and {@code --operators}: what an administrator types. */
class HashPasswordCommandTest {

    private static String run(String stdin, String... args) {
        InputStream saved = System.in;
        StringWriter out = new StringWriter();
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            CommandLine cl = Cli.commandLine(new ChatMain());
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(out));
            int rc = cl.execute(args);
            return rc + ":" + out;
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void thePrintedLineIsAnOperatorsFileLineForThatPassword() {
        String result = run("operpassword\n", "server", "hash-password", "operuser");
        assertThat(result).startsWith("0:operuser pbkdf2-sha256$").doesNotContain("operpassword");
        String line = result.substring(2).strip();
        Operators ops = Operators.parse(List.of(line), "printed");
        assertThat(ops.authenticate("operuser", "operpassword")).isTrue();
        assertThat(ops.authenticate("operuser", "other")).isFalse();
        assertThat(run("pw\n", "server", "hash-password")).startsWith("0:pbkdf2-sha256$");
    }

    @Test
    void anEmptyPasswordOrABadNameIsRefused() {
        assertThat(run("\n", "server", "hash-password", "op")).startsWith("1:").contains("empty password");
        assertThat(run("", "server", "hash-password", "op")).startsWith("1:").contains("no password");
        assertThat(run("pw\n", "server", "hash-password", "two words")).startsWith("2:");
    }

    @Test
    void aBadOperatorsFileStopsTheServerWithTheLineAtFault(@TempDir Path dir) throws Exception {
        Path ops = dir.resolve("ops");
        Files.writeString(ops, "# operators\nalice plaintext-password\n");
        assertThat(run("", "server", "--port", "0", "--operators", ops.toString()))
                .startsWith("1:").contains("--operators: " + ops + ":2: the hash must be pbkdf2-sha256$");
        assertThat(run("", "server", "--port", "0", "--operators", dir.resolve("missing").toString()))
                .startsWith("1:").contains(dir.resolve("missing") + ": no such file");
    }
}
