package dev.sockets.chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ChatClientCommandTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            --nick 9lives                  | invalid --nick '9lives'
            --nick a,b                     | invalid --nick 'a,b'
            --user a@b                     | invalid --user 'a@b'
            --channel #a,b                 | invalid --channel '#a,b'
            --insecure                     | --insecure only makes sense with --tls
            --port 70000                   | --port must be 0-65535, not 70000
            --port 0                       | port 0 cannot be connected to
            [::1                           | missing ']'
            --timeout 0                    | --timeout must be positive
            --bogus                        | Unknown option: '--bogus'
            a b                            | Unmatched argument
            --password a --password-env B  | --password, --password-env and --password-file are mutually exclusive
            --password-env SOCKETS_UNSET_4711 | environment variable SOCKETS_UNSET_4711 is not set
            --password-file /nonexistent/pw | --password-file: cannot read /nonexistent/pw: no such file
            --password-file /              | --password-file: cannot read /:
            --tls --tls-fingerprint AB:CD  | invalid --tls-fingerprint 'AB:CD': the certificate's SHA-256 as 64 hex digits
            --tls-fingerprint 00           | --tls-fingerprint only makes sense with --tls
            --tls --insecure --tls-fingerprint 00 | --tls-fingerprint and --insecure contradict each other
            """)
    void badUsageIsExit2WithOneLine(String args, String message) throws Exception {
        try (ClientRun run = ClientRun.start(args.split(" "))) {
            assertThat(run.awaitExit()).isEqualTo(2);
            assertThat(run.err()).contains(message).contains("--help");
            assertThat(run.err().lines().count()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", textBlock = """
            alice, alice
            Ünïcode, ncode
            42-x_y, x_y
            averyveryverylongname, averyvery
            null, guest
            '', guest
            """)
    void defaultNickIsASanitisedUserName(String user, String nick) {
        assertThat(ChatClientCommand.defaultNick(user)).isEqualTo(nick);
    }

    @Test
    void hostMayCarryThePort() {
        ChatClientCommand c = new ChatClientCommand(null, null, ClientRun.CLOCK);
        picocli.CommandLine cl = new picocli.CommandLine(c);
        cl.parseArgs("127.0.0.1:7000", "--nick", "n", "--channel", "lan");
        ChatClient.Settings s = c.settings();
        assertThat(s.server().port()).isEqualTo(7000);
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.channels()).containsExactly("#lan");
    }

    private static ChatClient.Settings settings(String... args) {
        ChatClientCommand c = new ChatClientCommand(null, null, ClientRun.CLOCK);
        new picocli.CommandLine(c).parseArgs(args);
        return c.settings();
    }

    @Test
    void tlsDialsTheTlsPortUnlessAPortIsGiven() {
        assertThat(settings("127.0.0.1", "--nick", "n").server().port()).isEqualTo(6667);
        assertThat(settings("127.0.0.1", "--nick", "n", "--tls").server().port()).isEqualTo(6697);
        assertThat(settings("127.0.0.1", "--nick", "n", "--tls", "--port", "7000").server().port()).isEqualTo(7000);
        assertThat(settings("127.0.0.1:7001", "--nick", "n", "--tls").server().port()).isEqualTo(7001);
    }

    @Test
    void fingerprintIsAcceptedInEitherCaseWithOrWithoutColonsAsTheServerLogsIt() {
        String logged = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";
        assertThat(settings("--tls", "--tls-fingerprint", logged).tlsFingerprint()).isEqualTo(logged);
        assertThat(settings("--tls", "--tls-fingerprint", logged.toLowerCase().replace(":", "")).tlsFingerprint()).isEqualTo(logged);
        assertThat(settings("--tls").tlsFingerprint()).isNull();
    }

    @Test
    void passwordComesFromTheOptionTheEnvironmentOrTheFilesFirstLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        assertThat(settings("--password", "open sesame").password()).isEqualTo("open sesame");
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("pw"), "s3cret\nsecond line\n");
        assertThat(settings("--password-file", file.toString()).password()).isEqualTo("s3cret");
        String path = System.getenv("PATH");
        assertThat(path).as("the test needs some environment variable: PATH").isNotEmpty();
        assertThat(settings("--password-env", "PATH").password()).isEqualTo(path);
        assertThat(settings().password()).isNull();
        assertThat(settings("--password", "hunter2-secret").toString()).doesNotContain("hunter2-secret");
        java.nio.file.Path empty = java.nio.file.Files.writeString(dir.resolve("empty"), "");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> settings("--password-file", empty.toString()))
                .isInstanceOfSatisfying(dev.sockets.common.cli.UserError.class, e -> assertThat(e.exitCode()).isEqualTo(2))
                .hasMessage("the password from --password-file " + empty + " is empty");
    }

    @Test
    void helpNamesThePasswordAndTlsOptionsAndTheExitStatusOfAScriptWithUnsendableLines() throws Exception {
        try (ClientRun run = ClientRun.start("--help")) {
            assertThat(run.awaitExit()).isZero();
            assertThat(run.err()).contains("--password=PASS", "--password-env=NAME", "--password-file=PATH",
                    "--tls-fingerprint=SHA256", "default port 6697", "a line could not be sent (e.g. no current target");
        }
    }
}
