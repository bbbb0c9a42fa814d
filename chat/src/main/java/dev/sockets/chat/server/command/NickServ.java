package dev.sockets.chat.server.command;

import dev.sockets.chat.server.account.Account;
import dev.sockets.chat.server.account.AccountService;
import dev.sockets.chat.server.state.Client;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Accounts for clients without SASL, through the {@code NickServ} pseudo-user users know from IRC networks
 * ({@code /msg NickServ IDENTIFY password}, or the {@code NS} command): log in, change one's password, attach
 * the TLS client certificate one is connected with (so SASL EXTERNAL logs in without a password), and ask
 * when an account was registered. Creating an account is {@code REGISTER} (draft/account-registration) or
 * the operator's {@code sockets chat account add}.
 *
 * <p>A wrong password here counts as a failed SASL login does (the connection's third, or an address over
 * its budget, disconnects), so NickServ is no way around the guessing limits. What a user sends to NickServ is
 * never stored, echoed, logged or relayed: it may hold a password.
 */
final class NickServ extends Service {

    private static final int MIN_PASSWORD = 6;

    NickServ() {
        super("NickServ", "NS");
    }

    @Override
    List<String> help() {
        return List.of("NS IDENTIFY [account] <password> | PASSWD <current> <new> | CERT LIST|ADD|DEL [fp] | INFO [account]",
                "Talks to NickServ (as PRIVMSG NickServ does): logs in without SASL, changes your password,",
                "attaches the TLS client certificate you are connected with (for SASL EXTERNAL), or tells when an"
                        + " account was registered.");
    }

    @Override
    String unavailable(CommandContext ctx) {
        return ctx.accounts().available() ? null : "This server keeps no accounts";
    }

    @Override
    String storeDown() {
        return "Accounts are unavailable right now, try again later";
    }

    @Override
    void run(CommandContext ctx, Client c, String command, String[] words) throws InterruptedException {
        AccountService accounts = ctx.accounts();
        switch (command) {
            case "IDENTIFY", "LOGIN" -> identify(ctx, c, words);
            case "PASSWD", "PASSWORD" -> passwd(ctx, c, words);
            case "CERT" -> cert(c, accounts, words);
            case "INFO" -> info(c, accounts, words.length > 1 ? words[1] : c.account());
            default -> tell(c, "Commands: IDENTIFY [account] <password>, PASSWD <current> <new>, "
                    + "CERT LIST | ADD [fingerprint] | DEL <fingerprint>, INFO [account]");
        }
    }

    private void identify(CommandContext ctx, Client c, String[] words) throws InterruptedException {
        if (words.length < 2 || words.length > 3) {
            tell(c, "Syntax: IDENTIFY [account] <password>");
            return;
        }
        if (c.account() != null) {
            tell(c, "You are already logged in as " + c.account());
            return;
        }
        String name = words.length == 3 ? words[1] : c.nick();
        byte[] password = words[words.length - 1].getBytes(StandardCharsets.ISO_8859_1);
        Optional<String> account;
        try {
            account = PasswordAttempts.attempt(ctx, c, failing("Invalid account or password"),
                    () -> ctx.accounts().checkPassword(name, password));
        } finally {
            Arrays.fill(password, (byte) 0);
        }
        if (account.isEmpty()) {
            return;
        }
        Sasl.logIn(ctx, c, account.get());
        tell(c, "You are now logged in as " + account.get());
    }

    private void passwd(CommandContext ctx, Client c, String[] words) throws InterruptedException {
        if (c.account() == null) {
            tell(c, "Log in to your account first (IDENTIFY, or SASL)");
            return;
        }
        if (words.length != 3) {
            tell(c, "Syntax: PASSWD <current password> <new password>");
            return;
        }
        byte[] current = words[1].getBytes(StandardCharsets.ISO_8859_1);
        byte[] fresh = words[2].getBytes(StandardCharsets.ISO_8859_1);
        try {
            if (fresh.length < MIN_PASSWORD || fresh.length > AccountService.MAX_PASSWORD_BYTES) {
                tell(c, "The new password must be " + MIN_PASSWORD + " to " + AccountService.MAX_PASSWORD_BYTES
                        + " bytes long");
                return;
            }
            AccountService accounts = ctx.accounts();
            if (PasswordAttempts.attempt(ctx, c, failing("That is not the current password; nothing was changed"),
                    () -> accounts.checkPassword(c.account(), current)).isEmpty()) {
                return;
            }
            if (!accounts.changePassword(c.account(), fresh)) {
                tell(c, "Your account " + c.account() + " no longer exists");
                return;
            }
            tell(c, "The password of " + c.account() + " is changed");
        } finally {
            Arrays.fill(current, (byte) 0);
            Arrays.fill(fresh, (byte) 0);
        }
    }

    private void cert(Client c, AccountService accounts, String[] words) {
        if (c.account() == null) {
            tell(c, "Log in to your account first (IDENTIFY, or SASL)");
            return;
        }
        String verb = words.length > 1 ? words[1].toUpperCase(Locale.ROOT) : "LIST";
        String given = words.length > 2 ? fingerprint(words[2]) : null;
        if (words.length > 2 && given == null) {
            tell(c, "A fingerprint is the SHA-256 of the certificate: 64 hexadecimal digits (colons allowed)");
            return;
        }
        switch (verb) {
            case "LIST" -> {
                Optional<Account> account = accounts.store().find(c.account());
                if (account.isEmpty() || account.get().certificates().isEmpty()) {
                    tell(c, "No certificate logs in to " + c.account() + "; CERT ADD attaches the one you are "
                            + "connected with (over TLS)");
                    return;
                }
                for (String fp : account.get().certificates()) {
                    tell(c, c.account() + ": " + fp);
                }
            }
            case "ADD" -> {
                String fp = given != null ? given : c.certificateFingerprint();
                if (fp == null) {
                    tell(c, "You are not connected with a TLS client certificate: connect with one, or give its "
                            + "fingerprint (CERT ADD <fingerprint>)");
                    return;
                }
                if (!accounts.store().addCertificate(c.account(), fp)) {
                    tell(c, "That certificate logs in to an account already");
                    return;
                }
                tell(c, "The certificate " + fp + " now logs in to " + c.account() + " (SASL EXTERNAL)");
            }
            case "DEL" -> {
                if (given == null) {
                    tell(c, "Syntax: CERT DEL <fingerprint>");
                    return;
                }
                tell(c, accounts.store().removeCertificate(c.account(), given)
                        ? "The certificate " + given + " no longer logs in to " + c.account()
                        : c.account() + " has no such certificate");
            }
            default -> tell(c, "Syntax: CERT LIST | ADD [fingerprint] | DEL <fingerprint>");
        }
    }

    private void info(Client c, AccountService accounts, String name) {
        if (name == null) {
            tell(c, "Syntax: INFO <account>");
            return;
        }
        Optional<Account> account = accounts.store().find(name);
        if (account.isEmpty()) {
            tell(c, name + " is not a registered account");
            return;
        }
        tell(c, account.get().name() + " is registered since " + Instant.ofEpochMilli(account.get().createdMillis()));
    }

    /** Lower-case hex without colons, as the store keeps fingerprints; null when it is not a SHA-256. */
    static String fingerprint(String text) {
        String hex = text.replace(":", "").toLowerCase(Locale.ROOT);
        return hex.length() == 64 && hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0) ? hex : null;
    }

    /** A wrong password is answered with {@code wrong}; the disconnect for too many, with the same NOTICE. */
    private PasswordAttempts.Replies failing(String wrong) {
        Consumer<Client> tooMany = c -> tell(c, "Too many failed logins; try again later");
        return new PasswordAttempts.Replies(tooMany, c -> tell(c, wrong), tooMany);
    }
}
