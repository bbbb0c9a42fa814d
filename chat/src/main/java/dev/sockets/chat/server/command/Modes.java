package dev.sockets.chat.server.command;

import dev.sockets.chat.server.state.Change;
import dev.sockets.chat.server.state.Channel;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.Registry;
import dev.sockets.chat.server.state.User;
import static dev.sockets.chat.protocol.Numeric.*;

import dev.sockets.chat.protocol.IrcLine;
import java.util.ArrayList;
import java.util.List;

/**
 * MODE: user mode +i on oneself; channel modes +n, +t and +o nick, the mode query (324, 329) and an
 * always-empty ban list (368).
 */
final class Modes {

    private Modes() {
    }

    static void mode(CommandContext ctx, Client c, IrcLine l) {
        if (l.param(0).startsWith("#")) {
            channelMode(ctx, c, l);
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
            c.send(IrcLine.format(ctx.config().serverName(), RPL_UMODEIS, false, c.nick(), c.isInvisible() ? "+i" : "+"));
            return;
        }
        boolean add = true;
        boolean unknown = false;
        StringBuilder applied = new StringBuilder();
        char sign = 0;
        for (char m : l.param(1).toCharArray()) {
            if (m == '+' || m == '-') {
                add = m == '+';
            } else if (m == 'i') {
                if (c.isInvisible() != add) {
                    boolean on = add;
                    ctx.registry().change(tx -> tx.setInvisible(c, on));
                    char s = add ? '+' : '-';
                    if (s != sign) {
                        applied.append(s);
                        sign = s;
                    }
                    applied.append('i');
                }
            } else {
                unknown = true;
            }
        }
        if (unknown) {
            c.numeric(ERR_UMODEUNKNOWNFLAG, "Unknown MODE flag");
        }
        if (!applied.isEmpty()) {
            c.send(IrcLine.formatTrailing(c.prefix(), "MODE", c.nick(), applied.toString()));
        }
    }

    private static void channelMode(CommandContext ctx, Client c, IrcLine l) {
        Registry registry = ctx.registry();
        Channel ch = Channels.existing(ctx, c, l.param(0));
        if (ch == null) {
            return;
        }
        if (l.paramCount() == 1) {
            c.send(IrcLine.format(ctx.config().serverName(), RPL_CHANNELMODEIS, false, c.nick(), ch.name(),
                    ch.modeString()));
            c.send(IrcLine.format(ctx.config().serverName(), RPL_CREATIONTIME, false, c.nick(), ch.name(),
                    Long.toString(ch.createdSeconds())));
            return;
        }
        String modes = l.param(1);
        if (modes.replace("+", "").replace("-", "").chars().allMatch(m -> m == 'b') && l.paramCount() == 2) {
            c.numeric(RPL_ENDOFBANLIST, ch.name(), "End of channel ban list");
            return;
        }
        registry.change(tx -> {
            if (!ch.isOperator(c)) {
                c.numeric(ERR_CHANOPRIVSNEEDED, ch.name(), "You're not channel operator");
                return;
            }
            StringBuilder applied = new StringBuilder();
            List<String> args = new ArrayList<>();
            char sign = 0;
            boolean add = true;
            int next = 2;
            for (char m : modes.toCharArray()) {
                if (m == '+' || m == '-') {
                    add = m == '+';
                    continue;
                }
                boolean changed;
                switch (m) {
                    case 'n' -> changed = tx.setModes(ch, add, ch.topicLocked());
                    case 't' -> changed = tx.setModes(ch, ch.noExternalMessages(), add);
                    case 'o' -> {
                        String nick = l.param(next++);
                        changed = nick != null && setOperator(tx, c, ch, nick, add, registry);
                        if (changed) {
                            args.add(registry.user(nick).nick());
                        }
                    }
                    case 'b' -> {
                        // No bans are kept: a mask is accepted and ignored; the list stays empty.
                        changed = false;
                        if (l.param(next++) == null) {
                            c.numeric(RPL_ENDOFBANLIST, ch.name(), "End of channel ban list");
                        }
                    }
                    default -> {
                        changed = false;
                        c.numeric(ERR_UNKNOWNMODE, String.valueOf(m), "is unknown mode char to me for " + ch.name());
                    }
                }
                if (changed) {
                    char s = add ? '+' : '-';
                    if (s != sign) {
                        applied.append(s);
                        sign = s;
                    }
                    applied.append(m);
                }
            }
            if (!applied.isEmpty()) {
                List<String> params = new ArrayList<>();
                params.add(ch.name());
                params.add(applied.toString());
                params.addAll(args);
                tx.toChannel(ch, IrcLine.format(c.prefix(), "MODE", false, params.toArray(String[]::new)), null);
            }
        });
    }

    private static boolean setOperator(Change tx, Client c, Channel ch, String nick, boolean add, Registry registry) {
        User target = registry.user(nick);
        if (target == null) {
            c.numeric(ERR_NOSUCHNICK, nick, "No such nick/channel");
            return false;
        }
        if (!ch.hasMember(target)) {
            c.numeric(ERR_USERNOTINCHANNEL, target.nick(), ch.name(), "They aren't on that channel");
            return false;
        }
        return tx.setOperator(ch, target, add);
    }
}
