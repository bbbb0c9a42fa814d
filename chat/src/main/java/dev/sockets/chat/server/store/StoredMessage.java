package dev.sockets.chat.server.store;

/**
 * One message as the history keeps it: where it was said, its id and time, and what its wire form and
 * tags are made from ({@code line} is the untagged form, CRLF-terminated, the bytes as delivered).
 *
 * @param id its {@code seq}: orders the messages of one millisecond of a conversation as they were stored
 *        (0 before it is stored)
 * @param account the sender's account, or null
 * @param clientTags the sender's client-only tags, escaped ({@code +a=b;+c}), or null
 */
public record StoredMessage(Conversation where, long id, String msgid, long millis, String command, String account,
        byte[] line, String clientTags, boolean bot) implements HistoryWriter.Task {

    /** A message not stored yet. */
    public StoredMessage(Conversation where, String msgid, long millis, String command, String account, byte[] line,
            String clientTags, boolean bot) {
        this(where, 0, msgid, millis, command, account, line, clientTags, bot);
    }

    /** This message with its {@code seq}. */
    StoredMessage withId(long seq) {
        return new StoredMessage(where, seq, msgid, millis, command, account, line, clientTags, bot);
    }
}
