package dev.sockets.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.chat.server.account.PasswordHash;
import dev.sockets.chat.server.account.SqlAccounts;
import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.network.Network;
import dev.sockets.chat.server.store.Store;
import dev.sockets.chat.server.store.StoreLocation;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Limits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registered channels (ChanServ) on a real server with an SQLite store: each misuse gets a NOTICE, a
 * registered channel's topic, modes, lists and operators come back when it is created again, after a
 * restart of the server on the same file too, and someone who is not one of its operators creating it
 * gets no +o.
 */
@Timeout(60)
class RegisteredChannelsTest {

    @TempDir
    Path dir;

    private Store store;
    private ChatServer chat;

    @BeforeEach
    void start() throws IOException {
        startServer();
        SqlAccounts accounts = new SqlAccounts(store.dataSource());
        accounts.create("alice", PasswordHash.hash("sesame"));
        accounts.create("bob", PasswordHash.hash("sesame"));
    }

    private void startServer() throws IOException {
        store = Store.open(new StoreLocation.Embedded(dir));
        chat = new ChatServer(ChatConfig.builder().floodRate(0).build(), Endpoint.loopback(0), null,
                Limits.defaults().withGrace(Duration.ofSeconds(1)), null, Network.SINGLE, store);
        chat.server().start();
    }

    @AfterEach
    void stop() throws IOException {
        if (alice != null) {
            alice.close();
        }
        chat.server().stop(Duration.ofSeconds(1));
    }

    private TestIrc loggedIn(String nick) throws IOException {
        TestIrc c = TestIrc.connect(chat);
        c.send("CAP REQ sasl").send("AUTHENTICATE PLAIN").send("AUTHENTICATE " + Base64.getEncoder().encodeToString(
                ("\0" + nick + "\0sesame").getBytes(StandardCharsets.UTF_8))).send("CAP END");
        c.register(nick);
        c.sync();
        return c;
    }

    private TestIrc alice;

    @Test
    void aRegisteredChannelKeepsItsHistoryWhenItIsCreatedAgainAndAfterARestart() throws IOException {
        try (TestIrc alice = TestIrc.connect(chat)) {
            alice.send("CAP REQ :sasl batch server-time message-tags draft/chathistory").send("AUTHENTICATE PLAIN")
                    .send("AUTHENTICATE " + Base64.getEncoder().encodeToString("\0alice\0sesame".getBytes(StandardCharsets.UTF_8)))
                    .send("CAP END");
            alice.register("alice");
            alice.sync();
            alice.ask("JOIN #kept");
            assertThat(alice.ask("CS REGISTER #kept")).first().asString().contains("#kept is now registered");
            alice.ask("PRIVMSG #kept :said before it emptied");
            alice.ask("PART #kept");
            alice.ask("JOIN #kept");
            assertThat(alice.ask("CHATHISTORY LATEST #kept * 10")).as("one channel for good: all of its history")
                    .anyMatch(l -> l.endsWith(" PRIVMSG #kept :said before it emptied"));
        }
        chat.server().stop(Duration.ofSeconds(1));
        startServer();
        try (TestIrc bob = TestIrc.connect(chat)) {
            bob.send("CAP REQ :batch server-time message-tags draft/chathistory").send("CAP END");
            bob.register("bob");
            bob.ask("JOIN #kept");
            assertThat(bob.ask("CHATHISTORY LATEST #kept * 10")).as("and after a restart")
                    .anyMatch(l -> l.endsWith(" PRIVMSG #kept :said before it emptied"));
        }
    }

    /** alice, logged in and in #c (it recreates the channel as its founder: +o at once). */
    private TestIrc alice() throws IOException {
        if (alice == null) {
            alice = loggedIn("alice");
            java.util.List<String> joined = alice.ask("JOIN #c key");
            assertThat(joined).anyMatch(l -> l.startsWith(":irc.local 353 alice = #c :@alice"));
        }
        return alice;
    }

    private static final String CS = ":ChanServ!ChanServ@services NOTICE ";

    @Test
    void everyMisuseIsAnsweredAndTheNickIsReserved() throws IOException {
        try (TestIrc anon = TestIrc.user(chat, "anon"); TestIrc alice = loggedIn("alice")) {
            anon.ask("JOIN #c");
            assertThat(anon.ask("PRIVMSG ChanServ :REGISTER #c")).containsExactly(CS + "anon :Log in to an account "
                    + "first (SASL, or REGISTER to create one) to register a channel");
            assertThat(anon.ask("PRIVMSG ChanServ :REGISTER")).containsExactly(CS + "anon :Syntax: REGISTER #channel");
            assertThat(anon.ask("PRIVMSG chanserv :hello")).containsExactly(CS + "anon :Commands: REGISTER #channel "
                    + "(you must be logged in and a channel operator), UNREGISTER #channel (founder), INFO #channel");
            alice.ask("JOIN #c");
            anon.sync();
            assertThat(alice.ask("CS REGISTER #c")).containsExactly(CS + "alice :You must be a channel operator of #c "
                    + "to register it");
            assertThat(alice.ask("CS INFO #c")).containsExactly(CS + "alice :#c is not registered");
            assertThat(anon.ask("NICK ChanServ")).containsExactly(":irc.local 432 anon ChanServ :Erroneous nickname");
        }
    }

    @Test
    void aRegisteredChannelComesBackAsItWasAfterARestart() throws IOException {
        try (TestIrc alice = loggedIn("alice"); TestIrc bob = loggedIn("bob")) {
            alice.ask("JOIN #c");
            bob.ask("JOIN #c");
            alice.sync();
            assertThat(alice.ask("CS REGISTER #c")).containsExactly(CS + "alice :#c is now registered to your account "
                    + "alice: its topic, modes, lists and operators are kept and apply when it is created again");
            assertThat(bob.ask("CS REGISTER #c")).containsExactly(CS + "bob :You must be a channel operator of #c "
                    + "to register it");
            alice.ask("TOPIC #c :kept across restarts");
            alice.ask("MODE #c +mik-t key");
            alice.ask("MODE #c +b *!*@banned.example");
            alice.ask("MODE #c +o bob");
            bob.sync();
            assertThat(bob.ask("CS UNREGISTER #c")).containsExactly(CS + "bob :Only the founder of #c (alice) or an IRC "
                    + "operator may unregister it");
        }
        chat.server().stop(Duration.ofSeconds(1));
        startServer();
        try (TestIrc banned = TestIrc.user(chat, "mallory"); TestIrc carol = TestIrc.user(chat, "carol")) {
            assertThat(carol.ask("JOIN #c")).as("the saved +i applies to whoever recreates it")
                    .containsExactly(":irc.local 473 carol #c :Cannot join channel (+i)");
            alice().ask("MODE #c +I carol!*@*"); // alice, an operator by account, recreates it and lets carol in
            List<String> joined = carol.ask("JOIN #c key");
            assertThat(joined).contains(":irc.local 332 carol #c :kept across restarts");
            assertThat(carol.ask("MODE #c")).contains(":irc.local 324 carol #c +ikmn key");
            assertThat(carol.ask("MODE #c b")).anyMatch(l -> l.contains(" 367 carol #c *!*@banned.example "));
            assertThat(carol.ask("MODE #c +s")).as("carol is no operator of it")
                    .anyMatch(l -> l.contains(" 482 "));
            try (TestIrc bob = loggedIn("bob")) {
                bob.send("JOIN #c key");
                assertThat(bob.readUntil(" MODE ")).isEqualTo(":ChanServ!ChanServ@services MODE #c +o bob");
                assertThat(carol.readUntil(" MODE ")).isEqualTo(":ChanServ!ChanServ@services MODE #c +o bob");
            }
        }
    }
}
