package dev.sockets.chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.chat.client.InputParser.Action;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InputParserTest {

    private static final InputParser.Context IN_LAN = new InputParser.Context("me", "#lan", 20);
    private static final InputParser.Context NO_TARGET = new InputParser.Context("me", null, 20);

    private static List<String> sent(String input) {
        Action a = InputParser.parse(input, IN_LAN);
        assertThat(a).isInstanceOf(Action.Send.class);
        return ((Action.Send) a).lines();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            hello world                 | PRIVMSG #lan :hello world
            //not a command             | PRIVMSG #lan :/not a command
            /msg alice hi there         | PRIVMSG alice :hi there
            /notice bob psst            | NOTICE bob :psst
            /nick robert                | NICK robert
            /topic                      | TOPIC #lan
            /topic new topic here       | TOPIC #lan :new topic here
            /topic #x other             | TOPIC #x :other
            /names                      | NAMES #lan
            /names #x                   | NAMES #x
            /list                       | LIST
            /list #a,#b                 | LIST #a,#b
            /who                        | WHO #lan
            /who bob                    | WHO bob
            /whois bob                  | WHOIS bob
            /away                       | AWAY
            /away at lunch              | AWAY :at lunch
            /quote MODE #lan +t         | MODE #lan +t
            /join 0                     | JOIN 0
            /MSG Alice caps             | PRIVMSG Alice :caps
            """)
    void commandsBecomeIrcLines(String input, String line) {
        assertThat(sent(input)).containsExactly(line);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /part                       | PART #lan               | #lan
            /part #lan gone fishing     | PART #lan :gone fishing | #lan
            /part see you               | PART #lan :see you      | #lan
            /part #other                | PART #other             | #other
            """)
    void partWaitsForTheServerLikeJoin(String input, String line, String channel) {
        assertThat(InputParser.parse(input, IN_LAN)).isEqualTo(new Action.Part(line, channel));
    }

    @Test
    void helpIsTwoAlignedColumnsListingEveryCommand() {
        List<String> rows = InputParser.HELP.lines().skip(1).toList();
        int column = rows.getFirst().indexOf("join and make it");
        assertThat(column).isGreaterThan("  /join #channel [key]".length());
        for (String row : rows) {
            assertThat(row).startsWith("  ");
            assertThat(row.charAt(column - 1)).as(row).isEqualTo(' ');
            assertThat(row.charAt(column)).as(row).isNotEqualTo(' ');
            assertThat(row.substring(2, column).strip()).as(row).doesNotContain("  ");
        }
        assertThat(InputParser.COMMANDS).contains("/join", "/part", "/msg", "/quit", "/help", "/whois")
                .allMatch(c -> InputParser.HELP.contains("  " + c));
    }

    @Test
    void meIsACtcpAction() {
        assertThat(sent("/me waves")).containsExactly("PRIVMSG #lan :\u0001ACTION waves\u0001");
    }

    @Test
    void joinWaitsForEveryChannelAndAddsTheHash() {
        assertThat(InputParser.parse("/join #a,b key", IN_LAN))
                .isEqualTo(new Action.Join("JOIN #a,#b key", List.of("#a", "#b")));
    }

    @Test
    void queryQuitHelpAndEmptyLines() {
        assertThat(InputParser.parse("/query alice", IN_LAN)).isEqualTo(new Action.Query("alice"));
        assertThat(InputParser.parse("/quit", IN_LAN)).isEqualTo(new Action.Quit(""));
        assertThat(InputParser.parse("/quit see you all", IN_LAN)).isEqualTo(new Action.Quit("see you all"));
        assertThat(InputParser.parse("/help", IN_LAN)).isEqualTo(new Action.Show(InputParser.HELP));
        assertThat(InputParser.parse("   ", IN_LAN)).isEqualTo(new Action.None());
        assertThat(InputParser.parse("/query", IN_LAN)).isEqualTo(new Action.Show("current target: #lan"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /frobnicate x     | unknown command /frobnicate (type /help for the list)
            /msg alice        | usage: /msg TARGET text
            /whois            | usage: /whois NICK
            /nick a b         | usage: /nick NEW
            /join             | usage: /join #channel [key]
            """)
    void mistakesGetAOneLineHintAndSendNothing(String input, String hint) {
        assertThat(InputParser.parse(input, IN_LAN)).isEqualTo(new Action.Refuse(hint));
    }

    @Test
    void withoutATargetPlainTextIsRefused() {
        assertThat(InputParser.parse("hello", NO_TARGET)).isInstanceOf(Action.Refuse.class);
        assertThat(((Action.Refuse) InputParser.parse("/me x", NO_TARGET)).reason()).startsWith("no current target");
        assertThat(((Action.Refuse) InputParser.parse("/part", NO_TARGET)).reason()).startsWith("usage: /part");
    }

    @Test
    void controlCharactersCannotInjectCommands() {
        assertThat(sent("hi\rQUIT :injected\u0000")).containsExactly("PRIVMSG #lan :hiQUIT :injected");
    }

    @Test
    void longMessagesAreSplitAtSpacesWithinTheServersLineLimit() {
        String word = "abcdefghi "; // 10 bytes
        String text = word.repeat(120).strip(); // 1199 bytes
        List<String> lines = sent(text);
        assertThat(lines).hasSizeGreaterThan(2);
        for (String line : lines) {
            // 20 bytes of relay prefix + the line itself must fit in 510
            assertThat(InputParser.utf8Length(line) + 20).isLessThanOrEqualTo(InputParser.MAX_LINE_BYTES);
            assertThat(line).startsWith("PRIVMSG #lan :abcdefghi").doesNotEndWith(" ");
        }
        String rejoined = String.join(" ", lines.stream().map(l -> l.substring("PRIVMSG #lan :".length())).toList());
        assertThat(rejoined).isEqualTo(text);
    }

    @Test
    void splittingNeverCutsACharacterInHalf() {
        String text = "\u00e9\ud83d\ude00".repeat(400); // 2- and 4-byte characters, no spaces
        List<String> parts = InputParser.split(text, 100);
        assertThat(String.join("", parts)).isEqualTo(text);
        assertThat(parts).allSatisfy(p -> {
            assertThat(InputParser.utf8Length(p)).isLessThanOrEqualTo(100);
            assertThat(Character.isHighSurrogate(p.charAt(p.length() - 1))).isFalse();
        });
    }

    @Test
    void actionsAreSplitIntoWholeActions() {
        List<String> lines = sent("/me " + "x".repeat(900));
        assertThat(lines).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("PRIVMSG #lan :\u0001ACTION x").endsWith("x\u0001"));
    }

    @Test
    void hugePastesAndOverlongRawLinesAreRefused() {
        assertThat(InputParser.parse("y".repeat(10_000), IN_LAN))
                .isInstanceOfSatisfying(Action.Refuse.class, s -> assertThat(s.reason()).startsWith("message too long (10000 bytes): not sent"));
        assertThat(InputParser.parse("/quote PRIVMSG #lan :" + "z".repeat(600), IN_LAN))
                .isInstanceOfSatisfying(Action.Refuse.class, s -> assertThat(s.reason()).startsWith("line too long"));
    }
}
