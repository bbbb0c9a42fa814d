package dev.sockets.chat.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.chat.server.config.ChatConfig;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code --utf8-only} as irctest's utf8 tests check it: UTF8ONLY in 005, FAIL INVALID_UTF8, nothing relayed. */
class Utf8OnlyTest {

    private final Harness h = new Harness(ChatConfig.builder().serverName("irc.test").utf8Only(true).build());

    private static IrcLine raw(String latin1) {
        byte[] b = latin1.getBytes(StandardCharsets.ISO_8859_1);
        return IrcLine.parse(b, 0, b.length);
    }

    @Test
    void aLineThatIsNotUtf8IsRefusedAndNotRelayed() {
        Harness.User foo = h.registered("foo");
        Harness.User bar = h.registered("bar");
        h.table.dispatch(foo.client, raw("PRIVMSG bar :hi\u00aa"));
        assertThat(foo.take()).containsExactly(
                ":irc.test FAIL PRIVMSG INVALID_UTF8 :Message rejected: this server accepts only UTF-8 text (UTF8ONLY)");
        assertThat(bar.take()).isEmpty();
        foo.send("PRIVMSG bar :h\u00e9 \uD83D\uDE00");
        assertThat(bar.take()).containsExactly(":foo!foo@127.0.0.1 PRIVMSG bar :h\u00e9 \uD83D\uDE00");
    }

    @Test
    void registrationWithALatin1RealNameIsRefused() {
        Harness.User u = h.new User();
        u.send("NICK bar");
        h.table.dispatch(u.client, raw("USER username * * :i\u00e8rc\u00e9"));
        assertThat(u.take()).containsExactly(
                ":irc.test FAIL USER INVALID_UTF8 :Message rejected: this server accepts only UTF-8 text (UTF8ONLY)");
        assertThat(u.client.isRegistered()).isFalse();
        assertThat(String.join("\n", u.ask("USER username * * :Real"))).contains(" 001 bar ", "UTF8ONLY");
    }

    @Test
    void utf8Validation() {
        assertThat(IrcLine.isUtf8("plain ascii")).isTrue();
        assertThat(IrcLine.isUtf8(latin1("h\u00e9 \u20ac \uD83D\uDE00"))).isTrue();
        assertThat(IrcLine.isUtf8("\u00c3")).as("cut short").isFalse();
        assertThat(IrcLine.isUtf8("\u0080")).as("stray continuation").isFalse();
        assertThat(IrcLine.isUtf8("\u00c0\u00af")).as("overlong /").isFalse();
        assertThat(IrcLine.isUtf8("\u00ed\u00a0\u0080")).as("surrogate").isFalse();
        assertThat(IrcLine.isUtf8("\u00f4\u0090\u0080\u0080")).as("above U+10FFFF").isFalse();
    }

    /** The UTF-8 bytes of {@code s}, one char per byte, as the parser holds them. */
    private static String latin1(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
