package dev.sockets.chat.server.account;

import java.util.List;
import java.util.Optional;

/**
 * Where accounts are kept: the server's database (embedded, or PostgreSQL shared by a cluster). Names are
 * compared as IRC compares nicks (rfc1459 case mapping): {@code Alice} and {@code alice} are one account.
 * Every call reads or writes the store itself, so an account added by {@code sockets chat account add}
 * next to a running server, or by another node of a cluster, is seen at once.
 *
 * <p>Thread-safe. Each method throws {@link AccountStoreException} when the store cannot answer.
 */
public interface Accounts {

    /** The account called {@code name}, if registered. */
    Optional<Account> find(String name);

    /** The account a TLS client certificate with this SHA-256 fingerprint (lower-case hex) logs in to. */
    Optional<Account> findByCertificate(String fingerprint);

    /** Registers {@code name} with the given password hash; false (nothing changed) when it exists. */
    boolean create(String name, String passwordHash);

    /** Replaces the password hash of {@code name}; false when there is no such account. */
    boolean setPassword(String name, String passwordHash);

    /** Deletes {@code name} (and its certificates); false when there was no such account. */
    boolean delete(String name);

    /** Every account, by name. */
    List<Account> list();

    /**
     * Lets the certificate with this fingerprint log in to {@code name}; false when there is no such
     * account or the certificate already belongs to an account.
     */
    boolean addCertificate(String name, String fingerprint);

    /** Forgets the certificate with this fingerprint of {@code name}; false when it had none such. */
    boolean removeCertificate(String name, String fingerprint);
}
