package dev.sockets.chat.server.command;

import dev.sockets.chat.protocol.CaseMapping;
import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.chat.protocol.TaggedLine;
import dev.sockets.chat.protocol.Tags;
import dev.sockets.chat.server.state.Channel;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.User;
import dev.sockets.chat.server.store.Conversation;
import dev.sockets.chat.server.store.History;
import dev.sockets.chat.server.store.HistoryQueries;
import dev.sockets.chat.server.store.HistoryQuery;
import dev.sockets.chat.server.store.StoredMessage;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * IRCv3 {@code draft/chathistory}: CHATHISTORY LATEST, BEFORE, AFTER, AROUND, BETWEEN and TARGETS over
 * the stored history, answered in a {@code chathistory} (or {@code draft/chathistory-targets}) batch of
 * the messages as they were delivered, with their time and msgid. A channel's history is for its
 * members, a private conversation's for its two parties ({@link #party}). Every refusal is a
 * {@code FAIL CHATHISTORY} line as the specification names it. Also records what is delivered
 * ({@link #recordChannel}, {@link #recordPrivate}) and replays a channel's last lines on JOIN.
 */
final class ChatHistory {

    /** The most messages one request returns (005 {@code CHATHISTORY}); a larger limit is lowered to it. */
    static final int MAX_LIMIT = dev.sockets.chat.server.store.HistoryPolicy.MAX_PER_REQUEST;

    private ChatHistory() {
    }

    static void chathistory(CommandContext ctx, Client c, IrcLine l) {
        History history = ctx.history();
        String sub = l.param(0).toUpperCase(Locale.ROOT);
        if (!history.enabled()) {
            fail(c, "MESSAGE_ERROR", sub, "*", "This server keeps no history");
            return;
        }
        try {
            switch (sub) {
                case "LATEST", "BEFORE", "AFTER", "AROUND" -> select(ctx, c, l, sub, 3);
                case "BETWEEN" -> select(ctx, c, l, sub, 4);
                case "TARGETS" -> targets(ctx, c, l);
                default -> fail(c, "INVALID_PARAMS", sub, "Unknown subcommand");
            }
        } catch (History.Unavailable e) {
            fail(c, "MESSAGE_ERROR", sub, l.paramCount() > 1 ? l.param(1) : "*", "History is unavailable: "
                    + e.getMessage());
        }
    }

    private static void select(CommandContext ctx, Client c, IrcLine l, String sub, int params) {
        if (l.paramCount() < params + 1) {
            fail(c, "NEED_MORE_PARAMS", sub, "Missing parameters");
            return;
        }
        String target = l.param(1);
        HistoryQuery.Ref first = ref(l.param(2), sub.equals("LATEST"));
        HistoryQuery.Ref second = params == 4 ? ref(l.param(3), false) : HistoryQuery.Ref.NONE;
        Integer limit = limit(l.param(params));
        if (first == null || second == null) {
            // The reference that is wrong, as given: BETWEEN's second one is the third parameter.
            fail(c, "INVALID_PARAMS", sub, l.param(first == null ? 2 : 3), "Invalid message reference");
            return;
        }
        if (limit == null) {
            fail(c, "INVALID_PARAMS", sub, l.param(params), "Invalid limit");
            return;
        }
        HistoryQuery.Reader reader = reader(ctx, c, target);
        if (reader == null) {
            fail(c, "INVALID_TARGET", sub, target, "Messages could not be retrieved");
            return;
        }
        HistoryQuery.Kind kind = HistoryQuery.Kind.valueOf(sub);
        List<StoredMessage> found = ctx.history().select(reader, new HistoryQuery(kind, first, second, limit));
        c.sendBatch("chathistory", lines(found), target);
    }

    private static void targets(CommandContext ctx, Client c, IrcLine l) {
        if (l.paramCount() < 4) {
            fail(c, "NEED_MORE_PARAMS", "TARGETS", "Missing parameters");
            return;
        }
        HistoryQuery.Ref from = ref(l.param(1), false);
        HistoryQuery.Ref to = ref(l.param(2), false);
        Integer limit = limit(l.param(3));
        if (!(from instanceof HistoryQuery.Ref.Timestamp a) || !(to instanceof HistoryQuery.Ref.Timestamp b)) {
            fail(c, "INVALID_PARAMS", "TARGETS", l.param(1), "TARGETS takes two timestamp= references");
            return;
        }
        if (limit == null) {
            fail(c, "INVALID_PARAMS", "TARGETS", l.param(3), "Invalid limit");
            return;
        }
        List<String> channels = new ArrayList<>();
        java.util.Map<String, String> names = new java.util.HashMap<>();
        java.util.Map<String, Long> since = new java.util.HashMap<>();
        for (Channel ch : c.channels()) {
            String folded = ch.key();
            channels.add(folded);
            names.put(folded, ch.name());
            since.put(folded, since(ctx, ch));
        }
        long lo = Math.min(a.millis(), b.millis());
        long hi = Math.max(a.millis(), b.millis());
        List<HistoryQueries.Target> found = ctx.history().targets(party(c), channels, lo, hi, limit);
        String server = ctx.config().serverName();
        List<TaggedLine> lines = new ArrayList<>();
        for (HistoryQueries.Target t : found) {
            if (t.channel() && t.latestMillis() < since.getOrDefault(t.name(), 0L)) {
                continue; // only an earlier channel of that name spoke: nothing since this one was created
            }
            String name = t.channel() ? names.getOrDefault(t.name(), t.name()) : shownNick(ctx, t.name());
            lines.add(TaggedLine.now(IrcLine.format(server, "CHATHISTORY", false, "TARGETS", name,
                    Tags.time(t.latestMillis()))));
        }
        c.sendBatch("draft/chathistory-targets", lines);
    }

    /** The last {@code count} lines of {@code ch} to a member who just joined it (--join-replay). */
    static void replayOnJoin(CommandContext ctx, Client c, Channel ch, int count) {
        if (count <= 0 || !ctx.history().enabled()) {
            return;
        }
        try {
            List<StoredMessage> last = ctx.history().select(new HistoryQuery.Reader.OfChannel(ch.key(),
                    since(ctx, ch)),
                    new HistoryQuery(HistoryQuery.Kind.LATEST, HistoryQuery.Ref.NONE, HistoryQuery.Ref.NONE, count));
            if (!last.isEmpty()) {
                c.sendBatch("chathistory", lines(last), ch.name());
            }
        } catch (History.Unavailable e) {
            c.fromServer("NOTICE", c.nick(), "*** No replay of " + ch.name() + ": history is unavailable");
        }
    }

    /**
     * Deletes a redacted message from the history (queued after the message itself, retried while the store
     * is unavailable); when even the queue is full, the redacting user is told.
     */
    static void forget(CommandContext ctx, Client c, String channel, long millis, String msgid) {
        if (!ctx.history().forget(channel, millis, msgid)) {
            c.fromServer("NOTICE", c.nick(), "*** The message stays in the history: the history buffer is full");
        }
    }

    /** Keeps a message just delivered to channel {@code ch}. */
    static void recordChannel(CommandContext ctx, Client from, Channel ch, String command, TaggedLine line) {
        if (ctx.history().enabled() && !command.equals("TAGMSG")) {
            ctx.history().record(message(new Conversation.OfChannel(ch.key()), command, line));
        }
    }

    /** Keeps a private message just delivered from {@code from} to {@code to}. */
    static void recordPrivate(CommandContext ctx, Client from, User to, String command, TaggedLine line) {
        if (ctx.history().enabled() && !command.equals("TAGMSG")) {
            ctx.history().record(message(new Conversation.Private(party(from), CaseMapping.fold(from.nick()),
                    party(to), CaseMapping.fold(to.nick())), command, line));
        }
    }

    private static StoredMessage message(Conversation where, String command, TaggedLine line) {
        return new StoredMessage(where, line.msgid(), line.millis(), command, line.account(), line.line(),
                line.clientTags(), line.bot());
    }

    /**
     * Who may read a private conversation of {@code u}: its account when logged in (wherever it connects
     * later), else the connection of a user of this server (a user who later takes its nick is someone
     * else). A user of another server not logged in has no party here: what it was sent from this server
     * is kept for the sender's side only.
     */
    static String party(User u) {
        if (u != null && u.account() != null) {
            return "a:" + CaseMapping.fold(u.account());
        }
        return u instanceof Client c ? "c:" + c.sessionId() : "-";
    }

    private static HistoryQuery.Reader reader(CommandContext ctx, Client c, String target) {
        if (target.startsWith("#")) {
            Channel ch = ctx.registry().channel(target);
            return ch == null || !ch.hasMember(c) ? null
                    : new HistoryQuery.Reader.OfChannel(ch.key(), since(ctx, ch));
        }
        if (!CaseMapping.isValidNick(target, IrcLine.MAX_CONTENT)) {
            return null;
        }
        return new HistoryQuery.Reader.Private(party(c), CaseMapping.fold(target));
    }

    /**
     * Where the history of {@code ch} starts for its members: a registered channel's is all of it (it is one
     * channel for good, kept by its founder); an unregistered one's at its creation, since once it emptied
     * and vanished, whoever creates it again (anyone) starts a new channel, which must not read what was
     * said in the old one. In a network the creation is the oldest any node knows of
     * (NetworkEvent.Join carries it), so the channel is one channel on every node.
     */
    private static long since(CommandContext ctx, Channel ch) {
        return ChanServ.lookup(ctx, ch.name()).isPresent() ? 0 : ch.createdMillis();
    }

    /** {@code *} (only where allowed), {@code msgid=ID} or {@code timestamp=ISO-8601}; null when it is none of them. */
    private static HistoryQuery.Ref ref(String s, boolean starAllowed) {
        if (s.equals("*")) {
            return starAllowed ? HistoryQuery.Ref.NONE : null;
        }
        if (s.startsWith("msgid=") && s.length() > 6) {
            return new HistoryQuery.Ref.Msgid(s.substring(6));
        }
        if (s.startsWith("timestamp=")) {
            try {
                return new HistoryQuery.Ref.Timestamp(Instant.parse(s.substring(10)).toEpochMilli());
            } catch (DateTimeParseException | ArithmeticException e) {
                return null;
            }
        }
        return null;
    }

    private static Integer limit(String s) {
        try {
            int n = Integer.parseInt(s);
            return n < 1 ? null : Math.min(n, MAX_LIMIT);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String shownNick(CommandContext ctx, String folded) {
        User u = ctx.registry().user(folded);
        return u != null ? u.nick() : folded;
    }

    private static List<TaggedLine> lines(List<StoredMessage> messages) {
        List<TaggedLine> out = new ArrayList<>(messages.size());
        for (StoredMessage m : messages) {
            out.add(new TaggedLine(m.line(), m.millis(), m.msgid(), m.clientTags(), m.bot(), null).withAccount(m.account()));
        }
        return out;
    }

    private static void fail(Client c, String code, String sub, String text) {
        c.fromServer("FAIL", "CHATHISTORY", code, sub, text);
    }

    private static void fail(Client c, String code, String sub, String target, String text) {
        c.fromServer("FAIL", "CHATHISTORY", code, sub, target, text);
    }
}
