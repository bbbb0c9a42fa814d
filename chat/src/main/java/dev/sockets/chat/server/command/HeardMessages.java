package dev.sockets.chat.server.command;

import dev.sockets.chat.protocol.CaseMapping;
import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.chat.protocol.TaggedLine;
import dev.sockets.chat.server.state.Channel;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.Heard;
import dev.sockets.chat.server.store.Conversation;
import dev.sockets.chat.server.store.StoredMessage;

/**
 * Keeps the messages this node hears from other nodes of a network, for a node whose store is its own
 * (a SQLite file): with a store shared by the network each node keeps only what its own users said, and
 * this is not used. A channel message is kept for the channel; a private one for its recipient here (the
 * sender, a user of another server, has no party on this node). A REDACT line heard deletes the message
 * here too, as the redacting node deleted it from its own store: every node of the network has the
 * channel (its replica holds the remote members), so every node that kept the message hears the line. A
 * multiline message is kept as its sender's node keeps it: its lines under the batch's msgid, {@code -1},
 * {@code -2} ..., which the REDACT of that msgid deletes with it.
 */
public final class HeardMessages implements Heard {

    private final CommandContext ctx;

    public HeardMessages(CommandContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channel(Channel ch, TaggedLine line) {
        IrcLine l = message(line);
        if (redaction(l)) {
            ctx.history().forget(CaseMapping.fold(ch.name()), -1, l.param(1)); // its time is not on the line
        } else if (l != null && identified(line)) {
            ctx.history().record(stored(new Conversation.OfChannel(CaseMapping.fold(ch.name())), l, line));
        }
    }

    @Override
    public void user(Client to, TaggedLine line) {
        IrcLine l = message(line);
        if (redaction(l)) {
            ctx.history().forget(null, -1, l.param(1));
        } else if (l != null && l.prefix() != null && identified(line)) {
            String sender = l.prefix().contains("!") ? l.prefix().substring(0, l.prefix().indexOf('!')) : l.prefix();
            ctx.history().record(stored(new Conversation.Private(ChatHistory.party(ctx.registry().user(sender)),
                    CaseMapping.fold(sender),
                    ChatHistory.party(to), CaseMapping.fold(to.nick())), l, line));
        }
    }

    /** {@code REDACT <target> <msgid> [:reason]}: its deletion is queued like a message (a full buffer drops it, counted). */
    private static boolean redaction(IrcLine l) {
        return l != null && l.command().equals("REDACT") && l.paramCount() >= 2;
    }

    /**
     * Whether the line has a msgid to be kept under (a multiline message's later lines come with theirs,
     * {@code NetworkEvent.ToChannel.kept}): history holds one row per msgid, so lines without one would all
     * be one row, the first, and could never be redacted.
     */
    private static boolean identified(TaggedLine line) {
        String msgid = line.msgidIfMade();
        return msgid != null && !msgid.isEmpty();
    }

    /** The line as a PRIVMSG, NOTICE or REDACT, or null for anything else (JOIN, MODE, TAGMSG ...). */
    private static IrcLine message(TaggedLine line) {
        IrcLine l = IrcLine.parseWire(line.line());
        return l != null && (l.command().equals("PRIVMSG") || l.command().equals("NOTICE")
                || l.command().equals("REDACT")) ? l : null;
    }

    private static StoredMessage stored(Conversation where, IrcLine l, TaggedLine line) {
        return new StoredMessage(where, line.msgid(), line.millis(), l.command(), line.account(), line.line(),
                line.clientTags(), line.bot());
    }
}
