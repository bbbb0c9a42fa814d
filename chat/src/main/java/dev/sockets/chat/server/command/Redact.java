package dev.sockets.chat.server.command;

import dev.sockets.chat.server.state.Channel;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.RecentMessages;
import dev.sockets.chat.server.state.Registry;
import dev.sockets.chat.server.state.User;

import dev.sockets.chat.protocol.CaseMapping;
import dev.sockets.chat.protocol.Capability;
import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.chat.protocol.TaggedLine;

/**
 * REDACT (IRCv3 draft/message-redaction): {@code REDACT <target> <msgid> [:reason]} withdraws a recent
 * message ({@link RecentMessages}): one's own, or in a channel one operates anyone's. The REDACT line goes to
 * those who got the message and negotiated the capability (never to the others, whose clients would not
 * understand it), the redactor included, on every server of a cluster, where it also takes the message out
 * of that server's ring, so a message redacted anywhere is unknown everywhere. Message-tags clients get the
 * REDACT line with a msgid of its own (and server-time and account-tag clients its time and the redactor's
 * account), as they get a PRIVMSG. Errors are {@code FAIL REDACT}
 * {@code INVALID_TARGET}, {@code UNKNOWN_MSGID} and {@code REDACT_FORBIDDEN}.
 */
final class Redact {

    private Redact() {
    }

    static void redact(CommandContext ctx, Client c, IrcLine l) {
        Registry registry = ctx.registry();
        String target = l.param(0);
        String msgid = l.param(1);
        String reason = l.paramCount() > 2 ? l.param(2) : null;
        Channel ch = target.startsWith("#") ? registry.channel(target) : null;
        User peer = ch == null && !target.startsWith("#") ? registry.user(target) : null;
        if (ch == null && peer == null || ch != null && !ch.hasMember(c)) {
            c.fromServer("FAIL", "REDACT", "INVALID_TARGET", target, "You are not in that channel or no such nick");
            return;
        }
        String shown = ch != null ? ch.name() : peer.nick();
        RecentMessages.Entry e = registry.recentMessages().find(msgid, ch != null ? ch.name() : null, c, shown);
        if (e == null) {
            unknown(c, shown, msgid);
            return;
        }
        boolean may = e.sender() == c || ch != null && registry.exclusive(() -> ch.isOperator(c));
        if (!may) {
            c.fromServer("FAIL", "REDACT", "REDACT_FORBIDDEN", shown, msgid,
                    ch != null ? "Only its sender or a channel operator may redact it" : "Only its sender may redact it");
            return;
        }
        if (!registry.recentMessages().forget(e)) {
            unknown(c, shown, msgid); // redacted meanwhile, by another REDACT here or on another node
            return;
        }
        ChatHistory.forget(ctx, c, ch == null ? null : CaseMapping.fold(ch.name()), e.line().millis(), msgid);
        byte[] line = reason == null ? IrcLine.format(c.prefix(), "REDACT", false, shown, msgid)
                : IrcLine.formatTrailing(c.prefix(), "REDACT", shown, msgid, reason);
        // message-redaction forwards a REDACT "in the same way as PRIVMSG messages", and its examples give
        // the line a msgid of its own; account-tag puts the account on every command a user sends. One
        // TaggedLine for all recipients, here and on other nodes, so they all see the same msgid.
        TaggedLine redaction = new TaggedLine(line, System.currentTimeMillis(), null, null, false,
                Capability.MESSAGE_REDACTION, c.account(), null, null);
        if (ch != null) {
            registry.countFanOut(ch.broadcast(redaction, null, c));
        } else {
            User other = e.sender() == c ? peer : e.sender();
            if (other != c) {
                other.send(redaction, c);
            }
            c.send(redaction, c);
        }
    }

    /**
     * {@code FAIL REDACT UNKNOWN_MSGID <target> <target-msgid> :text}, as message-redaction defines it (an
     * early draft had a {@code <window>} after the msgid too, which later drafts dropped and irctest refuses).
     */
    private static void unknown(Client c, String target, String msgid) {
        c.fromServer("FAIL", "REDACT", "UNKNOWN_MSGID", target, msgid, "No such recent message here");
    }
}
