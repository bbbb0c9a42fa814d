package dev.sockets.chat.server.store;

/**
 * What a reader asks of a conversation's history (IRCv3 {@code draft/chathistory}): a selection relative
 * to one or two references, at most {@code limit} messages, always returned oldest first.
 */
public record HistoryQuery(Kind kind, Ref first, Ref second, int limit) {

    /** The subcommands of CHATHISTORY that read messages. */
    public enum Kind {
        /** The newest messages, after {@code first} unless it is {@link Ref.None}. */
        LATEST,
        /** The newest messages before {@code first}. */
        BEFORE,
        /** The oldest messages after {@code first}. */
        AFTER,
        /** Up to half the limit before {@code first}, the rest from it on (the message itself included). */
        AROUND,
        /** Between the two, both excluded, counted from {@code first}'s side. */
        BETWEEN
    }

    /** A point in a conversation: a message by its id, a moment, or none ({@code *}). */
    public sealed interface Ref {
        record Msgid(String msgid) implements Ref { }

        record Timestamp(long millis) implements Ref { }

        record None() implements Ref { }

        Ref NONE = new None();
    }

    /** Whose messages are read: a channel's, or one party's private conversation with a nick. */
    public sealed interface Reader {
        /**
         * A channel's messages from {@code sinceMillis} on (0: all of them): an unregistered channel's history
         * starts when it was created, so whoever creates an emptied channel again does not read the old one's.
         */
        record OfChannel(String folded, long sinceMillis) implements Reader {
            public OfChannel(String folded) {
                this(folded, 0);
            }
        }

        /** {@code party}'s messages with {@code otherNick} (folded), both ways. */
        record Private(String party, String otherNick) implements Reader { }
    }
}
