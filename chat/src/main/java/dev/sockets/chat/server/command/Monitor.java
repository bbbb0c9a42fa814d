package dev.sockets.chat.server.command;

import dev.sockets.chat.protocol.CaseMapping;
import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.Monitors;
import dev.sockets.chat.server.state.Registry;
import dev.sockets.chat.server.state.User;
import static dev.sockets.chat.protocol.Numeric.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * MONITOR (IRCv3 monitor): {@code + nicks}, {@code - nicks}, {@code C}, {@code L}, {@code S}. A watcher hears
 * 730 when a watched nick signs on (registers, or a user takes it) and 731 when it signs off, for users
 * of every node of a cluster (the state changes that say so reach every node).
 */
final class Monitor {

    /** Targets per 730/731/732 line: keeps each well under 512 bytes with 30-char nicks and their hosts. */
    private static final int PER_LINE = 5;

    private Monitor() {
    }

    static void monitor(CommandContext ctx, Client c, IrcLine l) {
        String sub = l.param(0).toUpperCase(Locale.ROOT);
        Registry registry = ctx.registry();
        Map<String, String> mine = c.monitored();
        switch (sub) {
            case "+" -> {
                if (l.paramCount() < 2) {
                    c.numeric(ERR_NEEDMOREPARAMS, "MONITOR", "Not enough parameters");
                    return;
                }
                List<String> online = new ArrayList<>();
                List<String> offline = new ArrayList<>();
                String[] targets = l.param(1).split(",");
                for (int i = 0; i < targets.length; i++) {
                    String nick = targets[i];
                    if (nick.isEmpty()) {
                        continue;
                    }
                    if (!CaseMapping.isValidNick(nick, IrcLine.MAX_CONTENT)) {
                        c.numeric(ERR_ERRONEUSNICKNAME, nick, "Erroneous nickname");
                        continue;
                    }
                    String key = CaseMapping.fold(nick);
                    if (!mine.containsKey(key)) {
                        if (mine.size() >= Monitors.LIMIT) {
                            c.numeric(ERR_MONLISTFULL, Integer.toString(Monitors.LIMIT),
                                    String.join(",", java.util.Arrays.asList(targets).subList(i, targets.length)),
                                    "Monitor list is full.");
                            break;
                        }
                        // Watching starts under the lock, so no sign-on falls between the check and the watch.
                        registry.exclusive(() -> {
                            mine.put(key, nick);
                            registry.monitors().watch(c, nick);
                        });
                    }
                    User u = registry.user(nick);
                    if (u != null && u.isRegistered()) {
                        online.add(u.prefix());
                    } else {
                        offline.add(nick);
                    }
                }
                send(c, RPL_MONONLINE, online);
                send(c, RPL_MONOFFLINE, offline);
            }
            case "-" -> {
                if (l.paramCount() < 2) {
                    c.numeric(ERR_NEEDMOREPARAMS, "MONITOR", "Not enough parameters");
                    return;
                }
                for (String nick : l.param(1).split(",")) {
                    if (!nick.isEmpty() && mine.remove(CaseMapping.fold(nick)) != null) {
                        registry.monitors().unwatch(c, nick);
                    }
                }
            }
            case "C" -> {
                for (String nick : c.monitoredNicks()) {
                    mine.remove(CaseMapping.fold(nick));
                    registry.monitors().unwatch(c, nick);
                }
            }
            case "L" -> {
                send(c, RPL_MONLIST, c.monitoredNicks());
                c.numeric(RPL_ENDOFMONLIST, "End of MONITOR list");
            }
            case "S" -> {
                List<String> online = new ArrayList<>();
                List<String> offline = new ArrayList<>();
                for (String nick : c.monitoredNicks()) {
                    User u = registry.user(nick);
                    if (u != null && u.isRegistered()) {
                        online.add(u.prefix());
                    } else {
                        offline.add(nick);
                    }
                }
                send(c, RPL_MONONLINE, online);
                send(c, RPL_MONOFFLINE, offline);
            }
            default -> c.numeric(ERR_UNKNOWNCOMMAND, "MONITOR", "Unknown MONITOR subcommand (+, -, C, L or S)");
        }
    }

    private static void send(Client c, String code, List<String> targets) {
        for (int i = 0; i < targets.size(); i += PER_LINE) {
            c.numeric(code, String.join(",", targets.subList(i, Math.min(targets.size(), i + PER_LINE))));
        }
    }
}
