package dev.sockets.chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The session against a scripted server: what the client sends when, and how it ends. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ChatClientSessionTest {

    private static String[] args(FakeIrcServer server, String... more) {
        List<String> a = new ArrayList<>(List.of("127.0.0.1", "--port", String.valueOf(server.port()), "--timeout", "3s"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void sendsNothingBeforeTheWelcomeAndAnswersPing() throws Exception {
        try (FakeIrcServer server = new FakeIrcServer();
             ClientRun client = ClientRun.script("/join #lan\nhello\n", args(server, "--nick", "bot"))) {
            FakeIrcServer.Peer peer = server.accept();
            assertThat(peer.readRegistration()).isEqualTo("bot");
            peer.send("PING :before-welcome");
            // the script is all there already: a client that did not wait would have sent JOIN by now
            assertThat(peer.readLine()).isEqualTo("PONG :before-welcome");
            peer.welcome("bot");
            assertThat(peer.readLine()).isEqualTo("JOIN #lan");
            peer.send(":bot!bot@127.0.0.1 JOIN #lan");
            assertThat(peer.readLine()).isEqualTo("PRIVMSG #lan :hello");
            assertThat(peer.readLine()).isEqualTo("QUIT"); // end of input
            peer.send("ERROR :Closing link").close();
            assertThat(client.awaitExit()).isZero();
            assertThat(client.output()).contains("12:04 [#lan] <bot> hello");
        }
    }

    @Test
    void waitsForTheJoinAnswerBeforeTheNextLine() throws Exception {
        try (FakeIrcServer server = new FakeIrcServer();
             ClientRun client = ClientRun.script("/join #lan\nfirst\n/quit done\n", args(server, "--nick", "bot"))) {
            FakeIrcServer.Peer peer = server.accept();
            peer.welcome(peer.readRegistration());
            assertThat(peer.readLine()).isEqualTo("JOIN #lan");
            peer.send("PING :barrier");
            assertThat(peer.readLine()).isEqualTo("PONG :barrier"); // not the PRIVMSG: JOIN not answered yet
            peer.send(":fake.local 366 bot #LAN :End of NAMES list"); // 366 counts too, any case
            assertThat(peer.readLine()).isEqualTo("PRIVMSG #LAN :first"); // the server's spelling wins
            assertThat(peer.readLine()).isEqualTo("QUIT :done");
            assertThat(client.exited()).as("exits only once the server has closed").isFalse();
            peer.send("ERROR :Closing link").close();
            assertThat(client.awaitExit()).isZero();
        }
    }

    @Test
    void joinRefusedByTheServerDoesNotBlockTheScript() throws Exception {
        try (FakeIrcServer server = new FakeIrcServer();
             ClientRun client = ClientRun.script("/join #secret\n/msg bob hi\n", args(server, "--nick", "bot"))) {
            FakeIrcServer.Peer peer = server.accept();
            peer.welcome(peer.readRegistration());
            assertThat(peer.readLine()).isEqualTo("JOIN #secret");
            peer.send(":fake.local 473 bot #secret :Cannot join channel (+i)");
            assertThat(peer.readLine()).isEqualTo("PRIVMSG bob :hi");
            assertThat(client.awaitOutput("! 473")).endsWith("! 473 invite-only channel: #secret");
            assertThat(peer.readLine()).isEqualTo("QUIT");
            peer.close();
            assertThat(client.awaitExit()).isZero();
        }
    }

    @Test
    void takenNickIsRetriedWithASuffix() throws Exception {
        try (FakeIrcServer server = new FakeIrcServer();
             ClientRun client = ClientRun.start(args(server, "--nick", "bob"))) {
            FakeIrcServer.Peer peer = server.accept();
            assertThat(peer.readRegistration()).isEqualTo("bob");
            peer.send(":fake.local 433 * bob :Nickname is already in use");
            assertThat(peer.readLine()).isEqualTo("NICK bob2");
            peer.send(":fake.local 433 * bob2 :Nickname is already in use");
            assertThat(peer.readLine()).isEqualTo("NICK bob3");
            peer.welcome("bob3");
            assertThat(client.awaitOutput("taken")).isEqualTo("12:04 * nickname bob is taken; trying bob2");
            client.type("/quit");
            assertThat(peer.readLine()).isEqualTo("QUIT");
            peer.close();
            assertThat(client.awaitExit()).isZero();
        }
    }

    @Test
    void tooLongSuffixedNickIsShortened() throws Exception {
        try (FakeIrcServer server = new FakeIrcServer();
             ClientRun client = ClientRun.start(args(server, "--nick", "ninechars"))) {
            FakeIrcServer.Peer peer = server.accept();
            peer.readRegistration();
            peer.send(":fake.local 433 * ninechars :Nickname is already in use");
            assertThat(peer.readLine()).isEqualTo("NICK ninechars2");
            peer.send(":fake.local 432 * ninechars2 :Erroneous nickname");
            assertThat(peer.readLine()).isEqualTo("NICK ninechar2");
            peer.welcome("ninechar2");
            client.awaitOutput("Welcome");
            client.endInput();
            assertThat(peer.readLine()).isEqualTo("QUIT");
            peer.close();
            assertThat(client.awaitExit()).isZero();
        }
    }

    @Test
    void refusedNickEndsWithExit1() throws Exception {
        try (FakeIrcServer server = new FakeIrcServer();
             ClientRun client = ClientRun.start(args(server, "--nick", "bob"))) {
            FakeIrcServer.Peer peer = server.accept();
            peer.readRegistration();
            peer.send(":fake.local 432 * bob :Erroneous nickname");
            assertThat(client.awaitExit()).isEqualTo(1);
            assertThat(client.err()).contains("the server refuses the nickname 'bob'");
            assertThat(peer.readLine()).as("client closed the connection").isNull();
        }
    }

    @Test
    void serverClosingWithAnErrorIsExit1WithTheMessage() throws Exception {
        try (FakeIrcServer server = new FakeIrcServer();
             ClientRun client = ClientRun.start(args(server, "--nick", "bot"))) {
            FakeIrcServer.Peer peer = server.accept();
            peer.welcome(peer.readRegistration());
            client.awaitOutput("Welcome");
            peer.send("ERROR :Closing link: killed by admin").close();
            assertThat(client.awaitExit()).isEqualTo(1);
            assertThat(client.err()).contains("server closed the connection: Closing link: killed by admin");
            assertThat(client.output()).contains("12:04 ! server: Closing link: killed by admin");
        }
    }

    @Test
    void serverDroppingTheConnectionIsExit1() throws Exception {
        try (FakeIrcServer server = new FakeIrcServer();
             ClientRun client = ClientRun.start(args(server, "--nick", "bot"))) {
            FakeIrcServer.Peer peer = server.accept();
            peer.welcome(peer.readRegistration());
            client.awaitOutput("Welcome");
            peer.close();
            assertThat(client.awaitExit()).isEqualTo(1);
            assertThat(client.err()).contains("connection closed by the server");
        }
    }

    @Test
    void serverClosingBeforeTheWelcomeIsExit1() throws Exception {
        try (FakeIrcServer server = new FakeIrcServer();
             ClientRun client = ClientRun.start(args(server, "--nick", "bot"))) {
            FakeIrcServer.Peer peer = server.accept();
            peer.readRegistration();
            peer.send("ERROR :Too many connections").close();
            assertThat(client.awaitExit()).isEqualTo(1);
            assertThat(client.err()).contains("during registration: Too many connections");
        }
    }

    @Test
    void connectionRefusedIsExit1() throws Exception {
        // A bound socket that never listens holds the port: Linux refuses connections to it, and no other
        // socket can take it meanwhile (a port closed again could be reused by anyone).
        try (java.net.Socket holder = new java.net.Socket()) {
            holder.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
            int port = holder.getLocalPort();
            ClientRun client = ClientRun.start("127.0.0.1", "--port", String.valueOf(port), "--nick", "bot");
            try (client) {
                assertThat(client.awaitExit()).isEqualTo(1);
                assertThat(client.err()).contains("cannot connect to 127.0.0.1:" + port);
            }
        }
    }

    @Test
    void silentServerAfterQuitIsClosedByTheClient() throws Exception {
        try (FakeIrcServer server = new FakeIrcServer();
             ClientRun client = ClientRun.script("/quit\n", "127.0.0.1", "--port", String.valueOf(server.port()),
                     "--nick", "bot", "--timeout", "1s")) {
            FakeIrcServer.Peer peer = server.accept();
            peer.welcome(peer.readRegistration());
            assertThat(peer.readLine()).isEqualTo("QUIT");
            // the server never closes: the client gives up waiting and closes itself
            assertThat(peer.readLine()).isNull();
            assertThat(client.awaitExit()).isZero();
            assertThat(client.output()).anyMatch(l -> l.contains("did not close the connection"));
        }
    }

    @Test
    void incomingLinesAreShownFormatted() throws Exception {
        try (FakeIrcServer server = new FakeIrcServer();
             ClientRun client = ClientRun.start(args(server, "--nick", "bot", "--channel", "lan"))) {
            FakeIrcServer.Peer peer = server.accept();
            peer.welcome(peer.readRegistration());
            assertThat(peer.readLine()).isEqualTo("JOIN #lan");
            peer.send(":bot!bot@h JOIN :#lan");
            peer.send(":alice!a@h PRIVMSG #lan :hi all");
            peer.send(":alice!a@h PRIVMSG bot :psst");
            assertThat(client.awaitOutput("psst")).isEqualTo("12:04 [alice → you] psst");
            assertThat(client.output()).contains("12:04 * bot joined #lan", "12:04 [#lan] <alice> hi all");
            client.type("reply");
            assertThat(peer.readLine()).isEqualTo("PRIVMSG #lan :reply"); // current target is the joined channel
            client.type("/query alice").type("just you");
            assertThat(peer.readLine()).isEqualTo("PRIVMSG alice :just you");
            client.type("/bogus stuff");
            assertThat(client.awaitOutput("bogus")).isEqualTo("12:04 unknown command /bogus (type /help for the list)");
            client.type("/quit bye");
            assertThat(peer.readLine()).as("nothing was sent for /bogus").isEqualTo("QUIT :bye");
            peer.close();
            assertThat(client.awaitExit()).as("stdin is a pipe: a line not sent is a failure").isEqualTo(1);
            assertThat(client.err()).contains("1 input line could not be sent");
        }
    }

    @Test
    void ctcpVersionIsAnsweredByNoticeButNotAFloodOfIt() throws Exception {
        try (FakeIrcServer server = new FakeIrcServer();
             ClientRun client = ClientRun.start(args(server, "--nick", "bot"))) {
            FakeIrcServer.Peer peer = server.accept();
            peer.welcome(peer.readRegistration());
            peer.send(":alice!a@h PRIVMSG bot :\u0001VERSION\u0001");
            assertThat(peer.readLine()).isEqualTo("NOTICE alice :\u0001VERSION sockets chat client "
                    + dev.sockets.common.cli.Cli.version() + "\u0001");
            peer.send(":mallory!m@h PRIVMSG bot :\u0001VERSION\u0001").send("PING :barrier");
            assertThat(peer.readLine()).as("a second request within a second is not answered").isEqualTo("PONG :barrier");
            assertThat(client.awaitOutput("answered CTCP VERSION")).isEqualTo("12:04 * answered CTCP VERSION from alice");
            client.type("/quit");
            assertThat(peer.readLine()).isEqualTo("QUIT");
            peer.close();
            assertThat(client.awaitExit()).isZero();
            assertThat(client.output()).noneMatch(l -> l.contains("answered CTCP VERSION from mallory"));
        }
    }

    @Test
    void ctcpPingIsEchoedByNotice() throws Exception {
        try (FakeIrcServer server = new FakeIrcServer();
             ClientRun client = ClientRun.start(args(server, "--nick", "bot"))) {
            FakeIrcServer.Peer peer = server.accept();
            peer.welcome(peer.readRegistration());
            peer.send(":carol!c@h PRIVMSG #lan :\u0001PING 1767268800 123\u0001");
            assertThat(peer.readLine()).isEqualTo("NOTICE carol :\u0001PING 1767268800 123\u0001");
            assertThat(client.awaitOutput("answered CTCP PING")).isEqualTo("12:04 * answered CTCP PING from carol");
            client.type("/quit");
            assertThat(peer.readLine()).isEqualTo("QUIT");
            peer.close();
            assertThat(client.awaitExit()).isZero();
        }
    }

    @Test
    void aServerEchoingOurLinesIsNotIrc() throws Exception {
        try (FakeIrcServer server = new FakeIrcServer();
             ClientRun client = ClientRun.start(args(server, "--nick", "bot"))) {
            FakeIrcServer.Peer peer = server.accept();
            peer.send(peer.readLine()); // what an echo server does
            assertThat(client.awaitExit()).isEqualTo(1);
            assertThat(client.err().strip()).isEqualTo("client: 127.0.0.1:" + server.port()
                    + " does not look like an IRC server: it sent \"NICK bot\" before registration");
        }
    }

    @Test
    void aDaytimeServerIsNotIrc() throws Exception {
        try (FakeIrcServer server = new FakeIrcServer();
             ClientRun client = ClientRun.start(args(server, "--nick", "bot"))) {
            FakeIrcServer.Peer peer = server.accept();
            // open until the client gave up: a close with our NICK unread would reset the connection, and a
            // reset may discard the line before the client reads it (then it says "closed ... before registration")
            peer.send("Tuesday, December 1, 2026 23:34:25-UTC");
            assertThat(client.awaitExit()).isEqualTo(1);
            peer.close();
            assertThat(client.err().strip()).isEqualTo("client: 127.0.0.1:" + server.port()
                    + " does not look like an IRC server: it sent \"Tuesday, December 1, 2026 23:34:25-UTC\" before registration");
        }
    }

    @Test
    void aServerClosingAtOnceIsOneClearLine() throws Exception {
        try (FakeIrcServer server = new FakeIrcServer();
             ClientRun client = ClientRun.start(args(server, "--nick", "bot"))) {
            server.accept().close();
            assertThat(client.awaitExit()).isEqualTo(1);
            assertThat(client.err().strip()).isEqualTo("client: 127.0.0.1:" + server.port()
                    + " closed the connection before registration: it does not look like an IRC server (or it wants TLS: try --tls)");
        }
    }
}
