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
 * MODE on a channel: the query (324 with the key shown to members, 329), the lists +b, +e and +I (shown
 * with 367/368, 348/349, 346/347; at most {@link ChannelAccess#MAX_LIST} entries each, 478 beyond), the
 * key +k, the limit +l, the flags +C +i +m +n +s +t and the member modes +o and +v. Several modes and their
 * parameters may come in one line ({@code +kl-v key 10 nick}); the change runs in one registry change and
 * is announced to the channel as one MODE line holding only what changed. A mode that changes nothing
 * (a repeated +n, a ban already there, removing an absent one) is not announced, nor published.
 */
final class ChannelModes {

    private ChannelModes() {
    }

    /** What one MODE line changed: {@code +kl-v} and its parameters. */
    private static final class Applied {
        final StringBuilder modes = new StringBuilder();
        final List<String> args = new ArrayList<>();
        char sign;

        void add(boolean plus, char mode, String arg) {
            char s = plus ? '+' : '-';
            if (s != sign) {
                modes.append(s);
                sign = s;
            }
            modes.append(mode);
            if (arg != null) {
                args.add(arg);
            }
        }
    }

    static void mode(CommandContext ctx, Client c, IrcLine l) {
        Registry registry = ctx.registry();
        Channel ch = Channels.existing(ctx, c, l.param(0));
        if (ch == null) {
            return;
        }
        if (l.paramCount() == 1) {
            List<String> params = new ArrayList<>();
            params.add(c.nick());
            params.add(ch.name());
            params.addAll(ch.modeParams(ch.hasMember(c)));
            c.send(IrcLine.format(ctx.config().serverName(), RPL_CHANNELMODEIS, false, params.toArray(String[]::new)));
            c.send(IrcLine.format(ctx.config().serverName(), RPL_CREATIONTIME, false, c.nick(), ch.name(),
                    Long.toString(ch.createdMillis() / 1000)));
            return;
        }
        String modes = l.param(1);
        registry.change(tx -> {
            boolean op = ch.isOperator(c);
            boolean[] refused = {false};
            Runnable deny = () -> {
                if (!refused[0]) {
                    refused[0] = true;
                    c.numeric(ERR_CHANOPRIVSNEEDED, ch.name(), "You're not channel operator");
                }
            };
            Applied applied = new Applied();
            boolean add = true;
            int next = 2;
            for (char m : modes.toCharArray()) {
                if (m == '+' || m == '-') {
                    add = m == '+';
                    continue;
                }
                switch (m) {
                    case 'b', 'e', 'I' -> {
                        String mask = l.param(next);
                        if (mask == null || mask.isEmpty()) {
                            next++;
                            sendList(ctx, c, ch, m);
                        } else {
                            next++;
                            if (!op) {
                                deny.run();
                            } else if (!ChannelAccess.isValidMask(mask)) {
                                c.numeric(ERR_INVALIDMODEPARAM, ch.name(), String.valueOf(m), "*", "Invalid mask");
                            } else {
                                listMode(tx, c, ch, m, add, ChannelAccess.normalizeMask(mask), applied);
                            }
                        }
                    }
                    case 'k' -> {
                        String key = l.param(next);
                        if (add) {
                            if (key == null) {
                                c.numeric(ERR_NEEDMOREPARAMS, "MODE", "Not enough parameters");
                                continue;
                            }
                            next++;
                            if (!op) {
                                deny.run();
                            } else if (!ChannelAccess.isValidKey(key)) {
                                c.numeric(ERR_INVALIDMODEPARAM, ch.name(), "k", "*", "Invalid key");
                            } else if (tx.setKey(ch, key)) {
                                applied.add(true, 'k', key);
                            }
                        } else {
                            if (key != null) {
                                next++; // -k takes the key, or anything (usually *), and ignores it
                            }
                            if (!op) {
                                deny.run();
                            } else if (tx.setKey(ch, null)) {
                                applied.add(false, 'k', "*");
                            }
                        }
                    }
                    case 'l' -> {
                        if (!add) {
                            if (!op) {
                                deny.run();
                            } else if (tx.setLimit(ch, 0)) {
                                applied.add(false, 'l', null);
                            }
                            continue;
                        }
                        String value = l.param(next);
                        if (value == null) {
                            c.numeric(ERR_NEEDMOREPARAMS, "MODE", "Not enough parameters");
                            continue;
                        }
                        next++;
                        int limit = parseLimit(value);
                        if (!op) {
                            deny.run();
                        } else if (limit <= 0) {
                            c.numeric(ERR_INVALIDMODEPARAM, ch.name(), "l", value.isEmpty() ? "*" : value,
                                    "Invalid limit: a positive number is needed");
                        } else if (tx.setLimit(ch, limit)) {
                            applied.add(true, 'l', Integer.toString(limit));
                        }
                    }
                    case 'o', 'v' -> {
                        String nick = l.param(next);
                        if (nick == null) {
                            c.numeric(ERR_NEEDMOREPARAMS, "MODE", "Not enough parameters");
                            continue;
                        }
                        next++;
                        if (!op) {
                            deny.run();
                            continue;
                        }
                        User target = member(ctx, c, ch, nick);
                        if (target != null && (m == 'o' ? tx.setOperator(ch, target, add) : tx.setVoice(ch, target, add))) {
                            applied.add(add, m, target.nick());
                        }
                    }
                    case 'C', 'i', 'm', 'n', 's', 't' -> {
                        if (!op) {
                            deny.run();
                        } else if (tx.setFlag(ch, m, add)) {
                            applied.add(add, m, null);
                        }
                    }
                    default -> c.numeric(ERR_UNKNOWNMODE, String.valueOf(m), "is unknown mode char to me for " + ch.name());
                }
            }
            if (!applied.modes.isEmpty()) {
                List<String> params = new ArrayList<>();
                params.add(ch.name());
                params.add(applied.modes.toString());
                params.addAll(applied.args);
                tx.toChannel(ch, dev.sockets.chat.protocol.TaggedLine.now(IrcLine.format(c.prefix(), "MODE", false, params.toArray(String[]::new))).withAccount(c.account()), null);
            }
        });
        ChanServ.changed(ctx, ch);
    }

    /** A positive limit, or 0 when {@code value} is not one. */
    private static int parseLimit(String value) {
        if (value.isEmpty() || value.length() > 9 || !value.chars().allMatch(Character::isDigit)) {
            return 0;
        }
        return Integer.parseInt(value);
    }

    private static void listMode(Change tx, Client c, Channel ch, char m, boolean add, String mask, Applied applied) {
        if (add) {
            if (ch.findMask(m, mask) != null) {
                return;
            }
            if (ch.maskList(m).size() >= ChannelAccess.MAX_LIST) {
                c.numeric(ERR_BANLISTFULL, ch.name(), String.valueOf(m), "Channel list is full");
                return;
            }
            if (tx.addMask(ch, m, mask, c.prefix(), System.currentTimeMillis() / 1000)) {
                applied.add(true, m, mask);
            }
        } else {
            String removed = tx.removeMask(ch, m, mask);
            if (removed != null) {
                applied.add(false, m, removed);
            }
        }
    }

    /** The list {@code m} of {@code ch}, then its end. */
    private static void sendList(CommandContext ctx, Client c, Channel ch, char m) {
        String entry;
        String end;
        String text;
        switch (m) {
            case 'b' -> {
                entry = RPL_BANLIST;
                end = RPL_ENDOFBANLIST;
                text = "End of channel ban list";
            }
            case 'e' -> {
                entry = RPL_EXCEPTLIST;
                end = RPL_ENDOFEXCEPTLIST;
                text = "End of channel exception list";
            }
            default -> {
                entry = RPL_INVEXLIST;
                end = RPL_ENDOFINVEXLIST;
                text = "End of channel invite exception list";
            }
        }
        for (Channel.MaskEntry e : ch.maskList(m)) {
            c.send(IrcLine.format(ctx.config().serverName(), entry, false, c.nick(), ch.name(), e.mask(), e.setBy(),
                    Long.toString(e.setSeconds())));
        }
        c.numeric(end, ch.name(), text);
    }

    /** The member {@code nick} of {@code ch}, or null after 401 (no such nick) or 441 (not on the channel). */
    private static User member(CommandContext ctx, Client c, Channel ch, String nick) {
        User target = ctx.registry().user(nick);
        if (target == null) {
            c.numeric(ERR_NOSUCHNICK, nick, "No such nick/channel");
            return null;
        }
        if (!ch.hasMember(target)) {
            c.numeric(ERR_USERNOTINCHANNEL, target.nick(), ch.name(), "They aren't on that channel");
            return null;
        }
        return target;
    }
}
