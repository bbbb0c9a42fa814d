package dev.sockets.chat.server.store;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * The history of messages as the command layer sees it: {@link #record} after delivering a message, the
 * reads of CHATHISTORY and of a JOIN's replay. {@link #OFF} keeps nothing (no store, {@code --store
 * none}): the server then offers no {@code draft/chathistory}.
 */
public interface History {

    /** True when messages are kept and can be read back. */
    boolean enabled();

    /** How many of a channel's last messages a user who joins it is sent (0: none). */
    int joinReplay();

    /** Keeps a delivered message; never blocks (see {@link HistoryWriter#offer}). */
    void record(StoredMessage m);

    /**
     * What {@code query} selects from {@code reader}'s conversation, oldest first, including every message
     * recorded before this call.
     *
     * @throws Unavailable when the store cannot answer now
     */
    List<StoredMessage> select(HistoryQuery.Reader reader, HistoryQuery query);

    /**
     * Deletes the message {@code msgid} (a REDACT) of {@code channel} (folded; null: of a private
     * conversation), said at {@code millis} (-1: not known), once the messages recorded before this call are stored,
     * so one still queued is deleted too; never blocks ({@link HistoryWriter#forget}). A read after this
     * call no longer finds it. False when the writer's buffer was full.
     */
    boolean forget(String channel, long millis, String msgid);

    /** {@link HistoryQueries#targets}, after the messages recorded before this call are stored. */
    List<HistoryQueries.Target> targets(String party, Collection<String> channels, long from, long to, int limit);

    /** The store cannot answer a read now (down, or too slow to take what was recorded). */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }

    History OFF = new History() {
        @Override
        public boolean enabled() {
            return false;
        }

        @Override
        public int joinReplay() {
            return 0;
        }

        @Override
        public void record(StoredMessage m) {
        }

        @Override
        public List<StoredMessage> select(HistoryQuery.Reader reader, HistoryQuery query) {
            return List.of();
        }

        @Override
        public boolean forget(String channel, long millis, String msgid) {
            return true;
        }

        @Override
        public List<HistoryQueries.Target> targets(String party, Collection<String> channels, long from, long to,
                int limit) {
            return List.of();
        }
    };

    /**
     * The history kept in {@code store}: {@code writer} stores, reads go to the store directly.
     *
     * @param joinReplay lines of a channel sent to a user who joins it
     */
    static History of(Store store, HistoryWriter writer, int joinReplay) {
        HistoryQueries queries = new HistoryQueries(store);
        Duration readWait = Duration.ofSeconds(2);
        return new History() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public int joinReplay() {
                return joinReplay;
            }

            @Override
            public void record(StoredMessage m) {
                writer.offer(m);
            }

            @Override
            public List<StoredMessage> select(HistoryQuery.Reader reader, HistoryQuery query) {
                awaitStored();
                try {
                    return queries.select(reader, query);
                } catch (SQLException e) {
                    throw new Unavailable("the history store did not answer: " + Store.firstLine(e.getMessage()));
                } catch (IllegalArgumentException e) {
                    // a chunk this code cannot read (a damaged file, a row written by hand): that read fails, chat goes on
                    throw new Unavailable("the history store holds " + Store.firstLine(e.getMessage()));
                }
            }

            @Override
            public boolean forget(String channel, long millis, String msgid) {
                return writer.forget(channel, millis, msgid);
            }

            @Override
            public List<HistoryQueries.Target> targets(String party, Collection<String> channels, long from, long to,
                    int limit) {
                awaitStored();
                try {
                    return queries.targets(party, channels, from, to, limit);
                } catch (SQLException e) {
                    throw new Unavailable("the history store did not answer: " + Store.firstLine(e.getMessage()));
                }
            }

            private void awaitStored() {
                try {
                    if (!writer.awaitStored(readWait)) {
                        throw new Unavailable(writer.isDown() ? "the history store is unavailable"
                                : "the history store is too slow right now");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Unavailable("interrupted");
                }
            }
        };
    }
}
