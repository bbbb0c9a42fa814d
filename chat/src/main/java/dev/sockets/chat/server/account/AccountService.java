package dev.sockets.chat.server.account;

import dev.sockets.chat.protocol.CaseMapping;
import dev.sockets.common.limit.AddressRateLimiter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * What the commands need of accounts: logging in with a password or a certificate, registering, and the
 * limits on guessing. Wraps the {@link Accounts} store.
 *
 * <p>Password checks are slow on purpose (Argon2id, about 40 ms of CPU and 19 MiB each), so at most
 * {@link #HASHING_AT_ONCE} run at once: a flood of AUTHENTICATE lines queues here instead of exhausting
 * memory. A login to an account that does not exist costs the same as a wrong password, so the time of the
 * answer does not tell which accounts exist. Failures are counted per address ({@link #failureAllowed}):
 * 30 at once, then one every 10 seconds, loopback included.
 *
 * <p>Thread-safe.
 */
public final class AccountService {

    /** No account store: SASL and REGISTER are not offered. */
    public static final AccountService NONE = new AccountService(null, null, null);

    /** Password hashes computed at once, whatever the number of clients logging in. */
    public static final int HASHING_AT_ONCE = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    /** Failed logins one address may make at once, then {@link #FAILURES_PER_SECOND_PER_ADDRESS}. */
    public static final int FAILURE_BURST_PER_ADDRESS = 30;
    public static final double FAILURES_PER_SECOND_PER_ADDRESS = 0.1;
    /** Accounts one address may register at once, then one a minute. */
    public static final int REGISTRATION_BURST_PER_ADDRESS = 10;
    /** Failed logins one connection may make before it is disconnected. */
    public static final int FAILURES_PER_CONNECTION = 3;
    /** Longest password accepted (bytes): SASL PLAIN of two 400-byte chunks and more fits well within. */
    public static final int MAX_PASSWORD_BYTES = 1024;

    private final Accounts store;
    private final Deadlines timer;
    private final SqlChannelRegistrations channels;
    private final Semaphore hashing = new Semaphore(HASHING_AT_ONCE, true);
    private final AddressRateLimiter failures =
            new AddressRateLimiter(FAILURES_PER_SECOND_PER_ADDRESS, FAILURE_BURST_PER_ADDRESS, false, 100_000);
    private final AddressRateLimiter registrations =
            new AddressRateLimiter(1.0 / 60, REGISTRATION_BURST_PER_ADDRESS, true, 100_000);
    /** Checked against when the account does not exist, so that costs what a wrong password costs. */
    private volatile String decoy;

    /**
     * @param store the accounts, or null for none
     * @param channels the registered channels, or null for none
     * @param timer runs what waits (nick protection's grace period); owned by the caller
     */
    /** Runs a task once after a delay (the server's watchdog); throws RejectedExecutionException once stopped. */
    @FunctionalInterface
    public interface Deadlines {
        void after(java.time.Duration delay, Runnable task);
    }

    public AccountService(Accounts store, SqlChannelRegistrations channels, Deadlines timer) {
        this.store = store;
        this.channels = channels;
        this.timer = timer;
    }

    /** The registered channels, or null without a store. */
    public SqlChannelRegistrations channels() {
        return channels;
    }

    /** Runs what waits (the nick protection grace period). */
    public Deadlines timer() {
        if (timer == null) {
            throw new IllegalStateException("no timer");
        }
        return timer;
    }

    /** Whether there is a store (SASL and REGISTER are offered). */
    public boolean available() {
        return store != null;
    }

    /** The store; only when {@link #available()}. */
    public Accounts store() {
        if (store == null) {
            throw new IllegalStateException("no account store");
        }
        return store;
    }

    /**
     * The name (as registered) of the account {@code name} whose password is {@code password}, or empty for a
     * wrong name or password.
     *
     * @throws AccountStoreException when the store cannot answer
     */
    public Optional<String> checkPassword(String name, byte[] password) throws InterruptedException {
        if (store == null || password.length == 0 || password.length > MAX_PASSWORD_BYTES) {
            return Optional.empty();
        }
        Optional<Account> account = store.find(name);
        String hash = account.map(Account::passwordHash).orElseGet(this::decoy);
        boolean ok = hashed(() -> PasswordHash.verify(password, hash));
        return ok && account.isPresent() ? Optional.of(account.get().name()) : Optional.empty();
    }

    /** The account the certificate with this fingerprint logs in to, or empty. */
    public Optional<String> accountOfCertificate(String fingerprint) {
        if (store == null || fingerprint == null) {
            return Optional.empty();
        }
        return store.findByCertificate(fingerprint).map(Account::name);
    }

    /** The account a nick is registered as (nick protection), or empty. */
    public Optional<String> registeredAs(String nick) {
        if (store == null || nick == null) {
            return Optional.empty();
        }
        return store.find(nick).map(Account::name);
    }

    /**
     * Registers {@code name} with {@code password}; false when it exists already.
     *
     * @throws AccountStoreException when the store cannot answer
     */
    public boolean register(String name, byte[] password) throws InterruptedException {
        String hash = hashed(() -> PasswordHash.hash(password));
        return store().create(name, hash);
    }

    /**
     * Replaces the password of {@code name}; false when there is no such account.
     *
     * @throws AccountStoreException when the store cannot answer
     */
    public boolean changePassword(String name, byte[] password) throws InterruptedException {
        String hash = hashed(() -> PasswordHash.hash(password));
        return store().setPassword(name, hash);
    }

    /**
     * Whether {@code host} may fail another login now (takes one of its tokens); false: the client is told
     * so and disconnected.
     */
    public boolean failureAllowed(String host) {
        InetAddress ip = literal(host);
        return ip == null || failures.tryAcquire(ip, System.nanoTime());
    }

    /**
     * Whether {@code host} may try a password now, without taking a token: false once its failures used up
     * the budget, so a guessing flood from one address costs no more hashes (not even of a right password)
     * until tokens accrue again.
     */
    public boolean loginAllowed(String host) {
        InetAddress ip = literal(host);
        return ip == null || failures.wouldAllow(ip, System.nanoTime());
    }

    /**
     * Whether {@code host} may register another account now (takes one of its tokens): each registration
     * costs a password hash, so an address gets {@link #REGISTRATION_BURST_PER_ADDRESS} at once, then one a
     * minute. Loopback is exempt (the operator's own machine, a reverse proxy's local hop is not the client).
     */
    public boolean registrationAllowed(String host) {
        InetAddress ip = literal(host);
        return ip == null || registrations.tryAcquire(ip, System.nanoTime());
    }

    private static InetAddress literal(String host) {
        try {
            return InetAddress.getByName(host); // a literal address: no DNS lookup happens
        } catch (UnknownHostException e) {
            return null; // not an address (a test's fake host): only the per-connection limit applies
        }
    }

    /** Whether two account names are the same account. */
    public static boolean sameName(String a, String b) {
        return a != null && b != null && CaseMapping.equals(a, b);
    }

    private String decoy() {
        String d = decoy;
        if (d == null) {
            d = PasswordHash.hash("decoy".getBytes(StandardCharsets.UTF_8));
            decoy = d;
        }
        return d;
    }

    private interface Hashing<T> {
        T run();
    }

    private <T> T hashed(Hashing<T> work) throws InterruptedException {
        if (!hashing.tryAcquire(30, TimeUnit.SECONDS)) {
            throw new AccountStoreException("too many logins at once", null);
        }
        try {
            return work.run();
        } finally {
            hashing.release();
        }
    }

    /** The accounts, for the operator's listing. */
    public List<Account> list() {
        return store().list();
    }
}
