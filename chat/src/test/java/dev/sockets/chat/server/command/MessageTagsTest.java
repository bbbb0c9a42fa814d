package dev.sockets.chat.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** message-tags, TAGMSG, server-time, echo-message, batch and labeled-response through the handlers. */
class MessageTagsTest {

    private static final String TIME = "time=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    private final Harness h = new Harness();

    private Harness.User with(String nick, String caps) {
        Harness.User u = h.registered(nick);
        u.send("CAP REQ :" + caps).take();
        return u;
    }

    @Test
    void clientOnlyTagsReachOnlyMessageTagsClientsAndPlainClientsGetTodaysBytes() {
        Harness.User alice = with("alice", "message-tags");
        Harness.User bob = with("bob", "message-tags");
        Harness.User carol = h.registered("carol");
        Harness.User dave = with("dave", "server-time");
        for (Harness.User u : List.of(alice, bob, carol, dave)) {
            u.send("JOIN #t");
        }
        for (Harness.User u : List.of(alice, bob, carol, dave)) {
            u.take();
        }
        assertThat(alice.ask("@+baz=b\\:a\\st;fizz=buzz PRIVMSG #t hi")).isEmpty();
        assertThat(bob.take()).singleElement().asString()
                .matches("@msgid=[0-9a-z-]+;\\+baz=b\\\\:a\\\\st :alice!alice@127\\.0\\.0\\.1 PRIVMSG #t :hi");
        assertThat(carol.take()).containsExactly(":alice!alice@127.0.0.1 PRIVMSG #t :hi");
        assertThat(dave.take()).singleElement().asString()
                .matches("@" + TIME + " :alice!alice@127\\.0\\.0\\.1 PRIVMSG #t :hi");

        assertThat(alice.ask("@+react=x TAGMSG #t")).isEmpty();
        assertThat(bob.take()).singleElement().asString()
                .matches("@msgid=[0-9a-z-]+;\\+react=x :alice!alice@127\\.0\\.0\\.1 TAGMSG #t");
        assertThat(carol.take()).isEmpty();
        assertThat(dave.take()).isEmpty();
    }

    @Test
    void tagsFromAClientWithoutMessageTagsAreNotRelayed() {
        Harness.User alice = h.registered("alice");
        Harness.User bob = with("bob", "message-tags");
        alice.send("@+x=y PRIVMSG bob :hi");
        assertThat(bob.take()).singleElement().asString().matches("@msgid=[^ ;]+ :alice!\\S+ PRIVMSG bob :hi");
    }

    @Test
    void echoMessageSendsTheSenderWhatRecipientsGotWithTheSameMsgid() {
        Harness.User alice = with("alice", "message-tags echo-message");
        Harness.User bob = with("bob", "message-tags");
        List<String> echo = alice.ask("@+a=1 PRIVMSG bob :hey");
        List<String> got = bob.take();
        assertThat(echo).hasSize(1).isEqualTo(got);
        Harness.User plain = with("plain", "echo-message");
        assertThat(plain.ask("NOTICE bob :n")).containsExactly(":plain!plain@127.0.0.1 NOTICE bob :n");
    }

    @Test
    void serverTimeStampsNumericsAndRepliesToo() {
        Harness.User u = with("u", "server-time");
        assertThat(u.ask("PING x")).singleElement().asString().matches("@" + TIME + " :irc\\.test PONG irc\\.test :x");
        Harness.User plain = h.registered("plain");
        assertThat(plain.ask("PING x")).containsExactly(":irc.test PONG irc.test :x");
    }

    @Test
    void labeledResponseLabelsOneLineAcksNothingAndBatchesMore() {
        Harness.User u = with("u", "batch labeled-response");
        assertThat(u.ask("@label=l1 PING x")).containsExactly("@label=l1 :irc.test PONG irc.test :x");
        assertThat(u.ask("@label=l2 PONG x")).containsExactly("@label=l2 :irc.test ACK");
        assertThat(u.ask("@label=l3 FOO")).containsExactly("@label=l3 :irc.test 421 u FOO :Unknown command");
        List<String> join = u.ask("@label=l4 JOIN #x");
        assertThat(join.get(0)).matches("@label=l4 :irc\\.test BATCH \\+([a-z0-9]+) labeled-response");
        String id = join.get(0).replaceAll(".* BATCH \\+(\\S+) .*", "$1");
        assertThat(join.subList(1, join.size() - 1)).isNotEmpty().allMatch(l -> l.startsWith("@batch=" + id + " "));
        assertThat(join.get(join.size() - 1)).isEqualTo(":irc.test BATCH -" + id);
        // Without labeled-response the tag is ignored.
        Harness.User plain = h.registered("plain");
        assertThat(plain.ask("@label=l5 PING x")).containsExactly(":irc.test PONG irc.test :x");
    }

    @Test
    void aLabeledMessageToOneselfLabelsOnlyTheEcho() {
        Harness.User u = with("u", "echo-message batch labeled-response");
        List<String> got = u.ask("@label=s PRIVMSG u :hi");
        assertThat(got).hasSize(2);
        assertThat(got).filteredOn(l -> l.startsWith("@label=s ")).hasSize(1);
    }
}
