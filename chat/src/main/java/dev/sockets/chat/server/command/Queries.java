package dev.sockets.chat.server.command;

import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.state.Channel;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.Registry;
import dev.sockets.chat.server.state.ReplySource;
import dev.sockets.chat.server.state.User;
import static dev.sockets.chat.protocol.Numeric.*;

import dev.sockets.chat.protocol.Capability;
import dev.sockets.chat.protocol.CaseMapping;
import dev.sockets.chat.protocol.TaggedLine;
import dev.sockets.chat.protocol.IrcLine;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** AWAY and the questions: WHO, WHOIS, ISON, USERHOST, MOTD, LUSERS, VERSION, TIME. */
final class Queries {

    private static final int USERHOST_MAX = 5;
    /** Longest real name SETNAME takes (USER's is cut by the line length alone). */
    static final int MAX_REALNAME = 200;

    private Queries() {
    }

    static void away(CommandContext ctx, Client c, IrcLine l) {
        String text = l.paramCount() == 0 || l.param(0).isEmpty() ? null : l.param(0);
        ctx.registry().change(tx -> {
            if (tx.setAway(c, text)) {
                byte[] line = text == null ? IrcLine.format(c.prefix(), "AWAY", false)
                        : IrcLine.formatTrailing(c.prefix(), "AWAY", text);
                tx.toPeers(c, TaggedLine.only(Capability.AWAY_NOTIFY, line));
            }
        });
        if (text == null) {
            c.numeric(RPL_UNAWAY, "You are no longer marked as being away");
        } else {
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
                    out.accept(whoReply(c, ch.name(), m, memberPrefix(c, ch, m)));
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

    /** What {@code c} is shown of {@code m}'s status in {@code ch}: every prefix with multi-prefix. */
    static String memberPrefix(Client c, Channel ch, User m) {
        return c.has(Capability.MULTI_PREFIX) ? ch.prefixes(m) : ch.highestPrefix(m);
    }

    private static byte[] whoReply(Client c, String channel, User u, String prefix) {
        return c.numericLine(RPL_WHOREPLY, channel, u.user(), u.host(), u.serverName(), u.nick(),
                (u.away() == null ? "H" : "G") + (u.isIrcOperator() ? "*" : "") + (u.isBot() ? "B" : "") + prefix,
                "0 " + u.realName());
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
                    chans.add(memberPrefix(c, ch, u) + ch.name());
                }
            }
        });
        if (!chans.isEmpty()) {
            c.numeric(RPL_WHOISCHANNELS, u.nick(), String.join(" ", chans));
        }
        c.numeric(RPL_WHOISSERVER, u.nick(), u.serverName(), "sockets chat server");
        if (u.isIrcOperator()) {
            c.numeric(RPL_WHOISOPERATOR, u.nick(), "is an IRC operator");
        }
        if (u.isBot()) {
            c.numeric(RPL_WHOISBOT, u.nick(), "is a bot on " + ctx.config().network());
        }
        if (u.away() != null) {
            c.numeric(RPL_AWAY, u.nick(), u.away());
        }
        c.numeric(RPL_ENDOFWHOIS, u.nick(), "End of /WHOIS list.");
    }

    /** SETNAME (IRCv3 setname): a new real name, shown to oneself and peers that negotiated setname. */
    static void setname(CommandContext ctx, Client c, IrcLine l) {
        String name = l.param(0);
        if (name.isEmpty() || name.length() > MAX_REALNAME) {
            c.fromServer("FAIL", "SETNAME", "INVALID_REALNAME", "Real name must be 1 to " + MAX_REALNAME + " bytes");
            return;
        }
        ctx.registry().change(tx -> {
            if (tx.setRealName(c, name)) {
                TaggedLine line = TaggedLine.only(Capability.SETNAME, IrcLine.formatTrailing(c.prefix(), "SETNAME", name));
                tx.toPeers(c, line);
                tx.toUser(c, line);
            }
        });
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
