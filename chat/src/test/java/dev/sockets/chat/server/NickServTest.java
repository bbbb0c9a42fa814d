package dev.sockets.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.common.tls.TlsMaterial;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * NickServ, for clients without SASL (ii, nc, old clients), against a real server and a real SQLite store:
 * IDENTIFY logs in as SASL does, a wrong password counts against the same limits, PASSWD changes the password
 * SASL then checks, and CERT ADD attaches the certificate a TLS client is connected with so that EXTERNAL
 * logs it in next time. What is sent to NickServ is never echoed back as a message.
 */
@Timeout(60)
class NickServTest {

    private static final String NS = ":NickServ!NickServ@services NOTICE ";

    @RegisterExtension
    final AccountServer server = new AccountServer(ChatConfig.builder().floodRate(0).build());

    @Test
    void identifyLogsInAndOthersSeeTheAccount() throws IOException {
        try (TestIrc c = TestIrc.user(server.chat(), "jilles"); TestIrc other = TestIrc.user(server.chat(), "other")) {
            c.send("CAP REQ echo-message");
            c.send("PRIVMSG NickServ :IDENTIFY sesame");
            assertThat(c.readUntil(" 900 ")).isEqualTo(
                    ":irc.local 900 jilles jilles!jilles@127.0.0.1 jilles :You are now logged in as jilles");
            assertThat(c.readUntil("NOTICE")).isEqualTo(NS + "jilles :You are now logged in as jilles");
            assertThat(other.ask("WHOIS jilles")).contains(":irc.local 330 other jilles jilles :is logged in as");
            assertThat(c.ask("NS IDENTIFY jilles sesame")).containsExactly(NS + "jilles :You are already logged in as jilles");
            assertThat(c.ask("NS INFO")).singleElement().asString().startsWith(NS + "jilles :jilles is registered since ");
        }
    }

    @Test
    void identifyNamesTheAccountWhenTheNickIsAnother() throws IOException {
        try (TestIrc c = TestIrc.user(server.chat(), "jilles_away")) {
            c.send("NS IDENTIFY JILLES sesame");
            assertThat(c.readUntil(" 900 ")).contains(" jilles :You are now logged in as jilles");
        }
    }

    @Test
    void wrongPasswordsCountAsFailedLoginsAndTheThirdDisconnects() throws IOException {
        try (TestIrc c = TestIrc.user(server.chat(), "guesser")) {
            assertThat(c.ask("NS IDENTIFY jilles guess1")).containsExactly(NS + "guesser :Invalid account or password");
            assertThat(c.ask("PRIVMSG NickServ :IDENTIFY nobody guess2"))
                    .containsExactly(NS + "guesser :Invalid account or password");
            c.send("NS IDENTIFY jilles guess3");
            assertThat(c.readUntil("ERROR")).isEqualTo(
                    "ERROR :Closing link: 127.0.0.1 (Too many failed authentication attempts)");
            assertThat(c.line.readLine()).isNull();
        }
    }

    /** One connection's guesses are counted together however they come: NickServ is no way around SASL's limit. */
    @Test
    void saslAndNickServFailuresCountTogether() throws IOException {
        try (TestIrc c = TestIrc.user(server.chat(), "guesser")) {
            c.ask("CAP REQ sasl");
            for (int i = 1; i <= 2; i++) {
                c.ask("AUTHENTICATE PLAIN");
                assertThat(c.ask("AUTHENTICATE " + Base64.getEncoder().encodeToString(
                        ("\0jilles\0guess" + i).getBytes(StandardCharsets.UTF_8))))
                        .containsExactly(":irc.local 904 guesser :SASL authentication failed");
            }
            c.send("NS IDENTIFY jilles guess3");
            assertThat(c.readUntil("NOTICE")).isEqualTo(NS + "guesser :Invalid account or password");
            assertThat(c.readUntil("NOTICE")).isEqualTo(NS + "guesser :Too many failed logins; try again later");
            assertThat(c.readUntil("ERROR")).isEqualTo(
                    "ERROR :Closing link: 127.0.0.1 (Too many failed authentication attempts)");
        }
    }

    @Test
    void passwdChangesThePasswordThatSaslChecks() throws IOException {
        try (TestIrc c = TestIrc.user(server.chat(), "jilles")) {
            assertThat(c.ask("NS PASSWD sesame open-sesame")).containsExactly(
                    NS + "jilles :Log in to your account first (IDENTIFY, or SASL)");
            c.send("NS IDENTIFY sesame");
            c.readUntil(" 900 ");
            c.readUntil("NOTICE");
            assertThat(c.ask("NS PASSWD wrong open-sesame")).containsExactly(
                    NS + "jilles :That is not the current password; nothing was changed");
            assertThat(c.ask("NS PASSWD sesame short")).containsExactly(
                    NS + "jilles :The new password must be 6 to 1024 bytes long");
            assertThat(c.ask("NS PASSWD sesame open-sesame")).containsExactly(
                    NS + "jilles :The password of jilles is changed");
        }
        try (TestIrc c = TestIrc.connect(server.chat())) {
            c.ask("CAP REQ sasl");
            c.ask("AUTHENTICATE PLAIN");
            c.send("AUTHENTICATE " + Base64.getEncoder().encodeToString(
                    "\0jilles\0open-sesame".getBytes(StandardCharsets.UTF_8)));
            assertThat(c.readUntil(" 90")).contains(" 900 ");
        }
    }

    @Test
    void certAddAttachesTheCertificateOfTheConnectionForSaslExternal() throws IOException {
        TlsMaterial laptop = TlsMaterial.selfSigned("jilles-laptop");
        String fingerprint = laptop.sha256Fingerprint().replace(":", "").toLowerCase(Locale.ROOT);
        try (TlsLineClient c = TlsLineClient.connect(server.chat().tlsEndpoint(), laptop.clientContextTrustingAnyServer())) {
            c.register("jilles");
            c.send("NS CERT ADD");
            assertThat(c.readUntil("NOTICE")).isEqualTo(NS + "jilles :Log in to your account first (IDENTIFY, or SASL)");
            c.send("NS IDENTIFY sesame");
            c.readUntil(" 900 ");
            c.send("NS CERT ADD");
            assertThat(c.readUntil("now logs in")).isEqualTo(
                    NS + "jilles :The certificate " + fingerprint + " now logs in to jilles (SASL EXTERNAL)");
            c.send("NS CERT LIST");
            assertThat(c.readUntil(fingerprint)).isEqualTo(NS + "jilles :jilles: " + fingerprint);
            c.send("NS CERT ADD not-a-fingerprint");
            assertThat(c.readUntil("fingerprint is")).contains("64 hexadecimal digits");
        }
        try (TlsLineClient c = TlsLineClient.connect(server.chat().tlsEndpoint(), laptop.clientContextTrustingAnyServer())) {
            c.send("CAP LS 302").send("CAP REQ sasl").send("AUTHENTICATE EXTERNAL");
            assertThat(c.readUntil("AUTHENTICATE")).isEqualTo("AUTHENTICATE +");
            c.send("AUTHENTICATE +");
            assertThat(c.readUntil(" 900 ")).contains(" jilles :You are now logged in as jilles");
        }
        try (TestIrc c = TestIrc.user(server.chat(), "jilles")) {
            c.send("NS IDENTIFY sesame");
            c.readUntil(" 900 ");
            c.readUntil("NOTICE");
            assertThat(c.ask("NS CERT DEL " + fingerprint.toUpperCase(Locale.ROOT))).containsExactly(
                    NS + "jilles :The certificate " + fingerprint + " no longer logs in to jilles");
            assertThat(c.ask("NS CERT DEL " + fingerprint)).containsExactly(NS + "jilles :jilles has no such certificate");
        }
    }

    @Test
    void nobodyMayBeNickServ() throws IOException {
        try (TestIrc c = TestIrc.connect(server.chat())) {
            c.send("NICK NickServ").send("USER n 0 * :N");
            assertThat(c.readUntil(" 432 ")).contains("NickServ");
        }
    }
}
