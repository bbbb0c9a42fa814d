package dev.sockets.chat.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Argon2id hashes: what a stored password is, and what never passes for one. */
class PasswordHashTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theRightPasswordMatchesAndAnyOtherDoesNot() {
        String hash = PasswordHash.hash(utf8("sesame"));
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("sesame");
        assertThat(PasswordHash.verify(utf8("sesame"), hash)).isTrue();
        assertThat(PasswordHash.verify(utf8("Sesame"), hash)).isFalse();
        assertThat(PasswordHash.verify(utf8("sesame "), hash)).isFalse();
        assertThat(PasswordHash.verify(new byte[0], hash)).isFalse();
    }

    @Test
    void everyHashHasItsOwnSaltAndNonAsciiPasswordsWork() {
        String a = PasswordHash.hash(utf8("é".repeat(100)));
        String b = PasswordHash.hash(utf8("é".repeat(100)));
        assertThat(a).isNotEqualTo(b);
        assertThat(PasswordHash.verify(utf8("é".repeat(100)), a)).isTrue();
        assertThat(PasswordHash.verify(utf8("é".repeat(100)), b)).isTrue();
        assertThat(PasswordHash.verify(utf8("e".repeat(100)), a)).isFalse();
    }

    @Test
    void aHashFromAnotherToolWithTheSameParametersIsRead() {
        // Made by the reference implementation (Debian's argon2 CLI: echo -n password | argon2 somesalt -id -m 12 -t 3 -p 1 -e).
        String reference = "$argon2id$v=19$m=4096,t=3,p=1$c29tZXNhbHQ$qLml5cbqFAO6YxVHhrSBHP0UWdxrIxkNcM8aMX3blzU";
        assertThat(PasswordHash.isWellFormed(reference)).isTrue();
        assertThat(PasswordHash.verify(utf8("password"), reference)).isTrue();
        assertThat(PasswordHash.verify(utf8("passw0rd"), reference)).isFalse();
    }

    @Test
    void malformedOrForeignHashesNeverMatch() {
        for (String bad : new String[] {null, "", "sesame", "pbkdf2-sha256$200000$abc$def",
                "$argon2i$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$qLml5cbqFAO6YxVHhrSBHP0UWdxrIxkNcM8aMX3m/8k",
                "$argon2id$v=19$m=999999999,t=2,p=1$c29tZXNhbHQ$qLml5cbqFAO6YxVHhrSBHP0UWdxrIxkNcM8aMX3m/8k",
                "$argon2id$v=19$m=4096,t=3$c29tZXNhbHQ$qLml5cbqFAO6YxVHhrSBHP0UWdxrIxkNcM8aMX3m/8k",
                "$argon2id$v=19$m=4096,t=3,p=1$!!!$qLml5cbqFAO6YxVHhrSBHP0UWdxrIxkNcM8aMX3m/8k"}) {
            assertThat(PasswordHash.isWellFormed(bad)).as(String.valueOf(bad)).isFalse();
            assertThat(PasswordHash.verify(utf8("sesame"), bad)).as(String.valueOf(bad)).isFalse();
        }
    }
}
