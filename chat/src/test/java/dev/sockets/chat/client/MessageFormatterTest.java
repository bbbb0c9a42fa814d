package dev.sockets.chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MessageFormatterTest {

    private final MessageFormatter formatter =
            new MessageFormatter(Clock.fixed(Instant.parse("2026-01-01T12:04:59Z"), ZoneOffset.UTC));

    private String show(String raw) {
        return formatter.format(raw, "me").orElse(null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            :alice!a@h PRIVMSG #lan :hi                      | 12:04 [#lan] <alice> hi
            :alice!a@h PRIVMSG me :psst                      | 12:04 [alice → you] psst
            :me!m@h PRIVMSG alice :psst                      | 12:04 [you → alice] psst
            :alice!a@h PRIVMSG #lan :\u0001ACTION waves\u0001  | 12:04 [#lan] * alice waves
            :alice!a@h PRIVMSG me :\u0001ACTION waves\u0001    | 12:04 [alice → you] * alice waves
            :alice!a@h PRIVMSG me :\u0001VERSION\u0001         | 12:04 [alice → you] * alice sent CTCP VERSION
            :alice!a@h NOTICE #lan :note                     | 12:04 [#lan] -alice- note
            :alice!a@h NOTICE me :note                       | 12:04 -alice- note
            :irc.local NOTICE * :*** Looking up your host    | 12:04 -irc.local- *** Looking up your host
            :bob!b@h JOIN #lan                               | 12:04 * bob joined #lan
            :bob!b@h JOIN :#lan                              | 12:04 * bob joined #lan
            :bob!b@h PART #lan                               | 12:04 * bob left #lan
            :bob!b@h PART #lan :gone fishing                 | 12:04 * bob left #lan (gone fishing)
            :carol!c@h QUIT :Quit: reason                    | 12:04 * carol quit (Quit: reason)
            :carol!c@h QUIT                                  | 12:04 * carol quit
            :bob!b@h NICK robert                             | 12:04 * bob is now known as robert
            :me!m@h NICK :me2                                | 12:04 * you are now known as me2
            :alice!a@h TOPIC #lan :new topic                 | 12:04 * alice changed the topic of #lan to: new topic
            :alice!a@h TOPIC #lan :                          | 12:04 * alice cleared the topic of #lan
            :alice!a@h KICK #lan bob :behave                 | 12:04 * alice kicked bob from #lan (behave)
            :alice!a@h KICK #lan me                          | 12:04 * alice kicked you from #lan
            :alice!a@h MODE #lan +o bob                      | 12:04 * alice sets mode +o bob on #lan
            :alice!a@h INVITE me :#secret                    | 12:04 * alice invites you to #secret
            ERROR :Closing link: me (Quit: bye)              | 12:04 ! server: Closing link: me (Quit: bye)
            :irc.local 001 me :Welcome to the network me     | 12:04 - Welcome to the network me
            :irc.local 004 me irc.local sockets-1.0 i ntob   | 12:04 - irc.local runs sockets-1.0
            :irc.local 251 me :There are 2 users             | 12:04 - There are 2 users
            :irc.local 254 me 3 :channels formed             | 12:04 - 3 channels formed
            :irc.local 266 me 2 5 :Current global users: 2, Max: 5 | 12:04 - Current global users: 2, Max: 5
            :irc.local 372 me :- be nice                     | 12:04 - be nice
            :irc.local 422 me :MOTD File is missing          | 12:04 - (no message of the day)
            :irc.local 433 * bob :Nickname is already in use | 12:04 ! 433 nickname already in use: bob
            :irc.local 401 me carol :No such nick/channel    | 12:04 ! 401 no such nick/channel: carol
            :irc.local 421 me FOO :Unknown command           | 12:04 ! 421 unknown command: FOO
            :irc.local 451 * :You have not registered        | 12:04 ! 451 you have not registered
            :irc.local 499 me #x :Something new              | 12:04 ! 499 Something new: #x
            :irc.local 301 me bob :at lunch                  | 12:04 * bob is away: at lunch
            :irc.local 305 me :You are no longer marked as being away | 12:04 - You are no longer marked as being away
            :irc.local 311 me bob ~bob 10.0.0.2 * :Bob Builder | 12:04 * bob is ~bob@10.0.0.2 (Bob Builder)
            :irc.local 312 me bob irc.local :LAN chat        | 12:04 * bob is using server irc.local (LAN chat)
            :irc.local 317 me bob 42 1767225600 :seconds idle, signon time | 12:04 * bob has been idle 42s, signed on 2026-01-01 00:00
            :irc.local 319 me bob :@#lan #x                  | 12:04 * bob is on @#lan #x
            :irc.local 322 me #lan 3 :the topic              | 12:04 * #lan (3 users): the topic
            :irc.local 324 me #lan +nt                       | 12:04 * #lan modes: +nt
            :irc.local 329 me #lan 1767225600                | 12:04 * #lan created 2026-01-01 00:00
            :irc.local 331 me #lan :No topic is set          | 12:04 * #lan has no topic
            :irc.local 332 me #lan :the topic                | 12:04 * topic of #lan: the topic
            :irc.local 333 me #lan alice!a@h 1767225600      | 12:04 * topic of #lan set by alice on 2026-01-01 00:00
            :irc.local 352 me #lan ~bob h irc.local bob H@ :0 Bob Builder | 12:04 * #lan bob (~bob@h) H@ Bob Builder
            :irc.local 353 me = #lan :@alice bob me          | 12:04 * names on #lan: @alice bob me
            """)
    void formatsEachKind(String raw, String shown) {
        assertThat(show(raw)).isEqualTo(shown);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            PING :irc.local
            :irc.local PONG irc.local :token
            :irc.local 005 me CASEMAPPING=rfc1459 :are supported by this server
            :irc.local 366 me #lan :End of NAMES list
            :irc.local 318 me bob :End of WHOIS list
            :irc.local 315 me #lan :End of WHO list
            :irc.local 376 me :End of MOTD command
            """)
    void hidesWhatNobodyNeedsToSee(String raw) {
        assertThat(formatter.format(raw, "me")).isEmpty();
    }

    @Test
    void nickComparisonUsesIrcCaseMapping() {
        assertThat(formatter.format(":ME[1]!m@h NICK me2", "me{1}")).hasValue("12:04 * you are now known as me2");
        assertThat(formatter.format(":alice!a@h KICK #lan ME", "me")).hasValue("12:04 * alice kicked you from #lan");
    }

    @Test
    void blankOrOddLinesNeverThrow() {
        assertThat(formatter.format("", "me")).isEmpty();
        assertThat(formatter.format(":prefix-only", "me")).isEmpty();
        assertThat(formatter.format(":irc.local 353", "me")).isPresent();
        assertThat(formatter.format(":x PRIVMSG", "me")).isPresent();
        assertThat(formatter.format(":x PRIVMSG me :\u0001", "me")).isPresent();
        assertThat(formatter.format("@time=2026 :alice!a@h PRIVMSG #lan :tagged", "me"))
                .isEqualTo(Optional.of("12:04 [#lan] <alice> tagged"));
    }

    @Test
    void localLinesAreStampedToo() {
        assertThat(formatter.stamp("* hello")).isEqualTo("12:04 * hello");
    }

    @Test
    void mircColoursAndFormattingVanishWithTheirNumbers() {
        String raw = ":alice!a@h PRIVMSG #lan :\u000304,12red\u0003 \u000312blue\u000f \u00031,2x \u0002bold\u0002 "
                + "\u001ditalic\u001d \u001funder\u001f \u001estrike\u001e \u0011mono\u0011 \u0016rev\u000f "
                + "\u0004FF0000hex\u0004 \u0004ff00ff,00ff00two\u0004 2024";
        assertThat(show(raw)).isEqualTo("12:04 [#lan] <alice> red blue x bold italic under strike mono rev hex two 2024");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ^C99 bottles   | ' bottles'
            ^C1234         | 34
            ^C5,1234       | 34
            ^C5,x          | ',x'
            ^C,5 comma     | ',5 comma'
            ^D12345678     | 78
            ^Dabcdefg      | g
            """)
    void aColourTakesAtMostItsOwnDigits(String text, String shown) {
        assertThat(Formatting.strip(text.replace("^C", "\u0003").replace("^D", "\u0004"))).isEqualTo(shown);
    }
}
