package dev.sockets.chat.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** CAP negotiation (IRCv3): LS, LIST, REQ/ACK/NAK, END, and the capabilities of NAMES, WHO, WHOIS. */
class CapTest {

    private final Harness h = new Harness();

    @Test
    void lsSuspendsRegistrationUntilEnd() {
        Harness.User u = h.new User();
        assertThat(u.ask("CAP LS 302")).containsExactly("CAP * LS :cap-notify multi-prefix userhost-in-names message-tags server-time echo-message batch labeled-response away-notify invite-notify setname extended-monitor draft/multiline=max-bytes=4096,max-lines=32 draft/metadata-3=max-subs=50,max-keys=20,max-value-bytes=300 draft/message-redaction account-tag account-notify extended-join"
                .replace("CAP", ":irc.test CAP"));
        u.send("NICK foo").send("USER foo 0 * :Foo");
        assertThat(u.client.isRegistered()).isFalse();
        assertThat(u.take()).isEmpty();
        assertThat(u.ask("CAP END")).first().asString().startsWith(":irc.test 001 foo ");
        assertThat(u.client.isRegistered()).isTrue();
    }

    @Test
    void requestIsAllOrNothingAndEchoesTheRequestExactly() {
        Harness.User u = h.new User();
        u.send("CAP LS 302").take();
        assertThat(u.ask("CAP REQ :foo multi-prefix bar")).containsExactly(":irc.test CAP * NAK :foo multi-prefix bar");
        assertThat(u.ask("CAP LIST")).containsExactly(":irc.test CAP * LIST :cap-notify");
        assertThat(u.ask("CAP REQ :multi-prefix userhost-in-names"))
                .containsExactly(":irc.test CAP * ACK :multi-prefix userhost-in-names");
        assertThat(u.ask("CAP LIST")).containsExactly(":irc.test CAP * LIST :cap-notify multi-prefix userhost-in-names");
        assertThat(u.ask("CAP REQ :-userhost-in-names")).containsExactly(":irc.test CAP * ACK :-userhost-in-names");
        assertThat(u.ask("CAP LIST")).containsExactly(":irc.test CAP * LIST :cap-notify multi-prefix");
        // A 302 client cannot turn off what that version implies.
        assertThat(u.ask("CAP REQ :-cap-notify")).containsExactly(":irc.test CAP * NAK :-cap-notify");
    }

    @Test
    void plainLsHasNoCapNotifyEnabledAndWorksAfterRegistration() {
        Harness.User u = h.registered("foo");
        assertThat(u.ask("CAP LS")).containsExactly(":irc.test CAP foo LS :cap-notify multi-prefix userhost-in-names message-tags server-time echo-message batch labeled-response away-notify invite-notify setname extended-monitor draft/multiline draft/metadata-3 draft/message-redaction account-tag account-notify extended-join");
        assertThat(u.ask("CAP LIST")).containsExactly(":irc.test CAP foo LIST :");
        assertThat(u.ask("CAP REQ :multi-prefix")).containsExactly(":irc.test CAP foo ACK :multi-prefix");
        assertThat(u.ask("CAP END")).isEmpty();
    }

    @Test
    void unknownSubcommandIs410() {
        Harness.User u = h.new User();
        assertThat(u.ask("CAP NOTACOMMAND")).containsExactly(":irc.test 410 * NOTACOMMAND :Invalid CAP command");
        assertThat(u.ask("CAP REQ")).containsExactly(":irc.test CAP * NAK :");
    }

    @Test
    void multiPrefixShowsEveryPrefixInNamesWhoAndWhois() {
        List<Harness.User> us = h.inChannel("#c", "op", "bob");
        Harness.User op = us.get(0);
        op.send("MODE #c +v op").take();
        us.get(1).take();
        assertThat(op.ask("NAMES #c")).first().asString().endsWith(":@op bob");
        op.send("CAP REQ :multi-prefix").take();
        assertThat(op.ask("NAMES #c")).first().asString().endsWith(":@+op bob");
        assertThat(op.ask("WHO #c")).first().asString().contains(" op H@+ :0 ");
        assertThat(op.ask("WHOIS op")).filteredOn(s -> s.contains(" 319 ")).singleElement().asString()
                .endsWith(":@+#c");
        // Without the capability, bob still sees only the highest.
        assertThat(us.get(1).ask("WHO #c")).first().asString().contains(" op H@ :0 ");
    }

    @Test
    void userhostInNamesShowsFullPrefixes() {
        List<Harness.User> us = h.inChannel("#c", "op", "bob");
        Harness.User bob = us.get(1);
        bob.send("CAP REQ userhost-in-names").take();
        assertThat(bob.ask("NAMES #c")).first().asString()
                .endsWith(":@op!op@127.0.0.1 bob!bob@127.0.0.1");
    }
}
