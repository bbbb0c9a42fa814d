package dev.sockets.chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.ChatServer;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Limits;
import dev.sockets.common.testing.LineClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client against our own chat server, in-process on loopback port 0, with raw {@link LineClient}
 * peers checking what actually went over the wire. Each test uses its own nicks and channels.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ChatClientServerTest {

    private static ChatServer chat;

    @BeforeAll
    static void startServer() throws IOException {
        // no fakelag: the ordering test pipes many lines at once
        chat = new ChatServer(ChatConfig.builder().floodRate(0).build(), Endpoint.loopback(0),
                Limits.defaults().withGrace(Duration.ofSeconds(1)), null);
        chat.start();
    }

    @AfterAll
    static void stopServer() {
        chat.close();
    }

    private static String[] args(String nick, String... more) {
        List<String> a = new ArrayList<>(List.of("127.0.0.1", "--port", String.valueOf(chat.server().tcpEndpoint().port()),
                "--nick", nick));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /** A raw IRC user: registered, optionally in a channel. */
    private static LineClient peer(String nick, String channel) throws IOException {
        LineClient c = LineClient.connect(chat.server().tcpEndpoint());
        c.send("NICK " + nick).send("USER " + nick + " 0 * :" + nick);
        c.readUntil(l -> l.contains(" 376 ") || l.contains(" 422 "), "end of MOTD");
        if (channel != null) {
            c.send("JOIN " + channel);
            c.readUntilContains(" 366 ");
        }
        return c;
    }

    @Test
    void takenNickIsRetriedAndSaidSo() throws Exception {
        try (LineClient bob = peer("bob", null);
             ClientRun client = ClientRun.script("/whois bob2\n/quit\n", args("bob"))) {
            assertThat(client.awaitOutput("taken")).endsWith("* nickname bob is taken; trying bob2");
            assertThat(client.awaitOutput("* bob2 is ")).contains("(sockets chat client)");
            assertThat(client.awaitExit()).isZero();
        }
    }

    @Test
    void scriptJoinsSaysHelloAndQuitsWithAReasonPeersSee() throws Exception {
        try (LineClient alice = peer("alice", "#script");
             ClientRun client = ClientRun.script("/join #script\nhello from a script\n/quit bye\n", args("bot"))) {
            assertThat(alice.readUntilContains(" JOIN ")).startsWith(":bot!").endsWith("#script");
            assertThat(alice.readLine()).startsWith(":bot!").endsWith(" PRIVMSG #script :hello from a script");
            assertThat(alice.readLine()).startsWith(":bot!").endsWith(" QUIT :Quit: bye");
            assertThat(client.awaitExit()).isZero();
            assertThat(client.output()).contains("12:04 [#script] <bot> hello from a script");
        }
    }

    @Test
    void pipedLinesArriveAllInOrderBeforeTheQuitAtEndOfInput() throws Exception {
        StringBuilder script = new StringBuilder("/join #order\n");
        for (int i = 1; i <= 60; i++) {
            script.append("line ").append(i).append('\n');
        }
        try (LineClient watcher = peer("watcher", "#order");
             ClientRun client = ClientRun.script(script.toString(), args("piper"))) {
            watcher.readUntilContains(" JOIN ");
            for (int i = 1; i <= 60; i++) {
                assertThat(watcher.readLine()).endsWith(" PRIVMSG #order :line " + i);
            }
            assertThat(watcher.readLine()).startsWith(":piper!").contains(" QUIT ");
            assertThat(client.awaitExit()).isZero();
        }
    }

    @Test
    void privateMessagesBothWays() throws Exception {
        try (LineClient dave = peer("dave", null);
             ClientRun client = ClientRun.start(args("carol"))) {
            client.awaitOutput("Welcome");
            client.type("/msg dave psst");
            assertThat(dave.readUntilContains("PRIVMSG")).startsWith(":carol!").endsWith(" PRIVMSG dave :psst");
            dave.send("PRIVMSG carol :right back at you");
            assertThat(client.awaitOutput("right back")).isEqualTo("12:04 [dave → you] right back at you");
            client.type("/query dave").type("and again");
            assertThat(dave.readUntilContains("PRIVMSG")).endsWith(" PRIVMSG dave :and again");
            client.endInput();
            assertThat(client.awaitExit()).isZero();
        }
    }

    @Test
    void meIsSentAsCtcpActionAndNickChangesAreSeen() throws Exception {
        try (LineClient frank = peer("frank", "#act");
             ClientRun client = ClientRun.start(args("erin", "--channel", "#act"))) {
            frank.readUntilContains(" JOIN ");
            client.type("/me waves");
            assertThat(frank.readLine()).startsWith(":erin!").endsWith(" PRIVMSG #act :\u0001ACTION waves\u0001");
            frank.send("PRIVMSG #act :\u0001ACTION waves back\u0001");
            assertThat(client.awaitOutput("waves back")).isEqualTo("12:04 [#act] * frank waves back");
            client.type("/nick erin2");
            assertThat(frank.readLine()).startsWith(":erin!").endsWith(" NICK :erin2").doesNotContain("PRIVMSG");
            assertThat(client.awaitOutput("known as")).isEqualTo("12:04 * you are now known as erin2");
            client.type("still here");
            assertThat(frank.readLine()).startsWith(":erin2!").endsWith(" PRIVMSG #act :still here");
            client.type("/quit gone");
            assertThat(frank.readLine()).startsWith(":erin2!").endsWith(" QUIT :Quit: gone");
            assertThat(client.awaitExit()).isZero();
        }
    }

    @Test
    void afterPartTheNextLineGoesToTheChannelStillJoined() throws Exception {
        try (LineClient watcher = peer("watcher2", "#pa");
             ClientRun client = ClientRun.script("/join #pa\n/join #pb\n/part #pb\nafter part\n/quit\n", args("parter"))) {
            watcher.readUntilContains(" JOIN ");
            assertThat(watcher.readLine()).startsWith(":parter!").endsWith(" PRIVMSG #pa :after part");
            assertThat(client.awaitExit()).isZero();
        }
    }

    @Test
    void aScriptedLineWithoutTargetFailsTheExitStatusButLaterLinesStillGo() throws Exception {
        try (LineClient watcher = peer("watcher3", "#later");
             ClientRun client = ClientRun.script("nobody to talk to\n/join #later\nnow there is\n/quit\n", args("early"))) {
            watcher.readUntilContains(" JOIN ");
            assertThat(watcher.readLine()).startsWith(":early!").endsWith(" PRIVMSG #later :now there is");
            assertThat(client.awaitExit()).isEqualTo(1);
            assertThat(client.output()).anyMatch(l -> l.contains("no current target"));
            assertThat(client.err().strip()).isEqualTo("client: 1 input line could not be sent (see above)");
        }
    }

    @Test
    void aMessageToOurselvesIsShownOnce() throws Exception {
        try (ClientRun client = ClientRun.script("/msg selfie note to self\n/whois selfie\n/quit\n", args("selfie"))) {
            client.awaitOutput("* selfie is ");
            assertThat(client.awaitExit()).isZero();
            assertThat(client.output()).filteredOn(l -> l.contains("note to self")).hasSize(1);
        }
    }

    @Test
    void serverShuttingDownIsExit1WithTheReason() throws Exception {
        ChatServer own = new ChatServer(ChatConfig.builder().build(), Endpoint.loopback(0),
                Limits.defaults().withGrace(Duration.ofSeconds(1)), null);
        Endpoint endpoint = own.start();
        try (ClientRun client = ClientRun.start("127.0.0.1", "--port", String.valueOf(endpoint.port()), "--nick", "gina")) {
            client.awaitOutput("Welcome");
            own.close();
            assertThat(client.awaitExit()).isEqualTo(1);
            assertThat(client.err()).contains("server closed the connection").contains("Server shutting down");
        } finally {
            own.close();
        }
    }
}
