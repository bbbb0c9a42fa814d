package dev.sockets.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.chat.server.account.PasswordHash;
import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.common.tls.TlsMaterial;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SASL (AUTHENTICATE) against a real server keeping its accounts in a real SQLite file: PLAIN in one chunk
 * and in several, EXTERNAL with a TLS client certificate, the failures the spec names (904 wrong password,
 * 905 too long, 906 aborted, 907 already logged in, 908 the mechanisms) and the disconnect after too many
 * failures. Accounts are created as the operator does, straight in the store.
 */
@Timeout(60)
class SaslTest {

    // No per-address cap on connections still registering: the budget test opens a dozen one after the
    // other, and a closed one may still count for a moment on a loaded machine.
    @RegisterExtension
    final AccountServer server = new AccountServer(ChatConfig.builder().floodRate(0).maxUnregisteredPerIp(0).build());

    private static String plain(String authzid, String authcid, String password) {
        return Base64.getEncoder().encodeToString((authzid + "\0" + authcid + "\0" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    private TestIrc negotiating() throws IOException {
        TestIrc c = TestIrc.connect(server.chat());
        List<String> ls = c.ask("CAP LS 302");
        assertThat(String.join("\n", ls)).contains("sasl=PLAIN,EXTERNAL").contains("account-tag")
                .contains("account-notify").contains("extended-join").contains("draft/account-registration=before-connect");
        assertThat(c.ask("CAP REQ sasl")).anyMatch(l -> l.contains("ACK") && l.endsWith("sasl"));
        return c;
    }

    @Test
    void plainLogsInBeforeRegistrationAndWhoisShowsTheAccount() throws IOException {
        try (TestIrc c = negotiating(); TestIrc other = TestIrc.user(server.chat(), "other")) {
            assertThat(c.ask("AUTHENTICATE PLAIN")).containsExactly("AUTHENTICATE +");
            List<String> done = c.ask("AUTHENTICATE " + plain("", "JILLES", "sesame"));
            assertThat(done).hasSize(2);
            assertThat(done.get(0)).matches(":irc.local 900 \\* \\*!\\*@127.0.0.1 jilles :You are now logged in as jilles");
            assertThat(done.get(1)).isEqualTo(":irc.local 903 * :SASL authentication successful");
            c.send("NICK jilles").send("USER j 0 * :J").send("CAP END");
            c.readUntil(" 001 ");
            c.sync();
            assertThat(other.ask("WHOIS jilles")).anyMatch(l -> l.equals(":irc.local 330 other jilles jilles :is logged in as"));
            assertThat(other.ask("WHO jilles %na")).contains(":irc.local 354 other jilles jilles");
            assertThat(c.ask("AUTHENTICATE PLAIN")).containsExactly(
                    ":irc.local 907 jilles :You have already authenticated using SASL");
        }
    }

    @Test
    void aLongPasswordArrivesInChunksOf400AndAFinalPlus() throws IOException {
        String password = "x".repeat(592); // 800 bytes of base64: two full chunks, then "+"
        server.accounts().create("foo", PasswordHash.hash(password));
        try (TestIrc c = negotiating()) {
            String all = plain("foo", "foo", password);
            assertThat(all).hasSize(800);
            c.ask("AUTHENTICATE PLAIN");
            assertThat(c.ask("AUTHENTICATE " + all.substring(0, 400))).isEmpty();
            assertThat(c.ask("AUTHENTICATE " + all.substring(400))).isEmpty();
            List<String> done = c.ask("AUTHENTICATE +");
            assertThat(done).anyMatch(l -> l.contains(" 900 ")).anyMatch(l -> l.contains(" 903 "));
        }
    }

    @Test
    void failuresAreAnsweredAsTheSpecSaysAndRetryWorks() throws IOException {
        try (TestIrc c = negotiating()) {
            assertThat(c.ask("AUTHENTICATE FOO")).containsExactly(
                    ":irc.local 908 * PLAIN,EXTERNAL :are available SASL mechanisms",
                    ":irc.local 904 * :SASL authentication failed");
            c.ask("AUTHENTICATE PLAIN");
            assertThat(c.ask("AUTHENTICATE " + "A".repeat(401))).containsExactly(":irc.local 905 * :SASL message too long");
            c.ask("AUTHENTICATE PLAIN");
            assertThat(c.ask("AUTHENTICATE *")).containsExactly(":irc.local 906 * :SASL authentication aborted");
            c.ask("AUTHENTICATE PLAIN");
            assertThat(c.ask("AUTHENTICATE " + plain("other", "jilles", "sesame")))
                    .as("jilles may not act as another account").containsExactly(":irc.local 904 * :SASL authentication failed");
            c.ask("AUTHENTICATE PLAIN");
            assertThat(c.ask("AUTHENTICATE " + plain("", "jilles", "millet")))
                    .containsExactly(":irc.local 904 * :SASL authentication failed");
            c.ask("AUTHENTICATE PLAIN");
            assertThat(c.ask("AUTHENTICATE " + plain("jilles", "jilles", "sesame")))
                    .anyMatch(l -> l.contains(" 900 ")).anyMatch(l -> l.contains(" 903 "));
        }
    }

    @Test
    void theThirdFailureOfAConnectionEndsIt() throws IOException {
        try (TestIrc c = negotiating()) {
            for (int i = 0; i < 2; i++) {
                c.ask("AUTHENTICATE PLAIN");
                assertThat(c.ask("AUTHENTICATE " + plain("", "jilles", "guess" + i))).containsExactly(
                        ":irc.local 904 * :SASL authentication failed");
            }
            c.send("AUTHENTICATE PLAIN").send("AUTHENTICATE " + plain("", "nobody", "guess"));
            assertThat(c.readUntil("ERROR")).isEqualTo(
                    "ERROR :Closing link: 127.0.0.1 (Too many failed authentication attempts)");
            assertThat(c.line.readLine()).isNull();
        }
    }

    /**
     * Guessing from many connections of one address: once its failures used up the address's budget, the next
     * attempt is refused before its password is checked, and so is the right password (no more hashes for
     * that address) until a token accrues again, 10 s later. Hashes are slow, more so on a loaded machine, so
     * tokens may accrue while the budget is spent: the guessing goes on until the first refusal, however many
     * attempts that takes.
     */
    @Test
    void anAddressOverItsFailureBudgetIsRefusedBeforeAnyPasswordIsChecked() throws IOException {
        String refused = ":irc.local 904 * :SASL authentication failed: too many failed logins from your address, try later";
        int attempts = 0;
        boolean overBudget = false;
        while (!overBudget) {
            // One guess per connection: the test is about the address, not about the connection's own limit.
            try (TestIrc c = negotiating()) {
                assertThat(attempts++).as("attempts until the budget is spent")
                        .isLessThan(2 * dev.sockets.chat.server.account.AccountService.FAILURE_BURST_PER_ADDRESS);
                c.ask("AUTHENTICATE PLAIN");
                c.send("AUTHENTICATE " + plain("", "jilles", "guess" + attempts));
                overBudget = c.readUntil(" 904 ").equals(refused);
            }
        }
        long refusedAt = System.nanoTime();
        try (TestIrc c = negotiating()) {
            assertThat(c.ask("AUTHENTICATE PLAIN")).containsExactly("AUTHENTICATE +");
            c.send("AUTHENTICATE " + plain("", "jilles", "sesame"));
            String answer = c.readUntil(" 90");
            if (System.nanoTime() - refusedAt < Duration.ofSeconds(10).toNanos()) {
                assertThat(answer).as("the right password, while the address is over its budget").isEqualTo(refused);
                assertThat(c.readUntil("ERROR")).isEqualTo(
                        "ERROR :Closing link: 127.0.0.1 (Too many failed authentication attempts)");
            } // else a token accrued meanwhile (a stalled machine): the login may go ahead, as it should
        }
    }

    @Test
    void externalLogsInWithTheCertificateAttachedToTheAccount() throws IOException {
        TlsMaterial clientIdentity = TlsMaterial.selfSigned("jilles-laptop");
        String fingerprint = clientIdentity.sha256Fingerprint().replace(":", "").toLowerCase(java.util.Locale.ROOT);
        server.accounts().addCertificate("jilles", fingerprint);
        try (TlsLineClient c = TlsLineClient.connect(server.chat().tlsEndpoint(),
                clientIdentity.clientContextTrustingAnyServer())) {
            c.send("CAP LS 302").send("CAP REQ sasl").send("AUTHENTICATE EXTERNAL");
            assertThat(c.readUntil("AUTHENTICATE")).isEqualTo("AUTHENTICATE +");
            c.send("AUTHENTICATE +");
            assertThat(c.readUntil(" 900 ")).contains(" jilles :You are now logged in as jilles");
            assertThat(c.readUntil(" 903 ")).isNotNull();
        }
        try (TlsLineClient anonymous = TlsLineClient.connect(server.chat().tlsEndpoint())) {
            anonymous.send("CAP REQ sasl").send("AUTHENTICATE EXTERNAL");
            assertThat(anonymous.readUntil(" 904 ")).contains("EXTERNAL needs a TLS client certificate");
        }
    }
}
