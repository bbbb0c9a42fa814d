package dev.sockets.chat.server.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Work on a connection as one transaction: committed whole, or rolled back and the failure thrown. */
final class Transactions {

    private Transactions() {
    }

    /** What a transaction does, and its result. */
    interface Work<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} in a transaction on {@code c} (in autocommit mode, as the pool hands connections out)
     * and sets autocommit back. A failure to roll back, or to set autocommit back on a connection that broke,
     * is added to the failure that caused it, which is the one thrown.
     */
    static <T> T run(Connection c, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        T result;
        try {
            result = work.run();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
                c.setAutoCommit(true);
            } catch (SQLException | RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        c.setAutoCommit(true);
        return result;
    }
}
