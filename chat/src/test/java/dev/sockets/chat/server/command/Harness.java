package dev.sockets.chat.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.network.Network;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.Registry;
import java.time.Instant;
import java.util.List;

/**
 * Handlers against a registry and mailboxes, as in {@link HandlersTest}: no socket, no bound server, no
 * thread. Each {@link Harness.User} is a registered client and what it has been sent.
 */
final class Harness {

    final Registry registry = new Registry();
    final CommandTable table;

    /** Handlers of a server named {@code irc.test}, otherwise with the defaults. */
    Harness() {
        this(ChatConfig.builder().serverName("irc.test").build());
    }

    /** Handlers run with {@code config} (its server name should be irc.test, as the tests expect). */
    Harness(ChatConfig config) {
        this(config, dev.sockets.chat.server.account.AccountService.NONE);
    }

    /** Handlers run with {@code config} and the accounts of {@code accounts}. */
    Harness(ChatConfig config, dev.sockets.chat.server.account.AccountService accounts) {
        table = CommandTable.standard(new CommandContext(config, registry, Network.SINGLE, Instant.now(), "sockets-test",
                accounts));
    }

    /** A connected client and what it receives. */
    final class User {
        final Client client = new Client("127.0.0.1", "irc.test", "irc.test", System.nanoTime());
        final Mailbox mailbox = new Mailbox(registry);

        User() {
            client.attach(mailbox);
            registry.connected(client);
        }

        User send(String line) {
            table.dispatch(client, Mailbox.line(line));
            return this;
        }

        /** Sends {@code line} and returns what this user got since the last take. */
        List<String> ask(String line) {
            send(line);
            return take();
        }

        List<String> take() {
            return mailbox.take();
        }

        /** What the session does when the connection ends: the client leaves the registry, its QUIT seen. */
        void quit() {
            send("QUIT :bye");
            registry.remove(client, IrcLine.formatTrailing(client.prefix(), "QUIT", "Quit: bye"));
        }
    }

    /** A registered user {@code nick} (user name the same), its welcome already read. */
    User registered(String nick) {
        return registered(nick, nick, "Real " + nick);
    }

    /** A registered user {@code nick} with user name {@code ident} and {@code realName}, its welcome already read. */
    User registered(String nick, String ident, String realName) {
        User u = new User().send("NICK " + nick).send("USER " + ident + " 0 * :" + realName);
        assertThat(u.client.isRegistered()).isTrue();
        u.take();
        return u;
    }

    /** Registered users who all joined {@code channel}, the first as its operator; their mailboxes empty. */
    List<User> inChannel(String channel, String... nicks) {
        List<User> users = new java.util.ArrayList<>();
        for (String nick : nicks) {
            User u = registered(nick);
            u.send("JOIN " + channel);
            users.add(u);
        }
        users.forEach(User::take);
        return users;
    }
}
