package dev.sockets.chat.server.command;

import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.Departure;
import dev.sockets.chat.server.state.RemoteUser;
import dev.sockets.chat.server.state.User;
import static dev.sockets.chat.protocol.Numeric.*;

/**
 * OPER, KILL and WALLOPS: becoming an IRC operator (user mode +o) with a name and password from the
 * operators file, and what an operator may then do, on every node of a cluster.
 */
final class OperCommands {

    private OperCommands() {
    }

    static void oper(CommandContext ctx, Client c, IrcLine l) {
        // The PBKDF2 check runs on this client's own reader thread: a guesser slows only itself.
        if (!ctx.config().operators().authenticate(l.param(0), l.param(1))) {
            c.numeric(ERR_PASSWDMISMATCH, "Password incorrect");
            return;
        }
        boolean changed = ctx.registry().changeAndGet(tx -> tx.setIrcOperator(c, true));
        c.numeric(RPL_YOUREOPER, "You are now an IRC operator");
        if (changed) {
            c.send(IrcLine.formatTrailing(c.prefix(), "MODE", c.nick(), "+o"));
        }
    }

    static void kill(CommandContext ctx, Client c, IrcLine l) {
        if (!c.isIrcOperator()) {
            c.numeric(ERR_NOPRIVILEGES, "Permission Denied- You're not an IRC operator");
            return;
        }
        String nick = l.param(0);
        User victim = ctx.registry().user(nick);
        if (victim == null || !victim.isRegistered()) {
            if (nick.equals(ctx.config().serverName())) {
                c.numeric(ERR_CANTKILLSERVER, nick, "You can't kill a server!");
            } else {
                c.numeric(ERR_NOSUCHNICK, nick, "No such nick/channel");
            }
            return;
        }
        String why = l.paramCount() > 1 && !l.param(1).isEmpty() ? l.param(1) : "No reason given";
        String reason = "Killed (" + c.nick() + " (" + why + "))";
        switch (victim) {
            case Client local -> local.disconnect(Departure.KILLED, reason, local.closingLink(reason), false);
            case RemoteUser remote -> ctx.registry().change(tx -> tx.killRemote(remote, reason));
        }
    }

    static void wallops(CommandContext ctx, Client c, IrcLine l) {
        if (!c.isIrcOperator()) {
            c.numeric(ERR_NOPRIVILEGES, "Permission Denied- You're not an IRC operator");
            return;
        }
        if (l.param(0).isEmpty()) {
            c.numeric(ERR_NEEDMOREPARAMS, "WALLOPS", "Not enough parameters");
            return;
        }
        byte[] line = IrcLine.formatTrailing(c.prefix(), "WALLOPS", l.param(0));
        ctx.registry().change(tx -> tx.toWallops(line));
    }
}
