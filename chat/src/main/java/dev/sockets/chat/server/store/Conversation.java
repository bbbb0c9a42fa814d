package dev.sockets.chat.server.store;

/**
 * Where a message was said, and so who may read it back: the members of a channel, or the two parties of
 * a private conversation. A party is an account ({@code a:NAME}, folded) or, for a user not logged in,
 * the one connection it came from ({@code c:ID}): a user who later takes the same nick is not the same
 * party and sees nothing of it.
 */
public sealed interface Conversation {

    /** The key the rows of this conversation share (the {@code target} column). */
    String key();

    /** A channel, by its folded name. */
    record OfChannel(String folded) implements Conversation {
        @Override
        public String key() {
            return folded;
        }
    }

    /**
     * A private message from {@code senderParty} (nick {@code senderNick}, folded) to {@code recipientParty}
     * ({@code recipientNick}); both the same for a message to oneself.
     */
    record Private(String senderParty, String senderNick, String recipientParty, String recipientNick)
            implements Conversation {
        @Override
        public String key() {
            return senderParty.compareTo(recipientParty) <= 0 ? senderParty + " " + recipientParty
                    : recipientParty + " " + senderParty;
        }
    }
}
