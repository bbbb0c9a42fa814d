package dev.sockets.chat.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** HELP and HELPOP as irctest's help tests check them: 704, 705 lines, 706, each naming the subject; 524. */
class HelpTest {

    private final Harness h = new Harness();

    @Test
    void helpAloneListsEveryCommandOfTheTable() {
        Harness.User nick = h.registered("nick");
        for (String command : List.of("HELP", "HELPOP")) {
            List<String> got = nick.ask(command);
            assertThat(got.get(0)).startsWith(":irc.test 704 nick * :");
            assertThat(got.get(got.size() - 1)).isEqualTo(":irc.test 706 nick * :End of /HELP");
            List<String> body = got.subList(1, got.size() - 1);
            assertThat(body).isNotEmpty().allMatch(line -> line.startsWith(":irc.test 705 nick * :"));
            String listed = String.join(" ", body.stream().map(line -> line.substring(line.indexOf(" :") + 2)).toList());
            assertThat(listed.split(" ")).contains("PRIVMSG", "JOIN", "MONITOR", "HELP", "HELPOP")
                    .containsExactlyInAnyOrderElementsOf(h.table.commands().keySet());
        }
    }

    @Test
    void helpOnACommandGivesItsSyntaxAndWhatItDoes() {
        Harness.User nick = h.registered("nick");
        assertThat(nick.ask("HELP privmsg")).containsExactly(
                ":irc.test 704 nick PRIVMSG :PRIVMSG <target>{,<target>} :<text>",
                ":irc.test 705 nick PRIVMSG :Sends a message to users or channels; @#channel reaches only its"
                        + " operators, +#channel its voiced users and operators.",
                ":irc.test 706 nick PRIVMSG :End of /HELP");
        assertThat(nick.ask("HELPOP MODE")).hasSize(4).first().asString().startsWith(":irc.test 704 nick MODE :MODE <#channel>");
    }

    @Test
    void anUnknownSubjectIs524() {
        Harness.User nick = h.registered("nick");
        assertThat(nick.ask("HELP THISISNOTACOMMAND"))
                .containsExactly(":irc.test 524 nick THISISNOTACOMMAND :No help available on this topic");
        assertThat(nick.ask("HELPOP thisisnot")).containsExactly(":irc.test 524 nick thisisnot :No help available on this topic");
    }
}
