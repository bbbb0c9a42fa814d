package dev.sockets.chat.server.command;

import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.state.Channel;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.Registry;
import dev.sockets.chat.server.state.ReplySource;
import dev.sockets.chat.server.state.User;
import static dev.sockets.chat.protocol.Numeric.*;

import dev.sockets.chat.protocol.CaseMapping;
import dev.sockets.chat.protocol.IrcLine;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** AWAY and the questions: WHO, WHOIS, ISON, USERHOST, MOTD, LUSERS, VERSION, TIME. */
final class Queries {

    private static final int USERHOST_MAX = 5;

    private Queries() {
    }

    static void away(CommandContext ctx, Client c, IrcLine l) {
        if (l.paramCount() == 0 || l.param(0).isEmpty()) {
            ctx.registry().change(tx -> tx.setAway(c, null));
            c.numeric(RPL_UNAWAY, "You are no longer marked as being away");
        } else {
            ctx.registry().change(tx -> tx.setAway(c, l.param(0)));
            c.numeric(RPL_NOWAWAY, "You have been marked as being away");
        }
    }

    /**
     * WHO, produced as the client reads it (a mask such as {@code *} matches the whole network). The
     * candidates are the members or users present when WHO arrives; each is shown as it is when its turn
     * comes, and one gone meanwhile is left out.
     */
    static void who(CommandContext ctx, Client c, IrcLine l) {
        Registry registry = ctx.registry();
        String mask = l.paramCount() == 0 || l.param(0).equals("0") ? "*" : l.param(0);
        java.util.function.Supplier<byte[]> end = () -> c.numericLine(RPL_ENDOFWHO, mask, "End of /WHO list.");
        if (mask.startsWith("#")) {
            Channel ch = registry.channel(mask);
            if (ch == null || ch.secret() && !ch.hasMember(c)) {
                c.send(end.get());
                return;
            }
            c.stream(ReplySource.over(List.of(ch.members()).iterator(), (m, out) -> registry.exclusive(() -> {
                if (ch.hasMember(m) && (ch.hasMember(c) || !m.isInvisible())) {
                    out.accept(whoReply(c, ch.name(), m, ch.highestPrefix(m)));
                }
            }), end));
            return;
        }
        c.stream(ReplySource.over(registry.users().iterator(), (u, out) -> {
            boolean visible = u == c || !u.isInvisible() || registry.shareChannel(c, u);
            if (visible && registry.user(u.nick()) == u
                    && (CaseMapping.matches(mask, u.nick()) || CaseMapping.matches(mask, u.host()))) {
                out.accept(whoReply(c, "*", u, ""));
            }
        }, end));
    }

    private static byte[] whoReply(Client c, String channel, User u, String prefix) {
        return c.numericLine(RPL_WHOREPLY, channel, u.user(), u.host(), u.serverName(), u.nick(),
                (u.away() == null ? "H" : "G") + prefix, "0 " + u.realName());
    }

    static void whois(CommandContext ctx, Client c, IrcLine l) {
        Registry registry = ctx.registry();
        String nick = l.paramCount() > 1 ? l.param(1) : l.param(0);
        String[] nicks = nick.split(",");
        nick = nicks.length == 0 ? "" : nicks[0];
        if (nick.isEmpty()) {
            c.numeric(ERR_NONICKNAMEGIVEN, "No nickname given");
            return;
        }
        User u = registry.user(nick);
        if (u == null || !u.isRegistered()) {
            c.numeric(ERR_NOSUCHNICK, nick, "No such nick/channel");
            c.numeric(RPL_ENDOFWHOIS, nick, "End of /WHOIS list.");
            return;
        }
        c.numeric(RPL_WHOISUSER, u.nick(), u.user(), u.host(), "*", u.realName());
        List<String> chans = new ArrayList<>();
        registry.exclusive(() -> {
            for (Channel ch : u.channels()) {
                boolean shown = u == c || ch.hasMember(c) || !u.isInvisible() && !ch.secret();
                if (shown) {
                    chans.add(ch.highestPrefix(u) + ch.name());
                }
            }
        });
        if (!chans.isEmpty()) {
            c.numeric(RPL_WHOISCHANNELS, u.nick(), String.join(" ", chans));
        }
        c.numeric(RPL_WHOISSERVER, u.nick(), u.serverName(), "sockets chat server");
        if (u.away() != null) {
            c.numeric(RPL_AWAY, u.nick(), u.away());
        }
        c.numeric(RPL_ENDOFWHOIS, u.nick(), "End of /WHOIS list.");
    }

    static void ison(CommandContext ctx, Client c, IrcLine l) {
        Registry registry = ctx.registry();
        List<String> present = new ArrayList<>();
        for (String p : l.params()) {
            for (String nick : p.split(" ")) {
                User u = nick.isEmpty() ? null : registry.user(nick);
                if (u != null && u.isRegistered()) {
                    present.add(u.nick());
                }
            }
        }
        c.numeric(RPL_ISON, String.join(" ", present));
    }

    static void userhost(CommandContext ctx, Client c, IrcLine l) {
        Registry registry = ctx.registry();
        List<String> replies = new ArrayList<>();
        for (int i = 0; i < l.paramCount() && i < USERHOST_MAX; i++) {
            User u = registry.user(l.param(i));
            if (u != null && u.isRegistered()) {
                replies.add(u.nick() + "=" + (u.away() == null ? "+" : "-") + u.user() + "@" + u.host());
            }
        }
        c.numeric(RPL_USERHOST, String.join(" ", replies));
    }

    static void motd(CommandContext ctx, Client c, IrcLine l) {
        ChatConfig cfg = ctx.config();
        if (cfg.motd() == null) {
            c.numeric(ERR_NOMOTD, "MOTD File is missing");
            return;
        }
        c.numeric(RPL_MOTDSTART, "- " + cfg.serverName() + " Message of the day - ");
        for (String line : cfg.motd()) {
            c.numeric(RPL_MOTD, "- " + line);
        }
        c.numeric(RPL_ENDOFMOTD, "End of /MOTD command.");
    }

    static void lusers(CommandContext ctx, Client c, IrcLine l) {
        Registry registry = ctx.registry();
        List<User> users = registry.users();
        long invisible = users.stream().filter(User::isInvisible).count();
        int servers = ctx.network().serverCount();
        c.numeric(RPL_LUSERCLIENT, "There are " + (users.size() - invisible) + " users and " + invisible
                + " invisible on " + servers + " servers");
        c.numeric(RPL_LUSERCHANNELS, Integer.toString(registry.channelCount()), "channels formed");
        c.numeric(RPL_LUSERME, "I have " + registry.clientCount() + " clients and " + (servers - 1) + " servers");
    }

    static void version(CommandContext ctx, Client c, IrcLine l) {
        c.numeric(RPL_VERSION, ctx.version() + ".", ctx.config().serverName(), "sockets chat server");
    }

    static void time(CommandContext ctx, Client c, IrcLine l) {
        c.numeric(RPL_TIME, ctx.config().serverName(),
                DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()));
    }
}
