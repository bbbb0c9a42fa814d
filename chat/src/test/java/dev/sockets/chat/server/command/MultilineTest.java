package dev.sockets.chat.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** draft/multiline as irctest's multiline tests check it: the batch, its fallback, its limits. */
class MultilineTest {

    private static final String CAPS = "CAP REQ :message-tags batch echo-message labeled-response";

    private final Harness h = new Harness();

    private Harness.User user(String nick, boolean multiline) {
        Harness.User u = h.registered(nick);
        u.send(CAPS + (multiline ? " draft/multiline" : "")).send("JOIN #test").take();
        return u;
    }

    @Test
    void theCapabilityAnnouncesItsLimits() {
        Harness.User u = h.new User();
        assertThat(u.ask("CAP LS 302")).anyMatch(l -> l.contains(" draft/multiline=max-bytes=4096,max-lines=32"));
    }

    @Test
    void aBatchReachesMultilineClientsAsABatchAndOthersAsLines() {
        Harness.User alice = user("alice", true);
        Harness.User bob = user("bob", true);
        Harness.User charlie = user("charlie", false);
        alice.take();
        bob.take();
        alice.send("@label=xyz BATCH +123 draft/multiline #test");
        alice.send("@batch=123 PRIVMSG #test hello");
        alice.send("@batch=123 PRIVMSG #test :");
        alice.send("@batch=123 PRIVMSG #test :#how is ");
        alice.send("@batch=123;draft/multiline-concat PRIVMSG #test :everyone?");
        assertThat(bob.take()).as("nothing before the batch ends").isEmpty();
        alice.send("BATCH -123");

        List<String> echo = alice.take();
        assertThat(echo).hasSize(6);
        assertThat(echo.get(0)).matches("@label=xyz;msgid=[^ ;]+ :alice!alice@127\\.0\\.0\\.1 BATCH \\+(\\S+) draft/multiline #test");
        String msgid = echo.get(0).replaceAll(".*msgid=([^ ;]+) .*", "$1");
        String ref = echo.get(0).replaceAll(".* BATCH \\+(\\S+) .*", "$1");
        assertThat(echo.subList(1, 6)).containsExactly(
                "@batch=" + ref + " :alice!alice@127.0.0.1 PRIVMSG #test :hello",
                "@batch=" + ref + " :alice!alice@127.0.0.1 PRIVMSG #test :",
                "@batch=" + ref + " :alice!alice@127.0.0.1 PRIVMSG #test :#how is ",
                "@batch=" + ref + ";draft/multiline-concat :alice!alice@127.0.0.1 PRIVMSG #test :everyone?",
                ":alice!alice@127.0.0.1 BATCH -" + ref);

        List<String> relay = bob.take();
        assertThat(relay.get(0)).isEqualTo("@msgid=" + msgid + " :alice!alice@127.0.0.1 BATCH +" + ref + " draft/multiline #test");
        assertThat(relay.subList(1, relay.size())).isEqualTo(echo.subList(1, 6));

        assertThat(charlie.take()).as("blank lines left out, the first has the msgid").containsExactly(
                "@msgid=" + msgid + " :alice!alice@127.0.0.1 PRIVMSG #test :hello",
                ":alice!alice@127.0.0.1 PRIVMSG #test :#how is ",
                ":alice!alice@127.0.0.1 PRIVMSG #test :everyone?");
    }

    @Test
    void aClientThatAskedForNothingGetsPlainLines() {
        Harness.User alice = user("alice", true);
        Harness.User plain = h.registered("plain");
        plain.send("JOIN #test").take();
        alice.take();
        alice.send("BATCH +a draft/multiline #test").send("@batch=a PRIVMSG #test :one")
                .send("@batch=a;draft/multiline-concat PRIVMSG #test :two").send("BATCH -a");
        assertThat(plain.take()).containsExactly(":alice!alice@127.0.0.1 PRIVMSG #test :one",
                ":alice!alice@127.0.0.1 PRIVMSG #test :two");
    }

    @Test
    void aPrivateBatchGoesToTheUser() {
        Harness.User alice = user("alice", true);
        Harness.User bob = user("bob", true);
        alice.take();
        alice.send("BATCH +p draft/multiline bob").send("@batch=p NOTICE bob :one").send("BATCH -p");
        List<String> got = bob.take();
        assertThat(got).hasSize(3);
        assertThat(got.get(1)).endsWith(":alice!alice@127.0.0.1 NOTICE bob :one");
    }

    @Test
    void aConcatenatedBlankLineIsInvalid() {
        Harness.User alice = user("alice", true);
        Harness.User bob = user("bob", false);
        alice.take();
        alice.send("BATCH +123 draft/multiline #test").send("@batch=123 PRIVMSG #test :hi");
        assertThat(alice.ask("@batch=123;draft/multiline-concat PRIVMSG #test :")).containsExactly(
                ":irc.test FAIL BATCH MULTILINE_INVALID :A blank line cannot be concatenated; the batch is dropped");
        assertThat(alice.ask("BATCH -123")).isEmpty();
        assertThat(bob.take()).isEmpty();
    }

    @Test
    void limitsDropTheBatchWithTheirCodes() {
        Harness.User alice = user("alice", true);
        Harness.User bob = user("bob", false);
        alice.take();
        alice.send("BATCH +l draft/multiline #test");
        for (int i = 0; i < 32; i++) {
            alice.send("@batch=l PRIVMSG #test hi");
        }
        assertThat(alice.take()).isEmpty();
        assertThat(alice.ask("@batch=l PRIVMSG #test hi"))
                .containsExactly(":irc.test FAIL BATCH MULTILINE_MAX_LINES 32 :Too many lines; the batch is dropped");
        alice.send("BATCH -l");
        alice.send("BATCH +b draft/multiline #test");
        String x = "x".repeat(400);
        for (int i = 0; i < 10; i++) {
            alice.send("@batch=b PRIVMSG #test " + x);
        }
        assertThat(alice.ask("@batch=b PRIVMSG #test " + x))
                .containsExactly(":irc.test FAIL BATCH MULTILINE_MAX_BYTES 4096 :Too many bytes; the batch is dropped");
        alice.send("BATCH -b");
        assertThat(bob.take()).isEmpty();
    }

    @Test
    void malformedBatchesAreAnswered() {
        Harness.User alice = user("alice", true);
        Harness.User plain = h.registered("plain");
        alice.take();
        assertThat(plain.ask("BATCH +x draft/multiline #test")).containsExactly(
                ":irc.test FAIL BATCH UNKNOWN_TYPE draft/multiline :The only batch a client may send is draft/multiline, after CAP REQ draft/multiline");
        assertThat(alice.ask("BATCH +x other #test")).first().asString().contains("FAIL BATCH UNKNOWN_TYPE other");
        assertThat(alice.ask("BATCH -nope")).containsExactly(":irc.test FAIL BATCH MULTILINE_INVALID :No open batch nope");
        alice.send("BATCH +t draft/multiline #test");
        assertThat(alice.ask("@batch=other PRIVMSG #test :hi")).containsExactly(":irc.test FAIL BATCH MULTILINE_INVALID :No open batch other");
        assertThat(alice.ask("@batch=t PRIVMSG #elsewhere :hi")).containsExactly(
                ":irc.test FAIL BATCH MULTILINE_INVALID_TARGET #test #elsewhere :Every line of a batch goes to the batch's target");
        assertThat(alice.ask("BATCH -t")).isEmpty();
        alice.send("BATCH +e draft/multiline #test").send("@batch=e PRIVMSG #test :");
        assertThat(alice.ask("BATCH -e")).containsExactly(
                ":irc.test FAIL BATCH MULTILINE_INVALID :A batch needs a line that is not blank; nothing sent");
        assertThat(plain.ask("@batch=zzz PRIVMSG alice :a tag without the capability is ignored")).isEmpty();
        assertThat(alice.take()).singleElement().asString()
                .endsWith(" :plain!plain@127.0.0.1 PRIVMSG alice :a tag without the capability is ignored");
    }
}
