package dev.sockets.chat.server.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How a chat server treats accounts: whether users may create them with REGISTER (and before completing
 * their connection), and how long an unauthenticated user may hold a registered nick before it is renamed
 * ({@code --nick-protection}; zero: never). Immutable.
 *
 * @param registration who may REGISTER an account from a client
 * @param nickProtection the grace period before a user not logged in to the account of its nick is renamed;
 *        {@link Duration#ZERO} turns nick protection off
 */
public record AccountPolicy(Registration registration, Duration nickProtection) {

    /** REGISTER from clients. */
    public enum Registration {
        /** Only the operator creates accounts ({@code sockets chat account add}). */
        OFF,
        /** A registered (connected) client may REGISTER its nick. */
        AFTER_CONNECT,
        /** Also during registration, once the client sent NICK. */
        BEFORE_CONNECT;

        /** The option's spelling: {@code off}, {@code after-connect}, {@code before-connect}. */
        public String optionValue() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Users may register before connecting; nicks are not protected. */
    public static final AccountPolicy DEFAULT = new AccountPolicy(Registration.BEFORE_CONNECT, Duration.ZERO);

    public AccountPolicy {
        Objects.requireNonNull(registration);
        Objects.requireNonNull(nickProtection);
        if (nickProtection.isNegative()) {
            throw new IllegalArgumentException("the nick protection grace period must not be negative");
        }
    }

    /** Whether a registered nick is taken from those not logged in to it. */
    public boolean protectsNicks() {
        return !nickProtection.isZero();
    }
}
