package dev.sockets.chat.server.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.chat.protocol.TaggedLine;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The ring REDACT finds recent messages in: a redacted message is never found again. */
class RecentMessagesTest {

    private final RecentMessages recent = new RecentMessages();
    private final User alice = new RemoteUser("a.test", "alice", "alice", "host", "Alice", Peers.NONE);

    private TaggedLine said(String channel, String msgid) {
        return new TaggedLine((":alice!alice@host PRIVMSG " + channel + " :hi\r\n").getBytes(StandardCharsets.ISO_8859_1),
                1L, msgid, null, false, null);
    }

    @Test
    void onlyTheFirstOfTwoRedactionsOfOneMessageForgetsIt() {
        recent.record(said("#c", "m1"), alice, "#c", null);
        RecentMessages.Entry first = recent.find("m1", "#c", alice, "#c");
        RecentMessages.Entry second = recent.find("m1", "#c", alice, "#c");
        assertThat(first).isNotNull().isSameAs(second);
        assertThat(recent.forget(first)).isTrue();
        assertThat(recent.forget(second)).as("the second REDACT is answered as for an unknown message").isFalse();
        assertThat(recent.find("m1", "#c", alice, "#c")).isNull();
    }

    @Test
    void aMessageRedactedOnAnotherNodeIsForgottenInItsChannelOnly() {
        recent.record(said("#c", "m1"), alice, "#c", null);
        recent.record(said("#d", "m2"), alice, "#d", null);
        recent.forgetRedacted("m2", "#C");
        recent.forgetRedacted("m1", "#d");
        assertThat(recent.find("m2", "#d", alice, "#d")).isNotNull();
        assertThat(recent.find("m1", "#c", alice, "#c")).isNotNull();
        recent.forgetRedacted("m2", "#D");
        assertThat(recent.find("m2", "#d", alice, "#d")).isNull();
        assertThat(recent.find("m1", "#c", alice, "#c")).isNotNull();
    }
}
