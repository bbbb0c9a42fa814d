package dev.sockets.chat.server.command;

import dev.sockets.chat.server.state.Channel;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.Registry;
import dev.sockets.chat.server.state.User;
import static dev.sockets.chat.protocol.Numeric.*;

import dev.sockets.chat.protocol.Capability;
import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.chat.protocol.TaggedLine;
import dev.sockets.chat.protocol.Tags;

/**
 * PRIVMSG, NOTICE and TAGMSG. A channel message is formatted once and the same bytes go to every member
 * but the sender, from the channel's lock-free member snapshot. A STATUSMSG ({@code @#c}, {@code +#c})
 * goes only to the members with that status, from anyone who may speak in the channel (as InspIRCd and
 * Solanum allow), with the target as sent so that its recipients see it was not for everyone. NOTICE never causes an error reply about
 * a target (RFC 2812 3.3.2: automatic replies to a NOTICE could loop between two bots), but what the
 * server refuses to relay is never dropped without a word: targets beyond the limit get 407 and a text
 * that would not fit the recipient's 512-byte line once the sender's prefix is added gets 417, for NOTICE
 * too: those refusals are about the command, not about a target, and a sender that only sends NOTICEs
 * would otherwise never learn that part of its message went nowhere (Solanum's shared PRIVMSG/NOTICE
 * target list answers 407 for both).
 */
final class Messages {

    private Messages() {
    }

    static void privmsg(CommandContext ctx, Client c, IrcLine l) {
        deliver(ctx, c, l, "PRIVMSG", true);
    }

    static void notice(CommandContext ctx, Client c, IrcLine l) {
        deliver(ctx, c, l, "NOTICE", false);
    }

    /** TAGMSG (message-tags): only tags, relayed to the recipients that negotiated message-tags. */
    static void tagmsg(CommandContext ctx, Client c, IrcLine l) {
        deliver(ctx, c, l, "TAGMSG", true);
    }

    private static void deliver(CommandContext ctx, Client c, IrcLine l, String command, boolean replies) {
        boolean tagOnly = command.equals("TAGMSG");
        if (l.paramCount() == 0 || l.param(0).isEmpty()) {
            if (replies) {
                c.numeric(ERR_NORECIPIENT, "No recipient given (" + command + ")");
            }
            return;
        }
        if (!tagOnly && (l.paramCount() < 2 || l.param(1).isEmpty())) {
            if (replies) {
                c.numeric(ERR_NOTEXTTOSEND, "No text to send");
            }
            return;
        }
        Registry registry = ctx.registry();
        c.spoke();
        String text = l.param(1);
        // Client-only tags come only from a client that said it speaks them.
        String clientTags = c.has(Capability.MESSAGE_TAGS) ? Tags.clientOnly(l.tags()) : null;
        boolean echo = c.has(Capability.ECHO_MESSAGE);
        String[] targets = l.param(0).split(",");
        int max = ctx.config().maxTargets();
        for (int i = 0; i < targets.length; i++) {
            String target = targets[i];
            if (i >= max) {
                tooManyTargets(c, target, command, max);
                continue;
            }
            if (!tagOnly && !fits(c, command, target, text)) {
                // Cut by the formatter otherwise: the recipient would read a different message.
                c.numeric(ERR_INPUTTOOLONG, "Message to " + target + " too long once relayed: "
                        + IrcLine.MAX_LINE + " bytes with your prefix; not sent");
                continue;
            }
            char status = statusOf(target);
            if (status != 0 || target.startsWith("#")) {
                Channel ch = registry.channel(status == 0 ? target : target.substring(1));
                if (ch == null) {
                    if (replies) {
                        c.numeric(ERR_NOSUCHCHANNEL, target, "No such channel");
                    }
                } else if (!ChannelAccess.maySpeak(registry, ch, c) || ChannelAccess.isBlockedCtcp(ch, text)) {
                    if (replies) {
                        c.numeric(ERR_CANNOTSENDTOCHAN, ch.name(), "Cannot send to channel");
                    }
                } else if (status != 0) {
                    TaggedLine line = message(c, command, status + ch.name(), text, clientTags, tagOnly);
                    // Recorded before anyone sees it, so a REDACT sent at once finds it.
                    registry.recentMessages().record(line, c, ch.name(), null);
                    registry.countFanOut(registry.exclusive(() -> ch.broadcastToStatus(line, status, c, c)));
                    if (echo) {
                        c.send(line, c);
                    }
                } else {
                    TaggedLine line = message(c, command, ch.name(), text, clientTags, tagOnly);
                    registry.recentMessages().record(line, c, ch.name(), null);
                    registry.countFanOut(ch.broadcast(line, c, c));
                    if (echo) {
                        c.send(line, c);
                    }
                    ChatHistory.recordChannel(ctx, c, ch, command, line);
                }
                continue;
            }
            Service service = Service.named(target);
            if (service != null) {
                if (command.equals("PRIVMSG")) {
                    service.handle(ctx, c, text); // may hold a password: never echoed, recorded or stored
                }
                continue;
            }
            User to = registry.user(target);
            if (to == null || !to.isRegistered()) {
                if (replies) {
                    c.numeric(ERR_NOSUCHNICK, target, "No such nick/channel");
                }
                continue;
            }
            TaggedLine line = message(c, command, to.nick(), text, clientTags, tagOnly);
            registry.recentMessages().record(line, c, null, to);
            if (to == c) {
                c.deliver(line); // arrives as a message; only the echo answers a label
            } else {
                to.send(line, c);
            }
            if (echo) {
                c.send(line, c);
            }
            ChatHistory.recordPrivate(ctx, c, to, command, line);
            String away = to.away();
            if (replies && !tagOnly && away != null) {
                c.numeric(RPL_AWAY, to.nick(), away);
            }
        }
    }

    /**
     * The status a STATUSMSG target asks for ({@code @} in {@code @#c}: operators; {@code +}: voiced users
     * and operators, 005 {@code STATUSMSG=@+}), or 0 for any other target.
     */
    private static char statusOf(String target) {
        if (target.length() > 2 && target.charAt(1) == '#') {
            char first = target.charAt(0);
            if (first == '@' || first == '+') {
                return first;
            }
        }
        return 0;
    }

    /** 407 for one target beyond the limit (TARGMAX in 005). */
    static void tooManyTargets(Client c, String target, String command, int max) {
        c.numeric(ERR_TOOMANYTARGETS, target, "Too many targets: " + command + " takes at most " + max
                + "; not sent to this one");
    }

    /**
     * Whether {@code :prefix COMMAND target :text} fits one line; the target is the name the recipient sees
     * (a channel or nick as typed has the same length as its canonical spelling).
     */
    private static boolean fits(Client c, String command, String target, String text) {
        return IrcLine.formattedLength(c.prefix(), command, target, text) <= IrcLine.MAX_LINE;
    }

    private static TaggedLine message(Client c, String command, String target, String text, String clientTags,
            boolean tagOnly) {
        byte[] line = tagOnly ? IrcLine.format(c.prefix(), command, false, target)
                : IrcLine.formatTrailing(c.prefix(), command, target, text);
        return TaggedLine.message(line, clientTags, c.isBot(), tagOnly, c.account());
    }
}
