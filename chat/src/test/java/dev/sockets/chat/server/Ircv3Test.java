package dev.sockets.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.chat.server.config.ChatConfig;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** IRCv3 over a real socket: the tag size limits of message-tags and tags relayed through the server. */
@Timeout(20)
class Ircv3Test {

    private static ChatServer chat;

    @BeforeAll
    static void start() throws Exception {
        chat = TestIrc.start(ChatConfig.builder().build());
    }

    @AfterAll
    static void stop() {
        chat.close();
    }

    @Test
    void clientTagsUpTo4094BytesAreRelayedAndLongerOnesGet417() throws Exception {
        try (TestIrc alice = TestIrc.user(chat, "alice"); TestIrc bob = TestIrc.user(chat, "bob")) {
            alice.ask("CAP REQ :message-tags echo-message");
            bob.ask("CAP REQ :message-tags");
            alice.ask("JOIN #t");
            bob.ask("JOIN #t");
            alice.sync();
            String atLimit = "@foo=bar;+baz=" + "a".repeat(4081) + " TAGMSG #t";
            assertThat(atLimit.indexOf("TAGMSG")).isEqualTo(4096);
            List<String> echo = alice.ask(atLimit);
            assertThat(echo).singleElement().asString().contains(";+baz=" + "a".repeat(4081) + " ")
                    .doesNotContain("foo=bar").endsWith(" TAGMSG #t");
            assertThat(bob.sync()).isEqualTo(echo);

            String over = "@foo=bar;+baz=" + "a".repeat(4082) + " PRIVMSG #t " + "b".repeat(498);
            assertThat(alice.ask(over)).singleElement().asString().contains(" 417 alice ");
            // The same message with tags within bounds and 510 bytes after them: accepted, but the text would
            // not fit 512 bytes once the prefix is added, so 417 rather than a cut text (issue #23).
            String max = "@foo=bar;+baz=" + "a".repeat(4081) + " PRIVMSG #t " + "b".repeat(499);
            assertThat(max).hasSize(4096 + 510);
            assertThat(alice.ask(max)).singleElement().asString().contains(" 417 alice ");
            assertThat(bob.sync()).isEmpty();
            // The longest text that fits once relayed goes through whole, tags and all.
            String room = "b".repeat(510 - ":alice!alice@127.0.0.1 PRIVMSG #t :".length());
            String fits = "@foo=bar;+baz=" + "a".repeat(4081) + " PRIVMSG #t :" + room;
            assertThat(alice.ask(fits)).singleElement().asString().endsWith(" PRIVMSG #t :" + room);
            assertThat(bob.sync()).singleElement().asString().endsWith(" PRIVMSG #t :" + room);
            // A plain line still may not pass 510 bytes.
            assertThat(alice.ask("PRIVMSG #t :" + "c".repeat(600))).singleElement().asString().contains(" 417 ");
            assertThat(bob.sync()).isEmpty();
        }
    }
}
