package dev.sockets.chat.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** REDACT (draft/message-redaction) as irctest's redact tests check it, against a registry and mailboxes. */
class RedactTest {

    private static final String CAPS = "CAP REQ :message-tags echo-message draft/message-redaction";

    private final Harness h = new Harness();

    private Harness.User user(String nick, String caps) {
        Harness.User u = h.registered(nick);
        u.send(caps).send("JOIN #c").take();
        return u;
    }

    private static String msgid(List<String> echo) {
        assertThat(echo).hasSize(1);
        return echo.get(0).replaceAll("^@msgid=([^ ;]+).*", "$1");
    }

    /** The lines without their msgid tag, which each must have (the REDACT lines, as message-redaction shows them). */
    private static List<String> untagged(List<String> lines) {
        assertThat(lines).allMatch(l -> l.matches("@msgid=[^ ;]+ .*"));
        return lines.stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
    }

    @Test
    void theRedactLineHasAMsgidOfItsOwnTheSameForEveryRecipient() {
        Harness.User alice = user("alice", CAPS);
        Harness.User bob = user("bob", CAPS);
        Harness.User timed = user("timed", "CAP REQ :message-tags server-time draft/message-redaction");
        alice.take();
        bob.take();
        String own = msgid(alice.ask("PRIVMSG #c :an example"));
        bob.take();
        timed.take();
        List<String> echo = alice.ask("REDACT #c " + own + " :bad example");
        assertThat(echo).singleElement().asString()
                .matches("@msgid=[^ ;]+ :alice!alice@127\\.0\\.0\\.1 REDACT #c " + own + " :bad example");
        String id = msgid(echo);
        assertThat(id).isNotEqualTo(own);
        assertThat(bob.take()).containsExactly(echo.get(0));
        assertThat(timed.take()).singleElement().asString().matches("@time=[^ ;]+;msgid=" + id + " :alice!.* REDACT #c .*");

        String another = msgid(alice.ask("PRIVMSG bob :a private one"));
        bob.take();
        String inPrivate = msgid(alice.ask("REDACT bob " + another));
        assertThat(inPrivate).isNotEqualTo(another).isNotEqualTo(id);
        assertThat(bob.take()).singleElement().asString().startsWith("@msgid=" + inPrivate + " :alice!");
    }

    @Test
    void theSenderAndAnOperatorMayRedactOthersMayNot() {
        Harness.User alice = user("alice", CAPS);
        Harness.User bob = user("bob", CAPS);
        alice.take();
        String own = msgid(alice.ask("PRIVMSG #c :Hello everyone"));
        bob.take();
        assertThat(untagged(alice.ask("REDACT #c " + own))).containsExactly(":alice!alice@127.0.0.1 REDACT #c " + own);
        assertThat(untagged(bob.take())).containsExactly(":alice!alice@127.0.0.1 REDACT #c " + own);
        assertThat(alice.ask("REDACT #c " + own)).as("once")
                .containsExactly(":irc.test FAIL REDACT UNKNOWN_MSGID #c " + own + " :No such recent message here");

        String bobs = msgid(bob.ask("PRIVMSG #c :Hi Alice"));
        alice.take();
        assertThat(untagged(alice.ask("REDACT #c " + bobs + " :spam"))).containsExactly(":alice!alice@127.0.0.1 REDACT #c " + bobs + " :spam");
        assertThat(untagged(bob.take())).containsExactly(":alice!alice@127.0.0.1 REDACT #c " + bobs + " :spam");

        String another = msgid(alice.ask("PRIVMSG #c :Another message"));
        bob.take();
        assertThat(bob.ask("REDACT #c " + another)).containsExactly(
                ":irc.test FAIL REDACT REDACT_FORBIDDEN #c " + another + " :Only its sender or a channel operator may redact it");
        assertThat(alice.take()).isEmpty();
    }

    @Test
    void onlyClientsWithTheCapabilityGetTheRedaction() {
        Harness.User alice = user("alice", CAPS);
        Harness.User plain = user("plain", "CAP REQ :message-tags echo-message");
        alice.take();
        String id = msgid(alice.ask("@+draft/react=x TAGMSG #c"));
        plain.take();
        assertThat(untagged(alice.ask("REDACT #c " + id))).containsExactly(":alice!alice@127.0.0.1 REDACT #c " + id);
        assertThat(plain.take()).isEmpty();
    }

    @Test
    void unknownIdsAndTargetsAreRefused() {
        Harness.User alice = user("alice", CAPS);
        assertThat(alice.ask("REDACT #c nonexistent123"))
                .containsExactly(":irc.test FAIL REDACT UNKNOWN_MSGID #c nonexistent123 :No such recent message here");
        assertThat(alice.ask("REDACT #fake somemsgid"))
                .containsExactly(":irc.test FAIL REDACT INVALID_TARGET #fake :You are not in that channel or no such nick");
        Harness.User other = user("other", CAPS);
        other.send("PART #c").take();
        alice.take();
        String id = msgid(alice.ask("PRIVMSG #c :not for outsiders"));
        assertThat(other.ask("REDACT #c " + id)).first().asString().contains("FAIL REDACT INVALID_TARGET #c");
    }

    @Test
    void aPrivateMessageIsRedactedForBothEnds() {
        Harness.User alice = user("alice", CAPS);
        Harness.User bob = user("bob", CAPS);
        alice.take();
        String id = msgid(alice.ask("PRIVMSG bob :oops"));
        bob.take();
        assertThat(bob.ask("REDACT alice " + id)).containsExactly(
                ":irc.test FAIL REDACT REDACT_FORBIDDEN alice " + id + " :Only its sender may redact it");
        assertThat(untagged(alice.ask("REDACT bob " + id))).containsExactly(":alice!alice@127.0.0.1 REDACT bob " + id);
        assertThat(untagged(bob.take())).containsExactly(":alice!alice@127.0.0.1 REDACT bob " + id);
    }
}
