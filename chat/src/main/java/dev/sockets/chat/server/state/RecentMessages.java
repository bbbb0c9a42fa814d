package dev.sockets.chat.server.state;

import dev.sockets.chat.protocol.CaseMapping;
import dev.sockets.chat.protocol.TaggedLine;

/**
 * The last {@link #SIZE} messages (PRIVMSG, NOTICE, TAGMSG) this server relayed, by who sent them where,
 * so that draft/message-redaction can find one by its msgid: REDACT of a message older than that, or of one
 * already redacted, is answered as an unknown msgid. A ring of slots written lock-free by the senders'
 * threads (one ordered array store each, so the message path stays as cheap as before) and searched, rarely, by
 * REDACT; a search may miss an entry being overwritten at that moment, which only makes a message that is
 * just leaving the window unknown a little sooner. A redacted message is forgotten by the REDACT that takes it
 * out first (a second one at the same moment is answered as unknown) and, in a cluster, on every node the
 * REDACT line reaches.
 */
public final class RecentMessages {

    /** How many messages back REDACT can reach. */
    public static final int SIZE = 4096;

    /**
     * One message: its line (its msgid is read when searched, never made here), who sent it and where: a
     * channel name, or for a private message the recipient's and the sender's nicks.
     */
    public record Entry(TaggedLine line, User sender, String target, String recipientNick) { }

    private final java.util.concurrent.atomic.AtomicReferenceArray<Entry> ring =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(SIZE);
    private final java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong();

    /** Records a message {@code sender} sent to channel {@code channel}, or to user {@code recipient} (then channel is null). */
    public void record(TaggedLine line, User sender, String channel, User recipient) {
        int slot = (int) (next.getAndIncrement() & (SIZE - 1));
        ring.lazySet(slot, new Entry(line, sender, channel, recipient == null ? null : recipient.nick()));
    }

    /**
     * The entry with {@code msgid} sent to channel {@code channel}, or privately between {@code asker} and
     * the user {@code peer} (then channel is null); null when there is none in the window.
     */
    public Entry find(String msgid, String channel, User asker, String peer) {
        for (int i = 0; i < SIZE; i++) {
            Entry e = ring.get(i);
            if (e == null || !msgid.equals(e.line().msgidIfMade())) {
                continue;
            }
            boolean here = channel != null ? e.target() != null && CaseMapping.equals(e.target(), channel)
                    : e.target() == null && (e.sender() == asker && CaseMapping.equals(e.recipientNick(), peer)
                            || CaseMapping.equals(e.sender().nick(), peer) && CaseMapping.equals(e.recipientNick(), asker.nick()));
            if (here) {
                return e;
            }
        }
        return null;
    }

    /**
     * Forgets {@code e} (redacted: a second REDACT of it is answered as unknown). False when it was gone
     * already: another REDACT of it, here or on another node, came first.
     */
    public boolean forget(Entry e) {
        boolean forgotten = false;
        for (int i = 0; i < SIZE; i++) {
            forgotten |= ring.compareAndSet(i, e, null);
        }
        return forgotten;
    }

    /** Forgets the message {@code msgid} sent to channel {@code channel}: another node redacted it. */
    public void forgetRedacted(String msgid, String channel) {
        for (int i = 0; i < SIZE; i++) {
            Entry e = ring.get(i);
            if (e != null && e.target() != null && msgid.equals(e.line().msgidIfMade())
                    && CaseMapping.equals(e.target(), channel)) {
                ring.compareAndSet(i, e, null);
            }
        }
    }
}
