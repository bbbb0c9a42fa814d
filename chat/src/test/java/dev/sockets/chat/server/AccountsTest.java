package dev.sockets.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.chat.server.account.PasswordHash;
import dev.sockets.chat.server.account.SqlAccounts;
import dev.sockets.chat.server.config.AccountPolicy;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an account changes for users, on a real server with an SQLite store: REGISTER (and each way it is
 * refused), ACCOUNT lines for account-notify peers, the account tag on messages, extended-join, nick
 * protection's NOTICE and rename, and that accounts survive a restart of the server on the same file.
 */
@Timeout(60)
class AccountsTest {

    @TempDir
    Path dir;

    private Store store;
    private ChatServer chat;

    private ChatServer start(AccountPolicy policy) throws IOException {
        store = Store.open(new StoreLocation.Embedded(dir));
        chat = new ChatServer(ChatConfig.builder().floodRate(0).accounts(policy).build(), Endpoint.loopback(0), null,
                Limits.defaults().withGrace(Duration.ofSeconds(1)), null, Network.SINGLE, store);
        chat.server().start();
        return chat;
    }

    @AfterEach
    void stop() {
        if (chat != null) {
            chat.server().stop(Duration.ofSeconds(1));
        }
    }

    private TestIrc withCaps(String nick, String caps) throws IOException {
        TestIrc c = TestIrc.connect(chat);
        c.send("CAP REQ :" + caps).send("CAP END");
        c.register(nick);
        c.sync();
        return c;
    }

    @Test
    void registerCreatesTheAccountLogsInAndTellsAccountNotifyPeers() throws IOException {
        start(AccountPolicy.DEFAULT);
        try (TestIrc watcher = withCaps("watcher", "account-notify extended-join account-tag");
             TestIrc bob = withCaps("bob", "draft/account-registration")) {
            watcher.ask("JOIN #c");
            bob.ask("JOIN #c");
            watcher.sync();
            assertThat(bob.ask("REGISTER alice * secret-passphrase")).containsExactly(
                    ":irc.local FAIL REGISTER ACCOUNT_NAME_MUST_BE_NICK alice :The account's name must be your current nick");
            assertThat(bob.ask("REGISTER * * short")).containsExactly(
                    ":irc.local FAIL REGISTER UNACCEPTABLE_PASSWORD bob :The password must be 6 to 1024 bytes long");
            assertThat(bob.ask("REGISTER * * secret-passphrase")).containsExactly(
                    ":irc.local REGISTER SUCCESS bob :Account created",
                    ":irc.local 900 bob bob!bob@127.0.0.1 bob :You are now logged in as bob");
            assertThat(watcher.sync()).containsExactly(":bob!bob@127.0.0.1 ACCOUNT bob");
            assertThat(bob.ask("REGISTER * * another-passphrase")).containsExactly(
                    ":irc.local FAIL REGISTER ALREADY_AUTHENTICATED bob :You are already logged in to an account");
            bob.ask("PRIVMSG #c :hello");
            assertThat(watcher.sync()).containsExactly("@account=bob :bob!bob@127.0.0.1 PRIVMSG #c :hello");
            assertThat(bob.ask("VERIFY bob 1234")).containsExactly(":irc.local FAIL VERIFY INVALID_CODE bob "
                    + ":Nothing to verify: this server does not verify e-mail addresses, accounts work at once");
        }
        // Closing the socket ends bob's session on the server's reader thread: wait until the nick is free.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> chat.registry().user("bob") == null);
        try (TestIrc again = withCaps("bob", "draft/account-registration")) {
            assertThat(again.ask("REGISTER * * secret-passphrase")).containsExactly(
                    ":irc.local FAIL REGISTER ACCOUNT_EXISTS bob :An account of that name exists already");
        }
    }

    @Test
    void aMultilineMessageCarriesItsSendersAccountOnTheBatchOnItsFallbackLinesAndInTheHistory() throws IOException {
        start(AccountPolicy.DEFAULT);
        try (TestIrc batches = withCaps("batches", "message-tags batch draft/multiline account-tag");
             TestIrc lines = withCaps("lines", "message-tags account-tag");
             TestIrc bob = withCaps("bob", "draft/account-registration batch draft/multiline")) {
            batches.ask("JOIN #c");
            lines.ask("JOIN #c");
            bob.ask("JOIN #c");
            bob.ask("REGISTER * * secret-passphrase");
            batches.sync();
            lines.sync();
            bob.send("BATCH +m draft/multiline #c").send("@batch=m PRIVMSG #c :one").send("@batch=m PRIVMSG #c :two")
                    .send("BATCH -m");
            bob.sync();

            List<String> batch = batches.sync();
            assertThat(batch).hasSize(4);
            assertThat(batch.get(0)).matches("@msgid=[^ ;]+;account=bob :bob!bob@127\\.0\\.0\\.1 BATCH \\+\\S+ draft/multiline #c");
            String msgid = batch.get(0).replaceAll("^@msgid=([^ ;]+).*", "$1");
            String ref = batch.get(0).replaceAll(".* BATCH \\+(\\S+) .*", "$1");
            assertThat(batch.subList(1, 4)).as("the batch's lines have only their batch tag, as draft/multiline shows")
                    .containsExactly("@batch=" + ref + " :bob!bob@127.0.0.1 PRIVMSG #c :one",
                            "@batch=" + ref + " :bob!bob@127.0.0.1 PRIVMSG #c :two", ":bob!bob@127.0.0.1 BATCH -" + ref);
            assertThat(lines.sync()).containsExactly("@msgid=" + msgid + ";account=bob :bob!bob@127.0.0.1 PRIVMSG #c :one",
                    "@account=bob :bob!bob@127.0.0.1 PRIVMSG #c :two");

            try (TestIrc reader = withCaps("reader", "message-tags batch account-tag draft/chathistory")) {
                reader.ask("JOIN #c");
                assertThat(reader.ask("CHATHISTORY LATEST #c * 10")).filteredOn(l -> l.contains(" PRIVMSG #c "))
                        .as("replayed with the account, as it was sent").hasSize(2)
                        .allMatch(l -> l.matches("@batch=\\S+;msgid=[^ ;]+;account=bob :bob!bob@127\\.0\\.0\\.1 PRIVMSG #c :(one|two)"));
            }
        }
    }

    @Test
    void aRedactLineCarriesAMsgidOfItsOwnAndTheRedactorsAccount() throws IOException {
        start(AccountPolicy.DEFAULT);
        try (TestIrc watcher = withCaps("watcher", "message-tags account-tag draft/message-redaction");
             TestIrc bob = withCaps("bob", "draft/account-registration message-tags echo-message draft/message-redaction")) {
            watcher.ask("JOIN #c");
            bob.ask("JOIN #c");
            bob.ask("REGISTER * * secret-passphrase");
            watcher.sync();
            String said = bob.ask("PRIVMSG #c :oops").get(0).replaceAll("^@msgid=([^ ;]+).*", "$1");
            watcher.sync();
            bob.ask("REDACT #c " + said);
            assertThat(watcher.sync()).singleElement().asString()
                    .matches("@msgid=(?!" + said + " )[^ ;]+;account=bob :bob!bob@127\\.0\\.0\\.1 REDACT #c " + said);
        }
    }

    @Test
    void extendedJoinShowsTheAccountAndRealName() throws IOException {
        start(AccountPolicy.DEFAULT);
        new SqlAccounts(store.dataSource()).create("carol", PasswordHash.hash("sesame"));
        try (TestIrc watcher = withCaps("watcher", "extended-join");
             TestIrc plain = TestIrc.user(chat, "plain");
             TestIrc carol = TestIrc.connect(chat)) {
            watcher.ask("JOIN #c");
            plain.ask("JOIN #c");
            watcher.sync();
            carol.send("CAP REQ :sasl extended-join").send("AUTHENTICATE PLAIN").send("AUTHENTICATE "
                    + Base64.getEncoder().encodeToString("\0carol\0sesame".getBytes(StandardCharsets.UTF_8)));
            carol.send("CAP END");
            carol.register("carol");
            List<String> own = carol.ask("JOIN #c");
            assertThat(own.get(0)).isEqualTo(":carol!carol@127.0.0.1 JOIN #c carol :Real carol");
            assertThat(watcher.sync()).containsExactly(":carol!carol@127.0.0.1 JOIN #c carol :Real carol");
            assertThat(plain.sync()).containsExactly(":carol!carol@127.0.0.1 JOIN #c");
            plain.ask("PART #c");
            plain.ask("JOIN #c");
            assertThat(watcher.sync()).contains(":plain!plain@127.0.0.1 JOIN #c * :Real plain");
        }
    }

    @Test
    void anUnauthenticatedHolderOfARegisteredNickIsWarnedThenRenamed() throws IOException {
        start(new AccountPolicy(AccountPolicy.Registration.BEFORE_CONNECT, Duration.ofMillis(300)));
        new SqlAccounts(store.dataSource()).create("dave", PasswordHash.hash("sesame"));
        try (TestIrc peer = TestIrc.user(chat, "peer"); TestIrc impostor = TestIrc.connect(chat)) {
            peer.ask("JOIN #c");
            impostor.send("NICK dave").send("USER d 0 * :D");
            String warning = impostor.readUntil("NOTICE dave");
            assertThat(warning).isEqualTo(":irc.local NOTICE dave :*** The nick dave is registered. "
                    + "Log in to it (SASL, or /msg NickServ IDENTIFY password) within 0 seconds, or you will be renamed.");
            impostor.ask("JOIN #c");
            String nick = impostor.readUntil(" NICK ");
            assertThat(nick).matches(":dave!d@127.0.0.1 NICK :Guest\\d{5}");
            assertThat(impostor.readUntil("NOTICE")).matches(":irc.local NOTICE Guest\\d{5} :\\*\\*\\* You were renamed "
                    + "from dave: that nick is registered and you did not log in to it\\.");
            assertThat(peer.readUntil(" NICK ")).isEqualTo(nick);
        }
    }

    @Test
    void aLoggedInOwnerKeepsItsNick() throws IOException {
        start(new AccountPolicy(AccountPolicy.Registration.BEFORE_CONNECT, Duration.ofMillis(200)));
        new SqlAccounts(store.dataSource()).create("erin", PasswordHash.hash("sesame"));
        try (TestIrc erin = TestIrc.connect(chat)) {
            erin.send("CAP REQ sasl").send("AUTHENTICATE PLAIN").send("AUTHENTICATE "
                    + Base64.getEncoder().encodeToString("\0erin\0sesame".getBytes(StandardCharsets.UTF_8)));
            erin.send("CAP END");
            erin.register("erin");
            List<String> seen = erin.sync();
            assertThat(seen).noneMatch(l -> l.contains("NOTICE"));
            // Longer than the grace period, measured on the server's own timer: a WHOIS after it still
            // finds erin under its nick.
            await(Duration.ofMillis(600));
            assertThat(erin.ask("WHOIS erin")).anyMatch(l -> l.contains(" 330 erin erin erin "));
        }
    }

    private static void await(Duration d) {
        org.awaitility.Awaitility.await().pollDelay(d).atMost(d.plusSeconds(5)).until(() -> true);
    }

    @Test
    void accountsSurviveARestartOnTheSameFile() throws IOException {
        start(AccountPolicy.DEFAULT);
        try (TestIrc frank = withCaps("frank", "draft/account-registration")) {
            frank.ask("REGISTER * * frank-passphrase");
        }
        chat.server().stop(Duration.ofSeconds(1));
        start(AccountPolicy.DEFAULT);
        try (TestIrc frank = TestIrc.connect(chat)) {
            frank.send("CAP REQ sasl").send("AUTHENTICATE PLAIN");
            frank.send("AUTHENTICATE " + Base64.getEncoder().encodeToString(
                    "\0frank\0frank-passphrase".getBytes(StandardCharsets.UTF_8)));
            assertThat(frank.readUntil(" 90")).contains(" 900 ");
        }
    }
}
