package dev.sockets.chat.server;

import dev.sockets.chat.server.config.ChatConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class RegistrationTest {

    private static ChatServer chat;

    @BeforeAll
    static void start() throws Exception {
        chat = TestIrc.start(ChatConfig.builder().motd(List.of("first line", "caf\u00c3\u00a9")).build());
    }

    @AfterAll
    static void stop() {
        chat.close();
    }

    @Test
    void welcomeBurstInOrder() throws Exception {
        // The server is shared: a connection an earlier test closed unregistered is one until its session
        // sees the close, and would add a 253 (unknown connections) to this burst.
        await().atMost(Duration.ofSeconds(5)).until(() -> chat.registry().clientCount() == 0);
        try (TestIrc c = TestIrc.connect(chat)) {
            c.send("NICK wanda").send("USER w 0 * :Wanda W");
            List<String> lines = c.sync();
            assertThat(lines).extracting(l -> l.split(" ")[1])
                    .containsExactly("001", "002", "003", "004", "005", "005", "005", "251", "254", "255", "265", "266", "375", "372", "372", "376");
            assertThat(lines.get(0)).isEqualTo(":irc.local 001 wanda :Welcome to the sockets IRC Network wanda!w@127.0.0.1");
            assertThat(lines.get(4)).contains("CASEMAPPING=rfc1459", "CHANTYPES=#", "NICKLEN=30", "CHANNELLEN=50",
                    "TOPICLEN=390", "PREFIX=(ov)@+", "CHANMODES=beI,k,l,Cimnst").endsWith(":are supported by this server");
            assertThat(lines.get(5)).contains("NETWORK=sockets", "BOT=B", "AWAYLEN=390", "TARGMAX=", "MAXTARGETS=4", "SAFELIST").endsWith(":are supported by this server");
            assertThat(lines.get(13)).isEqualTo(":irc.local 372 wanda :- first line");
        }
    }

    @Test
    void userBeforeNickWorksToo() throws Exception {
        try (TestIrc c = TestIrc.connect(chat)) {
            c.send("USER u 0 * :U");
            assertThat(c.sync()).isEmpty();
            c.send("NICK ulrich");
            assertThat(c.sync().get(0)).startsWith(":irc.local 001 ulrich ");
        }
    }

    @Test
    void capLs302HoldsRegistrationUntilCapEnd() throws Exception {
        try (TestIrc c = TestIrc.connect(chat)) {
            List<String> lines = c.ask("CAP LS 302");
            assertThat(lines).containsExactly(":irc.local CAP * LS :cap-notify multi-prefix userhost-in-names message-tags server-time echo-message batch labeled-response away-notify invite-notify setname extended-monitor draft/multiline=max-bytes=4096,max-lines=32 draft/metadata-3=max-subs=50,max-keys=20,max-value-bytes=300 draft/message-redaction account-tag account-notify extended-join");
            assertThat(c.ask("NICK capper")).isEmpty();
            assertThat(c.ask("USER c 0 * :C")).isEmpty();
            assertThat(c.ask("CAP REQ :multi-prefix sasl")).containsExactly(":irc.local CAP capper NAK :multi-prefix sasl");
            assertThat(c.ask("CAP LIST")).containsExactly(":irc.local CAP capper LIST :cap-notify");
            assertThat(c.ask("CAP REQ :multi-prefix")).containsExactly(":irc.local CAP capper ACK :multi-prefix");
            assertThat(c.ask("CAP BOGUS")).containsExactly(":irc.local 410 capper BOGUS :Invalid CAP command");
            assertThat(c.ask("CAP END").get(0)).startsWith(":irc.local 001 capper ");
        }
    }

    @Test
    void capLsWithoutVersionAlsoWorks() throws Exception {
        try (TestIrc c = TestIrc.connect(chat)) {
            c.send("CAP LS").send("NICK capless").send("USER c 0 * :C");
            assertThat(c.sync()).containsExactly(":irc.local CAP * LS :cap-notify multi-prefix userhost-in-names message-tags server-time echo-message batch labeled-response away-notify invite-notify setname extended-monitor draft/multiline draft/metadata-3 draft/message-redaction account-tag account-notify extended-join");
            assertThat(c.ask("CAP END")).first().asString().contains(" 001 capless ");
        }
    }

    @Test
    void commandsBeforeRegistrationGet451() throws Exception {
        try (TestIrc c = TestIrc.connect(chat)) {
            assertThat(c.ask("JOIN #x")).containsExactly(":irc.local 451 * :You have not registered");
            assertThat(c.ask("PRIVMSG a :b")).containsExactly(":irc.local 451 * :You have not registered");
            assertThat(c.ask("WHATEVER")).containsExactly(":irc.local 451 * :You have not registered");
        }
    }

    @Test
    void nickErrors() throws Exception {
        try (TestIrc a = TestIrc.user(chat, "Holder[1]"); TestIrc b = TestIrc.connect(chat)) {
            assertThat(b.ask("NICK")).containsExactly(":irc.local 431 * :No nickname given");
            assertThat(b.ask("NICK 1abc")).containsExactly(":irc.local 432 * 1abc :Erroneous nickname");
            assertThat(b.ask("NICK " + "n".repeat(31))).first().asString().contains(" 432 ");
            // rfc1459: [ ] are the upper case of { }
            assertThat(b.ask("NICK holder{1}")).containsExactly(":irc.local 433 * holder{1} :Nickname is already in use");
            assertThat(b.ask("NICK HOLDER[1]")).containsExactly(":irc.local 433 * HOLDER[1] :Nickname is already in use");
            b.register("other");
            assertThat(b.ask("NICK holder{1}")).containsExactly(":irc.local 433 other holder{1} :Nickname is already in use");
            // a holder may change the case of its own nick
            assertThat(a.ask("NICK holder{1}")).containsExactly(":Holder[1]!holder[1]@127.0.0.1 NICK :holder{1}");
        }
    }

    @Test
    void nickIsFreedOnQuit() throws Exception {
        try (TestIrc a = TestIrc.user(chat, "leaver")) {
            a.send("QUIT");
            a.line.awaitClosed();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> chat.registry().user("leaver") == null);
        try (TestIrc b = TestIrc.user(chat, "LEAVER")) {
            assertThat(b.nick).isEqualTo("LEAVER");
        }
    }

    @Test
    void userTwiceIs462() throws Exception {
        try (TestIrc a = TestIrc.user(chat, "twice")) {
            assertThat(a.ask("USER x 0 * :X")).containsExactly(":irc.local 462 twice :You may not reregister");
            assertThat(a.ask("PASS secret")).containsExactly(":irc.local 462 twice :You may not reregister");
        }
    }

    @Test
    void userNameIsSanitised() throws Exception {
        try (TestIrc c = TestIrc.connect(chat)) {
            c.send("NICK sani").send("USER a@b!c 0 * :S");
            assertThat(c.sync().get(0)).endsWith("sani!abc@127.0.0.1");
        }
    }

    @Test
    void missingParametersAre461() throws Exception {
        try (TestIrc c = TestIrc.connect(chat)) {
            assertThat(c.ask("USER onlyone")).containsExactly(":irc.local 461 * USER :Not enough parameters");
        }
    }
}
