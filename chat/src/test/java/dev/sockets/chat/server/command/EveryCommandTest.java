package dev.sockets.chat.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.config.OperatorPassword;
import dev.sockets.chat.server.config.Operators;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command of the table, at handler level (no socket): a reply that says it worked and, where the
 * command can fail, the error numeric, each on a fresh network of alice (operator of #c), bob (in #c),
 * dave (registered, in no channel) and carol (gone, for WHOWAS). {@link #everyCommandOfTheTableIsHere}
 * fails when a command is added to the table without a row here. The other handler tests go deeper.
 */
class EveryCommandTest {

    private static final Operators OPERATORS = Operators.parse(
            List.of("operuser " + OperatorPassword.hash("operpassword".toCharArray(), 10_000)), "test");

    /**
     * What to send and what must come back.
     *
     * @param sender alice, bob or new (a connection not registered yet)
     * @param setup lines the sender sends first (their replies are dropped); "bob: LINE" is sent by bob
     * @param observer whose mailbox must then hold {@code expected}; {@code CLOSED} means its connection ended
     */
    record Row(String command, boolean error, String sender, List<String> setup, List<String> lines, String observer,
               String expected) {
        @Override
        public String toString() {
            return (error ? "error: " : "") + String.join(" / ", lines);
        }
    }

    private static Row ok(String command, String line, String expected) {
        return new Row(command, false, "alice", List.of(), List.of(line), "alice", expected);
    }

    private static Row error(String command, String line, String expected) {
        return new Row(command, true, "alice", List.of(), List.of(line), "alice", expected);
    }

    private static Row okSeenBy(String observer, String command, List<String> setup, String line, String expected) {
        return new Row(command, false, "alice", setup, List.of(line), observer, expected);
    }

    static Stream<Row> rows() {
        return Stream.of(
                new Row("PASS", false, "new", List.of(), List.of("PASS x", "NICK newbie", "USER n 0 * :N"), "new",
                        ":irc.test 001 newbie :Welcome"),
                error("PASS", "PASS x", ":irc.test 462 alice :You may not reregister"),
                ok("NICK", "NICK alice2", ":alice!alice@127.0.0.1 NICK :alice2"),
                error("NICK", "NICK bob", ":irc.test 433 alice bob :Nickname is already in use"),
                new Row("USER", false, "new", List.of(), List.of("NICK newbie", "USER n 0 * :N"), "new",
                        ":irc.test 001 newbie :Welcome"),
                error("USER", "USER a 0 * :b", ":irc.test 462 alice :You may not reregister"),
                ok("CAP", "CAP LS", ":irc.test CAP alice LS :"),
                error("CAP", "CAP FOO", ":irc.test 410 alice FOO :Invalid CAP command"),
                ok("PING", "PING tok", ":irc.test PONG irc.test :tok"),
                error("PING", "PING", ":irc.test 409 alice :No origin specified"),
                okSeenBy("alice", "PONG", List.of(), "PONG tok", null),
                okSeenBy("alice", "QUIT", List.of(), "QUIT :bye", "CLOSED"),
                ok("JOIN", "JOIN #d", ":alice!alice@127.0.0.1 JOIN #d"),
                error("JOIN", "JOIN", ":irc.test 461 alice JOIN :"),
                ok("PART", "PART #c", ":alice!alice@127.0.0.1 PART #c"),
                error("PART", "PART #nope", ":irc.test 403 alice #nope :No such channel"),
                ok("TOPIC", "TOPIC #c :hi", ":alice!alice@127.0.0.1 TOPIC #c :hi"),
                error("TOPIC", "TOPIC #nope", ":irc.test 403 alice #nope :No such channel"),
                ok("NAMES", "NAMES #c", ":irc.test 353 alice = #c :@alice bob"),
                ok("LIST", "LIST", ":irc.test 322 alice #c 2 :"),
                ok("KICK", "KICK #c bob :out", ":alice!alice@127.0.0.1 KICK #c bob :out"),
                error("KICK", "KICK #c nobody", ":irc.test 401 alice nobody :No such nick/channel"),
                new Row("KICK", true, "bob", List.of(), List.of("KICK #c alice"), "bob", ":irc.test 482 bob #c :"),
                ok("MODE", "MODE #c +m", ":alice!alice@127.0.0.1 MODE #c +m"),
                error("MODE", "MODE #nope +m", ":irc.test 403 alice #nope :No such channel"),
                ok("INVITE", "INVITE dave #c", ":irc.test 341 alice dave :#c"),
                error("INVITE", "INVITE nobody #c", ":irc.test 401 alice nobody :No such nick/channel"),
                okSeenBy("bob", "PRIVMSG", List.of(), "PRIVMSG bob :hi", ":alice!alice@127.0.0.1 PRIVMSG bob :hi"),
                error("PRIVMSG", "PRIVMSG nobody :hi", ":irc.test 401 alice nobody :No such nick/channel"),
                okSeenBy("bob", "NOTICE", List.of(), "NOTICE bob :hi", ":alice!alice@127.0.0.1 NOTICE bob :hi"),
                okSeenBy("bob", "TAGMSG", List.of("bob: CAP REQ :message-tags"), "TAGMSG bob",
                        ":alice!alice@127.0.0.1 TAGMSG bob"),
                error("TAGMSG", "TAGMSG nobody", ":irc.test 401 alice nobody :No such nick/channel"),
                ok("AWAY", "AWAY :gone", ":irc.test 306 alice :You have been marked as being away"),
                okSeenBy("alice", "AWAY", List.of("AWAY :gone"), "AWAY", ":irc.test 305 alice :You are no longer marked as being away"),
                okSeenBy("alice", "SETNAME", List.of("CAP REQ :setname"), "SETNAME :New Name",
                        ":alice!alice@127.0.0.1 SETNAME :New Name"),
                ok("WHO", "WHO #c", ":irc.test 352 alice #c bob 127.0.0.1 irc.test bob H :0 Real bob"),
                ok("WHOIS", "WHOIS bob", ":irc.test 311 alice bob bob 127.0.0.1 * :Real bob"),
                error("WHOIS", "WHOIS nobody", ":irc.test 401 alice nobody :No such nick/channel"),
                ok("ISON", "ISON bob nobody", ":irc.test 303 alice :bob"),
                ok("USERHOST", "USERHOST bob", ":irc.test 302 alice :bob=+bob@127.0.0.1"),
                ok("MOTD", "MOTD", ":irc.test 422 alice :MOTD File is missing"),
                ok("LUSERS", "LUSERS", ":irc.test 251 alice :There are 3 users and 0 invisible on 1 servers"),
                ok("VERSION", "VERSION", ":irc.test 351 alice sockets-test. irc.test :"),
                error("VERSION", "VERSION other.server", ":irc.test 402 alice other.server :No such server"),
                ok("TIME", "TIME", ":irc.test 391 alice irc.test :"),
                error("TIME", "TIME other.server", ":irc.test 402 alice other.server :No such server"),
                ok("INFO", "INFO", ":irc.test 374 alice :End of /INFO list."),
                error("INFO", "INFO other.server", ":irc.test 402 alice other.server :No such server"),
                ok("ADMIN", "ADMIN", ":irc.test 256 alice irc.test :Administrative info"),
                error("ADMIN", "ADMIN other.server", ":irc.test 402 alice other.server :No such server"),
                ok("LINKS", "LINKS", ":irc.test 364 alice irc.test irc.test :0 "),
                ok("WHOWAS", "WHOWAS carol", ":irc.test 314 alice carol carol 127.0.0.1 * :Real carol"),
                error("WHOWAS", "WHOWAS nobody", ":irc.test 406 alice nobody :There was no such nickname"),
                ok("MONITOR", "MONITOR + bob", ":irc.test 730 alice :bob!bob@127.0.0.1"),
                error("MONITOR", "MONITOR X", ":irc.test 421 alice MONITOR :"),
                ok("OPER", "OPER operuser operpassword", ":irc.test 381 alice :You are now an IRC operator"),
                error("OPER", "OPER operuser wrong", ":irc.test 464 alice :Password incorrect"),
                okSeenBy("bob", "KILL", List.of("OPER operuser operpassword"), "KILL bob :bye", "CLOSED"),
                error("KILL", "KILL bob :bye", ":irc.test 481 alice :"),
                okSeenBy("bob", "WALLOPS", List.of("OPER operuser operpassword", "bob: MODE bob +w"), "WALLOPS :hello",
                        ":alice!alice@127.0.0.1 WALLOPS :hello"),
                error("WALLOPS", "WALLOPS :hello", ":irc.test 481 alice :"),
                ok("HELP", "HELP", ":irc.test 704 alice "),
                error("HELP", "HELP NOSUCH", ":irc.test 524 alice "),
                ok("HELPOP", "HELPOP PRIVMSG", ":irc.test 704 alice "),
                error("HELPOP", "HELPOP NOSUCH", ":irc.test 524 alice "),
                new Row("BATCH", false, "alice", List.of("CAP REQ :message-tags batch draft/multiline"),
                        List.of("BATCH +b draft/multiline bob", "@batch=b PRIVMSG bob :one", "@batch=b PRIVMSG bob :two",
                                "BATCH -b"), "bob", ":alice!alice@127.0.0.1 PRIVMSG bob :one"),
                error("BATCH", "BATCH x", ":irc.test FAIL BATCH INVALID_REFTAG"),
                ok("METADATA", "METADATA * SET display-name :Alice A", ":irc.test 761 alice alice display-name * :Alice A"),
                error("METADATA", "METADATA bob SET display-name :Not Bob", ":irc.test FAIL METADATA KEY_NO_PERMISSION bob"),
                error("REDACT", "REDACT #nowhere abc :spam", ":irc.test FAIL REDACT INVALID_TARGET #nowhere"),
                // Redacting needs a msgid of a message sent in the same network: RedactTest has the success.
                error("REDACT", "REDACT #c nonexistent123", ":irc.test FAIL REDACT UNKNOWN_MSGID #c nonexistent123"),
                new Row("AUTHENTICATE", false, "new", List.of("CAP REQ sasl"), List.of("AUTHENTICATE PLAIN"), "new",
                        "AUTHENTICATE +"),
                error("AUTHENTICATE", "AUTHENTICATE PLAIN",
                        ":irc.test 904 alice :SASL authentication failed: request the sasl capability first"),
                ok("REGISTER", "REGISTER * * alice-passphrase", ":irc.test REGISTER SUCCESS alice :Account created"),
                error("REGISTER", "REGISTER bob * bob-passphrase", ":irc.test FAIL REGISTER ACCOUNT_NAME_MUST_BE_NICK bob"),
                error("VERIFY", "VERIFY alice 1234", ":irc.test FAIL VERIFY INVALID_CODE alice"),
                ok("NS", "NS INFO nobody", ":NickServ!NickServ@services NOTICE alice :nobody is not a registered account"),
                error("NS", "NS CERT LIST", ":NickServ!NickServ@services NOTICE alice :Log in to your account first"),
                ok("CS", "CS INFO #c", ":ChanServ!ChanServ@services NOTICE alice :#c is not registered"),
                error("CS", "CS REGISTER #c", ":ChanServ!ChanServ@services NOTICE alice :Log in to an account first"),
                // This harness keeps no history (HistoryTest reads it back from a real store).
                error("CHATHISTORY", "CHATHISTORY LATEST #c * 10", ":irc.test FAIL CHATHISTORY MESSAGE_ERROR LATEST"));
    }

    /** Accounts and registered channels in a real SQLite file, one for the class (rows use distinct names). */
    @org.junit.jupiter.api.io.TempDir
    static java.nio.file.Path dataDir;

    private static dev.sockets.chat.server.store.Store store;

    private static dev.sockets.chat.server.account.AccountService accounts() {
        if (store == null) {
            store = dev.sockets.chat.server.store.Store.open(new dev.sockets.chat.server.store.StoreLocation.Embedded(dataDir));
        }
        return new dev.sockets.chat.server.account.AccountService(
                new dev.sockets.chat.server.account.SqlAccounts(store.dataSource()),
                new dev.sockets.chat.server.account.SqlChannelRegistrations(store.dataSource()), (delay, task) -> { });
    }

    @org.junit.jupiter.api.AfterAll
    static void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void repliesAsItShould(Row row) {
        Harness h = new Harness(ChatConfig.builder().serverName("irc.test").operators(OPERATORS).build(), accounts());
        Harness.User carol = h.registered("carol");
        carol.quit();
        Map<String, Harness.User> users = new java.util.HashMap<>();
        users.put("alice", h.registered("alice"));
        users.put("bob", h.registered("bob"));
        users.put("dave", h.registered("dave"));
        users.put("new", h.new User());
        users.get("alice").send("JOIN #c");
        users.get("bob").send("JOIN #c");
        Harness.User sender = users.get(row.sender());
        for (String line : row.setup()) {
            if (line.startsWith("bob: ")) {
                users.get("bob").send(line.substring(5));
            } else {
                sender.send(line);
            }
        }
        users.values().forEach(Harness.User::take);
        row.lines().forEach(sender::send);
        Harness.User observer = users.get(row.observer());
        List<String> got = observer.take();
        if (row.expected() == null) {
            assertThat(got).as("no reply").isEmpty();
        } else if (row.expected().equals("CLOSED")) {
            assertThat(observer.mailbox.closed()).as("connection ended").isTrue();
        } else {
            // Tags (a msgid) may come first.
            assertThat(got).anySatisfy(l -> assertThat(l.startsWith("@") ? l.substring(l.indexOf(' ') + 1) : l)
                    .startsWith(row.expected()));
        }
    }

    @Test
    void everyCommandOfTheTableIsHere() {
        Set<String> table = new TreeSet<>(new Harness().table.commands().keySet());
        Set<String> here = rows().map(Row::command).collect(Collectors.toCollection(TreeSet::new));
        assertThat(here).as("commands with a row here").isEqualTo(table);
    }

    /** Which commands have no error row, and why: kept short and explicit. */
    @Test
    void commandsWithoutAnErrorRowCannotFail() {
        List<String> withoutError = new ArrayList<>(new Harness().table.commands().keySet());
        withoutError.removeAll(rows().filter(Row::error).map(Row::command).toList());
        // PONG, QUIT, NOTICE (never answered, by RFC), NAMES and LIST (an unknown channel is an empty
        // list), ISON, USERHOST, LUSERS, LINKS and MOTD (no target checked) answer every well-formed call;
        // AWAY and SETNAME take any text; a missing parameter is the table's 461 (CommandTableTest).
        assertThat(withoutError).containsExactlyInAnyOrder("PONG", "QUIT", "NOTICE", "NAMES", "LIST", "ISON",
                "USERHOST", "LUSERS", "LINKS", "MOTD", "AWAY", "SETNAME", "WHO");
    }
}
