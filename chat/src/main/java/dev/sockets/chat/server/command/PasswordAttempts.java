package dev.sockets.chat.server.command;

import dev.sockets.chat.server.account.AccountService;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.Departure;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A guess at a password, however it comes (SASL PLAIN, NickServ IDENTIFY or PASSWD), under the same limits:
 * an address over its failure budget is refused before the password is hashed; a wrong guess counts against
 * the connection (its {@link AccountService#FAILURES_PER_CONNECTION}th ends it) and against the address's
 * budget, and then ends the connection too. Each way of logging in words its own replies ({@link Replies}).
 */
final class PasswordAttempts {

    /** A check of one guess: the account it logs in to, or empty when it is wrong. */
    @FunctionalInterface
    interface Guess {
        Optional<String> check() throws InterruptedException;
    }

    /**
     * What a client is told, in the words of the way it logs in.
     *
     * @param refused the address is over its budget: nothing was checked, and the connection ends next
     * @param wrong the guess was wrong (or could not be one)
     * @param outOfGuesses after {@code wrong}: that was the connection's or the address's last; the connection
     *     ends next
     */
    record Replies(Consumer<Client> refused, Consumer<Client> wrong, Consumer<Client> outOfGuesses) {
    }

    private PasswordAttempts() {
    }

    /**
     * Checks {@code guess} unless the address is over its budget; empty when it did not log in, the client
     * having been told why (and disconnected when out of guesses).
     *
     * @throws dev.sockets.chat.server.account.AccountStoreException when the store cannot answer (not a
     *     failure: nothing is counted)
     */
    static Optional<String> attempt(CommandContext ctx, Client c, Replies replies, Guess guess)
            throws InterruptedException {
        if (!ctx.accounts().loginAllowed(c.host())) {
            replies.refused().accept(c);
            disconnect(c);
            return Optional.empty();
        }
        Optional<String> account = guess.check();
        if (account.isEmpty()) {
            failed(ctx, c, replies);
        }
        return account;
    }

    /** A failed login (a wrong password, a certificate of no account, a malformed response): told and counted. */
    static void failed(CommandContext ctx, Client c, Replies replies) {
        replies.wrong().accept(c);
        boolean addressOver = !ctx.accounts().failureAllowed(c.host());
        if (c.sasl().failed() >= AccountService.FAILURES_PER_CONNECTION || addressOver) {
            replies.outOfGuesses().accept(c);
            disconnect(c);
        }
    }

    private static void disconnect(Client c) {
        c.disconnect(Departure.AUTHENTICATION, "Too many failed logins",
                c.closingLink("Too many failed authentication attempts"), false);
    }
}
