package dev.sockets.chat.server.command;

import dev.sockets.chat.server.state.Channel;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.Registry;
import dev.sockets.chat.server.state.User;
import static dev.sockets.chat.protocol.Numeric.*;

import dev.sockets.chat.protocol.Capability;
import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.chat.protocol.TaggedLine;

/**
 * INVITE nick #channel: a member (an operator, when the channel is +i) invites a user, who may then join
 * once past +i, +k, +l and +b. The inviter gets 341, the invitee the INVITE line (on whichever node it
 * is), nobody else is told. The invite is recorded in the same registry change and reaches the other
 * nodes. INVITE alone lists one's pending invites (336, 337).
 */
final class Invites {

    private Invites() {
    }

    static void invite(CommandContext ctx, Client c, IrcLine l) {
        if (l.paramCount() == 0) {
            list(ctx, c);
            return;
        }
        if (l.paramCount() < 2) {
            c.numeric(ERR_NEEDMOREPARAMS, "INVITE", "Not enough parameters");
            return;
        }
        Registry registry = ctx.registry();
        String nick = l.param(0);
        String name = l.param(1);
        registry.change(tx -> {
            User target = registry.user(nick);
            if (target == null || !target.isRegistered()) {
                c.numeric(ERR_NOSUCHNICK, nick, "No such nick/channel");
                return;
            }
            Channel ch = registry.channel(name);
            if (ch == null) {
                c.numeric(ERR_NOSUCHCHANNEL, name, "No such channel");
                return;
            }
            if (!ch.hasMember(c)) {
                c.numeric(ERR_NOTONCHANNEL, ch.name(), "You're not on that channel");
                return;
            }
            if (ch.inviteOnly() && !ch.isOperator(c)) {
                c.numeric(ERR_CHANOPRIVSNEEDED, ch.name(), "You're not channel operator");
                return;
            }
            if (ch.hasMember(target)) {
                c.numeric(ERR_USERONCHANNEL, target.nick(), ch.name(), "is already on channel");
                return;
            }
            tx.invite(ch, target);
            c.numeric(RPL_INVITING, target.nick(), ch.name());
            byte[] invite = IrcLine.format(c.prefix(), "INVITE", false, target.nick(), ch.name());
            tx.toUser(target, TaggedLine.now(invite).withAccount(c.account()));
            tx.toChannel(ch, TaggedLine.only(Capability.INVITE_NOTIFY, invite).withAccount(c.account()), c);
            if (target.away() != null) {
                c.numeric(RPL_AWAY, target.nick(), target.away());
            }
        });
    }

    /** The channels {@code c} is invited to and that still exist, then the end of the list. */
    private static void list(CommandContext ctx, Client c) {
        Registry registry = ctx.registry();
        for (Channel ch : c.invites()) {
            if (registry.channel(ch.name()) == ch) {
                c.numeric(RPL_INVITELIST, ch.name());
            }
        }
        c.numeric(RPL_ENDOFINVITELIST, "End of /INVITE list");
    }
}
