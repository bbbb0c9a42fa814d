package dev.sockets.chat.server.command;

import dev.sockets.chat.protocol.CaseMapping;
import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.chat.server.account.AccountService;
import dev.sockets.chat.server.account.AccountStoreException;
import dev.sockets.chat.server.config.AccountPolicy;
import dev.sockets.chat.server.state.Client;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REGISTER and VERIFY (IRCv3 draft/account-registration): a client registers its nick as an account and is
 * logged in to it at once. The account's name is the nick (a registered nick is what nick protection
 * guards), the password is stored only as an Argon2id hash. E-mail addresses are neither stored nor
 * verified, so nothing ever waits for VERIFY; it is answered so. Every refusal is a {@code FAIL REGISTER}
 * with the spec's code.
 */
final class AccountCommands {

    /** Shortest password REGISTER accepts (bytes): a guessable password protects no nick. */
    static final int MIN_PASSWORD = 6;

    private static final Logger log = LoggerFactory.getLogger(AccountCommands.class);

    private AccountCommands() {
    }

    static void register(CommandContext ctx, Client c, IrcLine l) {
        AccountService accounts = ctx.accounts();
        AccountPolicy policy = ctx.config().accounts();
        String requested = l.param(0);
        if (!accounts.available() || policy.registration() == AccountPolicy.Registration.OFF) {
            fail(c, "TEMPORARILY_UNAVAILABLE", requested, "Account registration is disabled on this server");
            return;
        }
        if (l.paramCount() < 3) {
            c.numeric(dev.sockets.chat.protocol.Numeric.ERR_NEEDMOREPARAMS, "REGISTER", "Not enough parameters");
            return;
        }
        if (!c.isRegistered() && policy.registration() != AccountPolicy.Registration.BEFORE_CONNECT) {
            fail(c, "COMPLETE_CONNECTION_REQUIRED", requested, "Complete the connection before registering");
            return;
        }
        String nick = c.nick() != null ? c.nick() : c.requestedNick();
        if (nick == null) {
            fail(c, "NEED_NICK", requested, "Send NICK before registering");
            return;
        }
        if (c.account() != null) {
            fail(c, "ALREADY_AUTHENTICATED", c.account(), "You are already logged in to an account");
            return;
        }
        String name = requested.equals("*") ? nick : requested;
        if (!CaseMapping.equals(name, nick)) {
            fail(c, "ACCOUNT_NAME_MUST_BE_NICK", requested, "The account's name must be your current nick");
            return;
        }
        if (c.nick() == null) {
            // The nick it asked for is someone else's now: no registering it from under them.
            fail(c, "ACCOUNT_EXISTS", name, "That nick is in use by someone else");
            return;
        }
        // The server keeps IRC bytes one char per byte: these are the bytes the client sent (UTF-8, usually).
        byte[] password = l.param(2).getBytes(StandardCharsets.ISO_8859_1);
        if (password.length < MIN_PASSWORD || password.length > AccountService.MAX_PASSWORD_BYTES) {
            fail(c, "UNACCEPTABLE_PASSWORD", name, "The password must be " + MIN_PASSWORD + " to "
                    + AccountService.MAX_PASSWORD_BYTES + " bytes long");
            return;
        }
        if (!accounts.registrationAllowed(c.host())) {
            fail(c, "TEMPORARILY_UNAVAILABLE", name, "Too many accounts registered from your address, try again later");
            return;
        }
        boolean created;
        try {
            created = accounts.register(c.nick(), password);
        } catch (AccountStoreException e) {
            log.warn("chat: accounts: cannot register an account: {}", e.getMessage());
            fail(c, "TEMPORARILY_UNAVAILABLE", name, "Accounts are unavailable right now, try again later");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(c, "TEMPORARILY_UNAVAILABLE", name, "The server is stopping; nothing was registered");
            return;
        }
        if (!created) {
            fail(c, "ACCOUNT_EXISTS", name, "An account of that name exists already");
            return;
        }
        String account = c.nick();
        c.fromServer("REGISTER", "SUCCESS", account, "Account created");
        Sasl.logIn(ctx, c, account);
    }

    static void verify(CommandContext ctx, Client c, IrcLine l) {
        fail(c, "VERIFY", "INVALID_CODE", l.param(0),
                "Nothing to verify: this server does not verify e-mail addresses, accounts work at once");
    }

    private static void fail(Client c, String code, String account, String text) {
        fail(c, "REGISTER", code, account, text);
    }

    private static void fail(Client c, String command, String code, String account, String text) {
        c.fromServer("FAIL", command, code, account == null || account.isEmpty() ? "*" : account, text);
    }
}
