package dev.sockets.chat.server.store;

/**
 * The store cannot be used, said in one line a user can act on (the file is not a database, the schema is
 * newer than this server, the login was refused ...). At start the launcher prints it and exits non-zero;
 * at run time it is logged once and counted.
 */
public final class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
