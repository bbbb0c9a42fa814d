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
            // The same message with tags within bounds and 510 bytes after them: relayed (text cut to fit 512).
            String max = "@foo=bar;+baz=" + "a".repeat(4081) + " PRIVMSG #t " + "b".repeat(499);
            assertThat(max).hasSize(4096 + 510);
            assertThat(alice.ask(max)).singleElement().asString().contains(" PRIVMSG #t :bbbb");
            assertThat(bob.sync()).singleElement().asString().contains(" PRIVMSG #t :bbbb");
            // A plain line still may not pass 510 bytes.
            assertThat(alice.ask("PRIVMSG #t :" + "c".repeat(600))).singleElement().asString().contains(" 417 ");
            assertThat(bob.sync()).isEmpty();
        }
    }
}
