package dev.sockets.chat.server.command;

import dev.sockets.chat.server.state.Channel;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.OpenBatch;
import dev.sockets.chat.server.state.Registry;
import dev.sockets.chat.server.state.RemoteUser;
import dev.sockets.chat.server.state.User;
import static dev.sockets.chat.protocol.Numeric.*;

import dev.sockets.chat.protocol.Capability;
import dev.sockets.chat.protocol.CaseMapping;
import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.chat.protocol.TaggedLine;
import dev.sockets.chat.protocol.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * IRCv3 draft/multiline: a client sends {@code BATCH +ref draft/multiline target}, PRIVMSG or NOTICE lines
 * tagged {@code batch=ref} (a line tagged {@code draft/multiline-concat} continues the previous one), then
 * {@code BATCH -ref}; the server holds the lines and relays them as one message. Recipients that
 * negotiated draft/multiline and batch get the batch (its {@code msgid} and {@code time} on the BATCH line);
 * the others get its non-blank lines as ordinary messages, the first with the batch's msgid, all with its
 * time and its sender's account (account-tag; on the BATCH line for the batch's recipients). Limits ({@link Capability#MULTILINE_MAX_BYTES}, {@link Capability#MULTILINE_MAX_LINES}, announced
 * in the capability's value) and malformed batches are answered with {@code FAIL BATCH} codes and the
 * batch is dropped whole. In a cluster, members on other servers get the plain lines, each with the msgid
 * their servers keep it under in their history, so every node keeps the same rows.
 */
final class Multiline {

    static final String TYPE = "draft/multiline";
    static final String CONCAT = "draft/multiline-concat";
    private static final AtomicLong IDS = new AtomicLong();

    private Multiline() {
    }

    /** BATCH +ref draft/multiline target, or BATCH -ref. */
    static void batch(CommandContext ctx, Client c, IrcLine l) {
        String ref = l.param(0);
        if (ref.length() < 2 || ref.charAt(0) != '+' && ref.charAt(0) != '-') {
            c.fromServer("FAIL", "BATCH", "INVALID_REFTAG", "A batch reference starts with + or -");
        } else if (ref.charAt(0) == '+') {
            open(c, l, ref.substring(1));
        } else {
            close(ctx, c, ref.substring(1));
        }
    }

    private static void open(Client c, IrcLine l, String ref) {
        String type = l.param(1);
        if (type == null || !type.equals(TYPE) || !c.has(Capability.MULTILINE)) {
            c.fromServer("FAIL", "BATCH", "UNKNOWN_TYPE", type == null ? "*" : type,
                    "The only batch a client may send is " + TYPE + ", after CAP REQ " + TYPE);
        } else if (l.paramCount() < 3 || l.param(2).isEmpty()) {
            c.numeric(ERR_NEEDMOREPARAMS, "BATCH", "Not enough parameters");
        } else if (c.openBatch() != null) {
            c.fromServer("FAIL", "BATCH", "MULTILINE_INVALID", "Batch " + c.openBatch().ref() + " is still open");
        } else {
            String clientTags = c.has(Capability.MESSAGE_TAGS) ? Tags.clientOnly(l.tags()) : null;
            c.setOpenBatch(new OpenBatch(ref, l.param(2), l.tag("label"), clientTags));
        }
    }

    /** A PRIVMSG or NOTICE tagged {@code batch=ref} from a client that negotiated draft/multiline. */
    static void line(Client c, IrcLine l, String ref) {
        OpenBatch b = c.openBatch();
        if (b == null || !b.ref().equals(ref)) {
            c.fromServer("FAIL", "BATCH", "MULTILINE_INVALID", "No open batch " + ref);
            return;
        }
        if (b.failure() != null) {
            return; // refused already, said so once
        }
        String command = l.command();
        String text = l.paramCount() > 1 ? l.param(1) : "";
        boolean concat = l.tags().containsKey(CONCAT);
        if (b.command() != null && !b.command().equals(command)) {
            fail(c, b, "MULTILINE_INVALID", null, "A batch holds PRIVMSG or NOTICE lines, not both");
        } else if (l.paramCount() == 0 || !CaseMapping.equals(l.param(0), b.target())) {
            c.fromServer("FAIL", "BATCH", "MULTILINE_INVALID_TARGET", b.target(), l.paramCount() == 0 ? "*" : l.param(0),
                    "Every line of a batch goes to the batch's target");
            b.fail("MULTILINE_INVALID_TARGET");
        } else if (concat && text.isEmpty()) {
            fail(c, b, "MULTILINE_INVALID", null, "A blank line cannot be concatenated");
        } else if (b.parts().size() >= Capability.MULTILINE_MAX_LINES) {
            fail(c, b, "MULTILINE_MAX_LINES", Integer.toString(Capability.MULTILINE_MAX_LINES), "Too many lines");
        } else if (b.bytes() + text.length() + 1 > Capability.MULTILINE_MAX_BYTES) {
            fail(c, b, "MULTILINE_MAX_BYTES", Integer.toString(Capability.MULTILINE_MAX_BYTES), "Too many bytes");
        } else {
            b.add(command, text, concat);
        }
    }

    private static void fail(Client c, OpenBatch b, String code, String limit, String text) {
        if (limit == null) {
            c.fromServer("FAIL", "BATCH", code, text + "; the batch is dropped");
        } else {
            c.fromServer("FAIL", "BATCH", code, limit, text + "; the batch is dropped");
        }
        b.fail(code);
    }

    private static void close(CommandContext ctx, Client c, String ref) {
        OpenBatch b = c.openBatch();
        if (b == null || !b.ref().equals(ref)) {
            c.fromServer("FAIL", "BATCH", "MULTILINE_INVALID", "No open batch " + ref);
            return;
        }
        c.setOpenBatch(null);
        if (b.failure() != null) {
            return;
        }
        if (b.parts().stream().allMatch(p -> p.text().isEmpty())) {
            c.fromServer("FAIL", "BATCH", "MULTILINE_INVALID", "A batch needs a line that is not blank; nothing sent");
            return;
        }
        relay(ctx, c, b);
    }

    /** The lines of one batch in both forms: for recipients of the batch and for the others. */
    private record Forms(TaggedLine start, List<TaggedLine> inner, List<String> innerTags, TaggedLine end,
                         List<TaggedLine> plain) {

        void deliverTo(Client r) {
            if (!r.has(Capability.MULTILINE) || !r.has(Capability.BATCH)) {
                plain.forEach(r::deliver);
                return;
            }
            r.deliver(start);
            for (int i = 0; i < inner.size(); i++) {
                r.deliver(inner.get(i), innerTags.get(i));
            }
            r.deliver(end);
        }
    }

    private static void relay(CommandContext ctx, Client c, OpenBatch b) {
        Registry registry = ctx.registry();
        boolean replies = b.command().equals("PRIVMSG");
        String target = b.target();
        Channel ch = null;
        User to = null;
        if (target.startsWith("#")) {
            ch = registry.channel(target);
            if (ch == null) {
                refuse(c, replies, ERR_NOSUCHCHANNEL, target, "No such channel");
                return;
            }
            Channel channel = ch;
            if (!ChannelAccess.maySpeak(registry, ch, c)
                    || b.parts().stream().anyMatch(p -> ChannelAccess.isBlockedCtcp(channel, p.text()))) {
                refuse(c, replies, ERR_CANNOTSENDTOCHAN, ch.name(), "Cannot send to channel");
                return;
            }
        } else {
            to = registry.user(target);
            if (to == null || !to.isRegistered()) {
                refuse(c, replies, ERR_NOSUCHNICK, target, "No such nick/channel");
                return;
            }
        }
        String shown = ch != null ? ch.name() : to.nick();
        for (OpenBatch.Part p : b.parts()) {
            if (IrcLine.formattedLength(c.prefix(), b.command(), shown, p.text()) > IrcLine.MAX_LINE) {
                c.fromServer("FAIL", "BATCH", "MULTILINE_INVALID",
                        "A line would be too long once relayed with your prefix; nothing sent");
                return;
            }
        }
        c.spoke();
        Forms forms = forms(c, b, shown);
        if (ch != null) {
            int n = 0;
            for (User m : ch.members()) {
                if (m != c && m instanceof Client local) {
                    forms.deliverTo(local);
                    n++;
                }
            }
            registry.countFanOut(n);
            registry.recentMessages().record(forms.start(), c, ch.name(), null);
            for (int i = 0; i < forms.plain().size(); i++) {
                ch.publishToOtherNodes(forms.plain().get(i), keptAs(forms.start(), i), c, c);
            }
        } else {
            // Before the recipient sees it, wherever it is: its sender may redact it at once.
            registry.recentMessages().record(forms.start(), c, null, to);
            if (to instanceof Client local) {
                forms.deliverTo(local);
            } else if (to instanceof RemoteUser remote) {
                for (int i = 0; i < forms.plain().size(); i++) {
                    remote.send(forms.plain().get(i), keptAs(forms.start(), i), c);
                }
            }
        }
        keep(ctx, c, ch, to, b.command(), forms.start(), forms.plain());
        String label = b.label() == null || !c.has(Capability.LABELED_RESPONSE) ? null : "label=" + Tags.escape(b.label());
        if (c.has(Capability.ECHO_MESSAGE) && to != c && !c.has(Capability.BATCH)) {
            forms.plain().forEach(c::deliver);
        } else if (c.has(Capability.ECHO_MESSAGE) && to != c) {
            c.deliver(forms.start(), label);
            for (int i = 0; i < forms.inner().size(); i++) {
                c.deliver(forms.inner().get(i), forms.innerTags().get(i));
            }
            c.deliver(forms.end());
        } else if (label != null) {
            c.deliver(TaggedLine.now(IrcLine.format(ctx.config().serverName(), "ACK", false)), label);
        }
        if (replies && to != null && to.away() != null) {
            c.numeric(RPL_AWAY, to.nick(), to.away());
        }
    }

    private static void refuse(Client c, boolean replies, String numeric, String target, String text) {
        if (replies) {
            c.numeric(numeric, target, text);
        }
    }

    private static Forms forms(Client c, OpenBatch b, String shown) {
        long now = System.currentTimeMillis();
        String ref = "ml" + Long.toString(IDS.incrementAndGet(), 36);
        // draft/multiline: "Any tags that would have been added to the batch, e.g. message IDs, account tags
        // etc MUST be included on the first message line to be sent"; account-tag puts the account on every
        // command a user sends, so every fallback line has it, and history keeps it with each.
        String account = c.account();
        TaggedLine start = new TaggedLine(IrcLine.format(c.prefix(), "BATCH", false, "+" + ref, TYPE, shown), now,
                null, b.clientTags(), c.isBot(), null, account, null, null);
        String msgid = start.msgid();
        List<TaggedLine> inner = new ArrayList<>();
        List<String> innerTags = new ArrayList<>();
        List<TaggedLine> plain = new ArrayList<>();
        for (OpenBatch.Part p : b.parts()) {
            byte[] line = IrcLine.formatTrailing(c.prefix(), b.command(), shown, p.text());
            inner.add(new TaggedLine(line, now, "", null, false, null));
            innerTags.add(p.concat() ? "batch=" + ref + ";" + CONCAT : "batch=" + ref);
            if (!p.text().isEmpty()) {
                plain.add(new TaggedLine(line, now, plain.isEmpty() ? msgid : "", b.clientTags(), c.isBot(), null,
                        account, null, null));
            }
        }
        TaggedLine end = new TaggedLine(IrcLine.format(c.prefix(), "BATCH", false, "-" + ref), now, "", null, false, null);
        return new Forms(start, inner, innerTags, end, plain);
    }

    /**
     * The msgid history keeps plain line {@code i} of the batch {@code start} under, on every node: null for
     * the first (its own, the batch's), that id and the line's position for the next ones (delivered without
     * one), which {@code HistoryRows.forget} deletes with the first.
     */
    private static String keptAs(TaggedLine start, int i) {
        return i == 0 ? null : start.msgid() + "-" + i;
    }

    /** History keeps a multiline message as its plain lines, the form every client can be sent back. */
    private static void keep(CommandContext ctx, Client c, Channel ch, User to, String command, TaggedLine start,
            List<TaggedLine> plain) {
        for (int i = 0; i < plain.size(); i++) {
            TaggedLine p = plain.get(i);
            TaggedLine kept = i == 0 ? p : p.withMsgid(keptAs(start, i));
            if (ch != null) {
                ChatHistory.recordChannel(ctx, c, ch, command, kept);
            } else {
                ChatHistory.recordPrivate(ctx, c, to, command, kept);
            }
        }
    }
}
