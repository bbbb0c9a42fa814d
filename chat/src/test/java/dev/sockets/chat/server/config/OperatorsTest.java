package dev.sockets.chat.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorsTest {

    private static final String HASH = OperatorPassword.hash("s3cret".toCharArray(), 10_000);

    @Test
    void aHashHoldsSaltAndIterationsAndMatchesOnlyItsPassword() {
        String h = OperatorPassword.hash("pässword".toCharArray(), 12_345);
        assertThat(h).startsWith("pbkdf2-sha256$12345$").doesNotContain("pässword");
        assertThat(OperatorPassword.hash("pässword".toCharArray(), 12_345)).as("salted").isNotEqualTo(h);
        OperatorPassword p = OperatorPassword.parse(h);
        // The server reads IRC text one char per byte: a UTF-8 password arrives as its bytes.
        String onTheWire = new String("pässword".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertThat(p.matches(onTheWire)).isTrue();
        assertThat(p.matches("passwort")).isFalse();
        assertThat(p.matches("")).isFalse();
    }

    @Test
    void operatorsAuthenticateByNameAndPassword() {
        Operators ops = Operators.parse(List.of("# who may OPER", "", "alice " + HASH, "  bob\t" + HASH + "  "), "ops");
        assertThat(ops.size()).isEqualTo(2);
        assertThat(ops.authenticate("alice", "s3cret")).isTrue();
        assertThat(ops.authenticate("bob", "s3cret")).isTrue();
        assertThat(ops.authenticate("alice", "S3cret")).isFalse();
        assertThat(ops.authenticate("carol", "s3cret")).isFalse();
        assertThat(Operators.NONE.authenticate("alice", "s3cret")).isFalse();
    }

    @Test
    void aMalformedLineIsNamedByItsNumber() {
        assertThatThrownBy(() -> Operators.parse(List.of("alice " + HASH, "bob plaintext"), "ops.txt"))
                .hasMessageStartingWith("ops.txt:2: the hash must be pbkdf2-sha256$");
        assertThatThrownBy(() -> Operators.parse(List.of("", "alice"), "ops.txt"))
                .hasMessage("ops.txt:2: expected 'NAME HASH', got 1 words");
        assertThatThrownBy(() -> Operators.parse(List.of("alice " + HASH, "alice " + HASH), "ops.txt"))
                .hasMessage("ops.txt:2: operator alice is defined twice");
        assertThatThrownBy(() -> Operators.parse(List.of("a pbkdf2-sha256$9$AAAAAAAAAAA$AAAA"), "f"))
                .hasMessageStartingWith("f:1: the iteration count must be");
        assertThatThrownBy(() -> Operators.parse(List.of("a pbkdf2-sha256$20000$!!$AAAA"), "f"))
                .hasMessage("f:1: the salt and hash must be Base64");
    }

    @Test
    void anUnreadableFileIsOneLine(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Operators.load(dir.resolve("none")))
                .hasMessage(dir.resolve("none") + ": no such file");
        assertThatThrownBy(() -> Operators.load(dir)).hasMessage(dir + ": is a directory");
        Path f = dir.resolve("ops");
        Files.writeString(f, "alice " + HASH + "\n");
        assertThat(Operators.load(f).authenticate("alice", "s3cret")).isTrue();
    }
}
