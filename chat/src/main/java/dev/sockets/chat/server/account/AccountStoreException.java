package dev.sockets.chat.server.account;

/**
 * The account store could not answer (the database is unreachable, the disk full): the caller tells the
 * user the service is unavailable for now; nothing was changed.
 */
public final class AccountStoreException extends RuntimeException {

    public AccountStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
