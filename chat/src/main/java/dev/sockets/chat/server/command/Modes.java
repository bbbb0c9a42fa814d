package dev.sockets.chat.server.command;

import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.User;
import static dev.sockets.chat.protocol.Numeric.*;

import dev.sockets.chat.protocol.IrcLine;

/** MODE: user modes +i, +w, +B and -o on oneself (+o comes from OPER); a channel target goes to {@link ChannelModes}. */
final class Modes {

    private Modes() {
    }

    static void mode(CommandContext ctx, Client c, IrcLine l) {
        if (l.param(0).startsWith("#")) {
            ChannelModes.mode(ctx, c, l);
        } else {
            userMode(ctx, c, l);
        }
    }

    private static void userMode(CommandContext ctx, Client c, IrcLine l) {
        User target = ctx.registry().user(l.param(0));
        if (target == null) {
            c.numeric(ERR_NOSUCHNICK, l.param(0), "No such nick/channel");
            return;
        }
        if (target != c) {
            c.numeric(ERR_USERSDONTMATCH, "Can't change mode for other users");
            return;
        }
        if (l.paramCount() == 1) {
            c.send(IrcLine.format(ctx.config().serverName(), RPL_UMODEIS, false, c.nick(), c.userModes()));
            return;
        }
        boolean add = true;
        boolean unknown = false;
        StringBuilder applied = new StringBuilder();
        char sign = 0;
        for (char m : l.param(1).toCharArray()) {
            if (m == '+' || m == '-') {
                add = m == '+';
                continue;
            }
            boolean on = add;
            boolean changed = switch (m) {
                case 'i' -> ctx.registry().changeAndGet(tx -> {
                    boolean was = c.isInvisible();
                    tx.setInvisible(c, on);
                    return was != on;
                });
                case 'w' -> ctx.registry().changeAndGet(tx -> tx.setWallops(c, on));
                case 'B' -> ctx.registry().changeAndGet(tx -> tx.setBot(c, on));
                // +o comes only from OPER; anyone may drop it.
                case 'o' -> !on && ctx.registry().changeAndGet(tx -> tx.setIrcOperator(c, false));
                default -> {
                    unknown = true;
                    yield false;
                }
            };
            if (changed) {
                char s = on ? '+' : '-';
                if (s != sign) {
                    applied.append(s);
                    sign = s;
                }
                applied.append(m);
            }
        }
        if (unknown) {
            c.numeric(ERR_UMODEUNKNOWNFLAG, "Unknown MODE flag");
        }
        if (!applied.isEmpty()) {
            c.send(IrcLine.formatTrailing(c.prefix(), "MODE", c.nick(), applied.toString()));
        }
    }
}
