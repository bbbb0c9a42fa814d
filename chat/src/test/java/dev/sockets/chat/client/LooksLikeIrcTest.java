package dev.sockets.chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a server may send before the welcome, and what only something else sends. */
class LooksLikeIrcTest {

    @ParameterizedTest
    @ValueSource(strings = {
            ":irc.local NOTICE * :*** Looking up your hostname...",
            "NOTICE AUTH :*** Processing connection to irc.example.net",
            "PING :1767268800",
            ":irc.local CAP * LS :multi-prefix sasl",
            ":irc.local 020 * :Please wait while we process your connection.",
            ":irc.local 433 * bot :Nickname is already in use",
            "ERROR :Closing link: 127.0.0.1 (Bad password)",
            "@time=2026-01-01T12:04:00Z :irc.local NOTICE * :\u0002bold\u0002 notice",
            ":irc.local PRIVMSG bot :\u0001VERSION\u0001"})
    void serverLinesBeforeTheWelcomeAreIrc(String line) {
        assertThat(IrcDetector.looksLikeIrc(line)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "NICK bot", // an echo server
            "USER bot 0 * :sockets chat client",
            "Tuesday, December 1, 2026 23:34:25-UTC", // daytime
            "SSH-2.0-OpenSSH_9.6",
            "HTTP/1.1 400 Bad Request",
            "\u0015\u0003\u0003\u0000\u0002\u0002\n", // a TLS alert
            "\u0000\u0000\u0000\u0001binary"})
    void otherProtocolsAreNot(String line) {
        assertThat(IrcDetector.looksLikeIrc(line)).isFalse();
    }
}
