package dev.sockets.chat.server.command;

import dev.sockets.chat.protocol.CaseMapping;
import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.chat.server.account.AccountService;
import dev.sockets.chat.server.account.AccountStoreException;
import dev.sockets.chat.server.config.AccountPolicy;
import dev.sockets.chat.server.state.Client;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --nick-protection}: a registered nick belongs to its account. A user who takes one (at
 * registration or with NICK) without being logged in to that account is told so by a NOTICE at once, and
 * renamed to {@code GuestNNNNN} (with a second NOTICE) when the grace period ends, unless it logged in
 * (SASL after registration counts) or changed nick meanwhile.
 */
final class NickProtection {

    private static final Logger log = LoggerFactory.getLogger(NickProtection.class);

    private NickProtection() {
    }

    /** {@code c} now holds its nick: warns it and starts the grace period when the nick is someone's account. */
    static void check(CommandContext ctx, Client c) {
        AccountPolicy policy = ctx.config().accounts();
        AccountService accounts = ctx.accounts();
        if (!policy.protectsNicks() || !accounts.available() || !c.isRegistered()) {
            return;
        }
        String nick = c.nick();
        Optional<String> owner = owner(accounts, nick);
        if (owner.isEmpty() || AccountService.sameName(owner.get(), c.account())) {
            return;
        }
        Duration grace = policy.nickProtection();
        c.fromServer("NOTICE", nick, "*** The nick " + nick + " is registered. Log in to it (SASL, or /msg NickServ IDENTIFY password) within "
                + grace.toSeconds() + " seconds, or you will be renamed.");
        try {
            accounts.timer().after(grace, () -> expire(ctx, c, nick));
        } catch (RejectedExecutionException e) {
            // the server is stopping: nobody will be renamed any more
        }
    }

    private static void expire(CommandContext ctx, Client c, String nick) {
        if (c.isLeaving() || !CaseMapping.equals(nick, c.nick())) {
            return;
        }
        Optional<String> owner = owner(ctx.accounts(), nick);
        if (owner.isEmpty() || AccountService.sameName(owner.get(), c.account())) {
            return;
        }
        for (int i = 0; i < 5; i++) {
            String guest = "Guest" + ThreadLocalRandom.current().nextInt(10_000, 100_000);
            if (ctx.registry().changeNick(c, guest, IrcLine.formatTrailing(c.prefix(), "NICK", guest))) {
                c.fromServer("NOTICE", guest, "*** You were renamed from " + nick
                        + ": that nick is registered and you did not log in to it.");
                return;
            }
        }
        log.warn("chat: accounts: found no free Guest nick for {}", c.prefix());
    }

    private static Optional<String> owner(AccountService accounts, String nick) {
        try {
            return accounts.registeredAs(nick);
        } catch (AccountStoreException e) {
            log.warn("chat: accounts: cannot check whether {} is registered: {}", nick, e.getMessage());
            return Optional.empty(); // the store is down: nobody is renamed for it
        }
    }
}
