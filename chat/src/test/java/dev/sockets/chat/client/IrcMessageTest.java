package dev.sockets.chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class IrcMessageTest {

    @Test
    void parsesPrefixCommandMiddleAndTrailing() {
        IrcMessage m = IrcMessage.parse(":alice!a@host PRIVMSG #lan :hello : world\r\n");
        assertThat(m.prefix()).isEqualTo("alice!a@host");
        assertThat(m.sourceNick()).isEqualTo("alice");
        assertThat(m.fromUser()).isTrue();
        assertThat(m.command()).isEqualTo("PRIVMSG");
        assertThat(m.params()).containsExactly("#lan", "hello : world");
    }

    @Test
    void toleratesExtraSpacesNoPrefixAndLowerCase() {
        IrcMessage m = IrcMessage.parse("ping   token  ");
        assertThat(m.prefix()).isEmpty();
        assertThat(m.command()).isEqualTo("PING");
        assertThat(m.params()).containsExactly("token");
        assertThat(m.param(5)).isEmpty();
    }

    /** The protocol's codec, with a client's leniency: servers may send more than 15 parameters, and text is decoded. */
    @Test
    void keepsEveryParameterAndTextBeyondLatin1AndSkipsTags() {
        String tokens = String.join(" ", java.util.Collections.nCopies(16, "T=1"));
        IrcMessage isupport = IrcMessage.parse(":irc.local 005 bob " + tokens + " :are supported by this server");
        assertThat(isupport.params()).hasSize(18).endsWith("are supported by this server");
        IrcMessage m = IrcMessage.parse("@time=2026-01-01T00:00:00Z :zoë!z@h PRIVMSG #c :日本語 ✓");
        assertThat(m.sourceNick()).isEqualTo("zoë");
        assertThat(m.params()).containsExactly("#c", "日本語 ✓");
        assertThat(IrcMessage.parse("  \r\n")).isNull();
    }

    @Test
    void numericsAndServerSources() {
        IrcMessage m = IrcMessage.parse(":irc.local 433 * bob :Nickname is already in use");
        assertThat(m.isNumeric()).isTrue();
        assertThat(m.numeric()).isEqualTo(433);
        assertThat(m.fromUser()).isFalse();
        assertThat(IrcMessage.parse("PRIVMSG x :y").numeric()).isEqualTo(-1);
    }

    @Test
    void emptyTrailingIsAParameter() {
        assertThat(IrcMessage.parse(":a!b@c TOPIC #lan :").params()).isEqualTo(List.of("#lan", ""));
    }

    @Test
    void blankLinesAreNothing() {
        assertThat(IrcMessage.parse("")).isNull();
        assertThat(IrcMessage.parse("   \r\n")).isNull();
        assertThat(IrcMessage.parse("@tags-only")).isNull();
    }

    @Test
    void receivedLinesDecodeUtf8OrFallBackToLatin1() throws IOException {
        byte[] bytes = concat("PRIVMSG #a :caf\u00e9\r\n".getBytes(StandardCharsets.UTF_8),
                new byte[] {'x', ' ', (byte) 0xe9, '\n'}, "no newline at end".getBytes(StandardCharsets.UTF_8));
        var in = new ByteArrayInputStream(bytes);
        assertThat(ServerLink.readLine(in)).isEqualTo("PRIVMSG #a :caf\u00e9");
        assertThat(ServerLink.readLine(in)).isEqualTo("x \u00e9");
        assertThat(ServerLink.readLine(in)).isEqualTo("no newline at end");
        assertThat(ServerLink.readLine(in)).isNull();
    }

    private static byte[] concat(byte[]... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
