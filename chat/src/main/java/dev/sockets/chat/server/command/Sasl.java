package dev.sockets.chat.server.command;

import static dev.sockets.chat.protocol.Numeric.ERR_SASLABORTED;
import static dev.sockets.chat.protocol.Numeric.ERR_SASLALREADY;
import static dev.sockets.chat.protocol.Numeric.ERR_SASLFAIL;
import static dev.sockets.chat.protocol.Numeric.ERR_SASLTOOLONG;
import static dev.sockets.chat.protocol.Numeric.RPL_LOGGEDIN;
import static dev.sockets.chat.protocol.Numeric.RPL_SASLMECHS;
import static dev.sockets.chat.protocol.Numeric.RPL_SASLSUCCESS;

import dev.sockets.chat.protocol.Capability;
import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.chat.protocol.TaggedLine;
import dev.sockets.chat.server.account.AccountService;
import dev.sockets.chat.server.account.AccountStoreException;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.SaslExchange;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AUTHENTICATE: SASL (IRCv3 sasl 3.1 and 3.2) with PLAIN (RFC 4616: a password) and EXTERNAL (the TLS
 * client certificate, by its SHA-256 fingerprint). The client's response arrives base64-encoded in chunks
 * of 400 bytes, a shorter chunk (or {@code +}) ending it; {@code *} aborts. Allowed before and after
 * registration, once per connection successfully (907 after that). Too many failures (a connection's
 * third, or an address over its budget) are answered with 904 and a disconnect. Passwords are never
 * logged, kept or echoed.
 */
final class Sasl {

    /** Longest chunk of a response (sasl 3.1); a chunk this long means more follow. */
    static final int CHUNK = 400;

    private static final Logger log = LoggerFactory.getLogger(Sasl.class);

    /** 904 for each failure, which says all: the ERROR line of the disconnect follows it. */
    private static final PasswordAttempts.Replies REPLIES = new PasswordAttempts.Replies(
            c -> c.numeric(ERR_SASLFAIL,
                    "SASL authentication failed: too many failed logins from your address, try later"),
            c -> c.numeric(ERR_SASLFAIL, "SASL authentication failed"),
            c -> { });

    private Sasl() {
    }

    static void authenticate(CommandContext ctx, Client c, IrcLine l) {
        SaslExchange x = c.sasl();
        String arg = l.param(0);
        if (!x.inProgress()) {
            start(ctx, c, x, arg);
            return;
        }
        if (arg.equals("*")) {
            x.end();
            c.numeric(ERR_SASLABORTED, "SASL authentication aborted");
            return;
        }
        if (arg.length() > CHUNK) {
            x.end();
            c.numeric(ERR_SASLTOOLONG, "SASL message too long");
            return;
        }
        if (!arg.equals("+") && !x.append(arg)) {
            fail(ctx, c, x);
            return;
        }
        if (arg.length() == CHUNK) {
            return; // more to come (or a lone + if the response is a multiple of 400 bytes)
        }
        finish(ctx, c, x);
    }

    private static void start(CommandContext ctx, Client c, SaslExchange x, String mechanism) {
        if (!ctx.accounts().available() || !c.has(Capability.SASL)) {
            c.numeric(ERR_SASLFAIL, "SASL authentication failed: request the sasl capability first");
            return;
        }
        if (c.account() != null) {
            c.numeric(ERR_SASLALREADY, "You have already authenticated using SASL");
            return;
        }
        if (mechanism.equals("*")) {
            c.numeric(ERR_SASLABORTED, "SASL authentication aborted");
            return;
        }
        String mech = mechanism.toUpperCase(Locale.ROOT);
        if (!mech.equals("PLAIN") && !mech.equals("EXTERNAL")) {
            c.numeric(RPL_SASLMECHS, Capability.MECHANISMS, "are available SASL mechanisms");
            c.numeric(ERR_SASLFAIL, "SASL authentication failed");
            return;
        }
        if (mech.equals("EXTERNAL") && c.certificateFingerprint() == null) {
            c.numeric(ERR_SASLFAIL, "SASL authentication failed: EXTERNAL needs a TLS client certificate");
            return;
        }
        x.start(mech);
        c.send(IrcLine.format(null, "AUTHENTICATE", false, "+"));
    }

    private static void finish(CommandContext ctx, Client c, SaslExchange x) {
        String mech = x.mechanism();
        String response = x.response();
        x.end();
        byte[] payload;
        try {
            payload = Base64.getDecoder().decode(response);
        } catch (IllegalArgumentException e) {
            fail(ctx, c, x);
            return;
        }
        Optional<String> account;
        try {
            if (mech.equals("PLAIN")) {
                account = PasswordAttempts.attempt(ctx, c, REPLIES, () -> plain(ctx.accounts(), payload));
            } else {
                account = external(ctx.accounts(), c, payload);
                if (account.isEmpty()) {
                    PasswordAttempts.failed(ctx, c, REPLIES);
                }
            }
        } catch (AccountStoreException e) {
            log.warn("chat: accounts: cannot check a login: {}", e.getMessage());
            c.numeric(ERR_SASLFAIL, "SASL authentication failed: accounts are unavailable right now, try again later");
            return;
        } catch (InterruptedException e) {
            // The server is stopping while the hash waited or ran: the client hears how its exchange ended.
            Thread.currentThread().interrupt();
            c.numeric(ERR_SASLABORTED, "SASL authentication aborted");
            return;
        } finally {
            Arrays.fill(payload, (byte) 0);
        }
        if (account.isEmpty()) {
            return; // told, counted, and disconnected when out of guesses
        }
        logIn(ctx, c, account.get());
        c.numeric(RPL_SASLSUCCESS, "SASL authentication successful");
    }

    /** {@code [authzid] NUL authcid NUL passwd}: the authcid's password, and authzid empty or the same. */
    private static Optional<String> plain(AccountService accounts, byte[] payload) throws InterruptedException {
        int first = indexOf(payload, 0);
        int second = first < 0 ? -1 : indexOf(payload, first + 1);
        if (second < 0 || indexOf(payload, second + 1) >= 0) {
            return Optional.empty(); // not three fields (a NUL in the password is not one of ours)
        }
        String authzid = new String(payload, 0, first, StandardCharsets.UTF_8);
        String authcid = new String(payload, first + 1, second - first - 1, StandardCharsets.UTF_8);
        byte[] password = Arrays.copyOfRange(payload, second + 1, payload.length);
        try {
            if (authcid.isEmpty() || password.length == 0
                    || !authzid.isEmpty() && !AccountService.sameName(authzid, authcid)) {
                return Optional.empty();
            }
            return accounts.checkPassword(authcid, password);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    /** The account of the client's certificate; an authzid, if given, must name it. */
    private static Optional<String> external(AccountService accounts, Client c, byte[] payload) {
        Optional<String> account = accounts.accountOfCertificate(c.certificateFingerprint());
        String authzid = new String(payload, StandardCharsets.UTF_8);
        if (account.isPresent() && !authzid.isEmpty() && !AccountService.sameName(authzid, account.get())) {
            return Optional.empty();
        }
        return account;
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** A response that cannot be one (too long, not base64): a failed login as a wrong password is. */
    private static void fail(CommandContext ctx, Client c, SaslExchange x) {
        x.end();
        PasswordAttempts.failed(ctx, c, REPLIES);
    }

    /**
     * Logs {@code c} in to {@code account} (SASL, REGISTER): the state first, then 900 to the client and ACCOUNT
     * to its account-notify peers.
     */
    static void logIn(CommandContext ctx, Client c, String account) {
        ctx.registry().change(tx -> {
            if (tx.setAccount(c, account) && c.isRegistered()) {
                tx.toPeers(c, TaggedLine.only(Capability.ACCOUNT_NOTIFY,
                        IrcLine.format(c.prefix(), "ACCOUNT", false, account)));
            }
        });
        String mask = c.prefix() != null ? c.prefix() : "*!*@" + c.host(); // no prefix before NICK or USER
        c.numeric(RPL_LOGGEDIN, mask, account, "You are now logged in as " + account);
    }

    /** Abandons an exchange in progress when the client completes registration without finishing it. */
    static void abandon(Client c) {
        if (c.sasl().inProgress()) {
            c.sasl().end();
            c.numeric(ERR_SASLABORTED, "SASL authentication aborted");
        }
    }
}
