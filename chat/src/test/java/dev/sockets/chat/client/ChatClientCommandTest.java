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
}
