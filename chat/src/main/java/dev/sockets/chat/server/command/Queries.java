package dev.sockets.chat.server.command;

import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.state.Channel;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.Registry;
import dev.sockets.chat.server.state.ReplySource;
import dev.sockets.chat.server.state.User;
import dev.sockets.chat.server.state.Whowas;
import static dev.sockets.chat.protocol.Numeric.*;

import dev.sockets.chat.protocol.Capability;
import dev.sockets.chat.protocol.CaseMapping;
import dev.sockets.chat.protocol.TaggedLine;
import dev.sockets.chat.protocol.IrcLine;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** AWAY and the questions: WHO (and WHOX), WHOIS, WHOWAS, ISON, USERHOST, MOTD, LUSERS, VERSION, TIME, INFO, ADMIN, LINKS. */
final class Queries {

    private static final int USERHOST_MAX = 5;
    /** Longest real name SETNAME takes (USER's is cut by the line length alone). */
    static final int MAX_REALNAME = 200;

    private Queries() {
    }

    static void away(CommandContext ctx, Client c, IrcLine l) {
        String given = l.paramCount() == 0 || l.param(0).isEmpty() ? null : l.param(0);
        String text = given != null && given.length() > AWAY_LENGTH ? given.substring(0, AWAY_LENGTH) : given;
        ctx.registry().change(tx -> {
            if (tx.setAway(c, text)) {
                byte[] line = text == null ? IrcLine.format(c.prefix(), "AWAY", false)
                        : IrcLine.formatTrailing(c.prefix(), "AWAY", text);
                tx.toPeers(c, TaggedLine.only(Capability.AWAY_NOTIFY, line).withAccount(c.account()));
            }
        });
        if (text == null) {
            c.numeric(RPL_UNAWAY, "You are no longer marked as being away");
        } else {
            c.numeric(RPL_NOWAWAY, "You have been marked as being away");
        }
    }

    /** Longest away message (005 AWAYLEN); longer ones are cut, as TOPICLEN cuts topics. */
    static final int AWAY_LENGTH = 390;

    /**
     * WHO, produced as the client reads it (a mask such as {@code *} matches the whole network). The
     * candidates are the members or users present when WHO arrives; each is shown as it is when its turn
     * comes, and one gone meanwhile is left out. {@code WHO mask %fields,token} is WHOX (354).
     */
    static void who(CommandContext ctx, Client c, IrcLine l) {
        Registry registry = ctx.registry();
        String mask = l.paramCount() == 0 || l.param(0).equals("0") ? "*" : l.param(0);
        Whox whox = l.paramCount() > 1 ? Whox.parse(l.param(1)) : null;
        java.util.function.Supplier<byte[]> end = () -> c.numericLine(RPL_ENDOFWHO, mask, "End of /WHO list.");
        if (mask.startsWith("#")) {
            Channel ch = registry.channel(mask);
            if (ch == null || ch.secret() && !ch.hasMember(c)) {
                c.send(end.get());
                return;
            }
            c.stream(ReplySource.over(List.of(ch.members()).iterator(), (m, out) -> registry.exclusive(() -> {
                if (ch.hasMember(m) && (ch.hasMember(c) || !m.isInvisible())) {
                    emit(out, whoReply(ctx, c, ch.name(), m, memberPrefix(c, ch, m), whox));
                }
            }), end));
            return;
        }
        User named = hasWildcard(mask) ? null : registry.user(mask);
        if (named != null && named.isRegistered()) {
            // A nick asked by name is shown even when +i: invisibility hides only from mask searches.
            byte[] line = whoReply(ctx, c, "*", named, "", whox);
            if (line != null) {
                c.send(line);
            }
            c.send(end.get());
            return;
        }
        c.stream(ReplySource.over(registry.users().iterator(), (u, out) -> {
            boolean visible = u == c || !u.isInvisible() || registry.shareChannel(c, u);
            if (visible && registry.user(u.nick()) == u
                    && (CaseMapping.matches(mask, u.nick()) || CaseMapping.matches(mask, u.host()))) {
                emit(out, whoReply(ctx, c, "*", u, "", whox));
            }
        }, end));
    }

    private static void emit(java.util.function.Consumer<byte[]> out, byte[] line) {
        if (line != null) {
            out.accept(line);
        }
    }

    /**
     * WHOX ({@code WHO mask %fields[,token]}): 354 with the fields asked for, always in the order
     * {@code tcuihsnfdlaor} whatever order they were asked in.
     */
    record Whox(String fields, String token) {

        static final String ORDER = "tcuihsnfdlaor";

        /** The WHOX request in WHO's second parameter, or null when it is not one (plain WHO flags). */
        static Whox parse(String p) {
            int pct = p.indexOf('%');
            if (pct < 0) {
                return null;
            }
            String rest = p.substring(pct + 1);
            int comma = rest.indexOf(',');
            String fields = comma < 0 ? rest : rest.substring(0, comma);
            String token = comma < 0 ? null : rest.substring(comma + 1);
            if (token != null && (token.isEmpty() || token.length() > 3 || !token.chars().allMatch(Character::isDigit))) {
                token = null; // the spec's token is 1-3 digits; anything else is not echoed
            }
            return new Whox(fields, token);
        }

        boolean has(char f) {
            return fields.indexOf(f) >= 0 && (f != 't' || token != null);
        }
    }

    private static String whoFlags(User u, String prefix) {
        return (u.away() == null ? "H" : "G") + (u.isIrcOperator() ? "*" : "") + (u.isBot() ? "B" : "") + prefix;
    }

    /** The 352 line, or with WHOX the 354 line (null when no field was asked for). */
    private static byte[] whoReply(CommandContext ctx, Client c, String channel, User u, String prefix, Whox whox) {
        if (whox == null) {
            return c.numericLine(RPL_WHOREPLY, channel, u.user(), u.host(), u.serverName(), u.nick(), whoFlags(u, prefix),
                    "0 " + u.realName());
        }
        List<String> out = new ArrayList<>();
        for (char f : Whox.ORDER.toCharArray()) {
            if (!whox.has(f)) {
                continue;
            }
            out.add(switch (f) {
                case 't' -> whox.token();
                case 'c' -> channel;
                case 'u' -> u.user();
                case 'i' -> "255.255.255.255"; // addresses are not shown to other users
                case 'h' -> u.host();
                case 's' -> u.serverName();
                case 'n' -> u.nick();
                case 'f' -> whoFlags(u, prefix);
                case 'd' -> "0";
                case 'l' -> u instanceof Client local ? Long.toString(local.idleSeconds()) : "0";
                case 'a' -> u.account() == null ? "0" : u.account();
                case 'o' -> "n/a";
                default -> u.realName();
            });
        }
        if (out.isEmpty()) {
            return null;
        }
        // The real name is last and may hold spaces: trailing, as in 352.
        return whox.has('r') ? c.numericLine(RPL_WHOSPCRPL, out.toArray(String[]::new))
                : IrcLine.format(ctx.config().serverName(), RPL_WHOSPCRPL, false, prepend(c.nick(), out));
    }

    private static String[] prepend(String first, List<String> rest) {
        String[] all = new String[rest.size() + 1];
        all[0] = first;
        for (int i = 0; i < rest.size(); i++) {
            all[i + 1] = rest.get(i);
        }
        return all;
    }

    /** What {@code c} is shown of {@code m}'s status in {@code ch}: every prefix with multi-prefix. */
    static String memberPrefix(Client c, Channel ch, User m) {
        return c.has(Capability.MULTI_PREFIX) ? ch.prefixes(m) : ch.highestPrefix(m);
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
        c.numeric(RPL_WHOISSERVER, u.nick(), u.serverName(), ctx.config().serverInfo());
        if (u.isIrcOperator()) {
            c.numeric(RPL_WHOISOPERATOR, u.nick(), "is an IRC operator");
        }
        if (u.isBot()) {
            c.numeric(RPL_WHOISBOT, u.nick(), "is a bot on " + ctx.config().network());
        }
        String account = u.account();
        if (account != null) {
            c.numeric(dev.sockets.chat.protocol.Numeric.RPL_WHOISACCOUNT, u.nick(), account, "is logged in as");
        }
        if (u.away() != null) {
            c.numeric(RPL_AWAY, u.nick(), u.away());
        }
        if (u instanceof Client local) { // another node's users' idle time is not replicated
            c.numeric(RPL_WHOISIDLE, u.nick(), Long.toString(local.idleSeconds()), Long.toString(local.signonSeconds()),
                    "seconds idle, signon time");
        }
        if (c.has(Capability.METADATA)) {
            ctx.registry().exclusive(() -> u.metadata().entries())
                    .forEach((k, v) -> c.numeric(RPL_WHOISKEYVALUE, u.nick(), k, "*", v));
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
                TaggedLine line = TaggedLine.only(Capability.SETNAME, IrcLine.formatTrailing(c.prefix(), "SETNAME", name))
                        .withAccount(c.account());
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
                replies.add(u.nick() + (u.isIrcOperator() ? "*" : "") + "=" + (u.away() == null ? "+" : "-")
                        + u.user() + "@" + u.host());
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
        long operators = users.stream().filter(User::isIrcOperator).count();
        long local = users.stream().filter(User::isLocal).count();
        long unknown = registry.clientCount() - local;
        int servers = ctx.network().serverCount();
        c.numeric(RPL_LUSERCLIENT, "There are " + (users.size() - invisible) + " users and " + invisible
                + " invisible on " + servers + " servers");
        if (operators > 0) {
            c.numeric(RPL_LUSEROP, Long.toString(operators), "operator(s) online");
        }
        if (unknown > 0) {
            c.numeric(RPL_LUSERUNKNOWN, Long.toString(unknown), "unknown connection(s)");
        }
        c.numeric(RPL_LUSERCHANNELS, Integer.toString(registry.channelCount()), "channels formed");
        c.numeric(RPL_LUSERME, "I have " + local + " clients and " + (servers - 1) + " servers");
        long maxLocal = Math.max(local, registry.maxLocalUserCount());
        long maxGlobal = Math.max(users.size(), registry.maxGlobalUserCount());
        c.numeric(RPL_LOCALUSERS, Long.toString(local), Long.toString(maxLocal),
                "Current local users " + local + ", max " + maxLocal);
        c.numeric(RPL_GLOBALUSERS, Integer.toString(users.size()), Long.toString(maxGlobal),
                "Current global users " + users.size() + ", max " + maxGlobal);
    }

    /**
     * Whether a query's optional server argument (INFO, ADMIN, TIME, VERSION) names this server: absent,
     * a mask matching its name, or a user of the network (every server answers for the network here).
     * Otherwise 402 is sent and false returned.
     */
    private static boolean forThisServer(CommandContext ctx, Client c, IrcLine l, int index) {
        String target = l.param(index);
        if (target == null || target.isEmpty()) {
            return true;
        }
        String me = ctx.config().serverName();
        String node = ctx.registry().peers().nodeName();
        boolean ours = CaseMapping.matches(target, me) || node != null && CaseMapping.matches(target, node)
                || ctx.network().otherServers().stream().anyMatch(s -> CaseMapping.matches(target, s))
                || ctx.registry().user(target) != null && ctx.registry().user(target).isRegistered();
        if (!ours) {
            c.numeric(ERR_NOSUCHSERVER, target, "No such server");
        }
        return ours;
    }

    static void version(CommandContext ctx, Client c, IrcLine l) {
        if (!forThisServer(ctx, c, l, 0)) {
            return;
        }
        c.numeric(RPL_VERSION, ctx.version() + ".", ctx.config().serverName(), "sockets chat server");
        Registration.sendIsupport(ctx, c);
    }

    static void time(CommandContext ctx, Client c, IrcLine l) {
        if (!forThisServer(ctx, c, l, 0)) {
            return;
        }
        c.numeric(RPL_TIME, ctx.config().serverName(),
                DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now()));
    }

    static void info(CommandContext ctx, Client c, IrcLine l) {
        if (!forThisServer(ctx, c, l, 0)) {
            return;
        }
        for (String line : List.of(ctx.version() + ": the sockets chat server, an IRC server (RFC 1459/2812, IRCv3)",
                "part of sockets, the socket model as code (echo, daytime, chat)",
                "started " + DateTimeFormatter.RFC_1123_DATE_TIME.format(ctx.created().atOffset(java.time.ZoneOffset.UTC)))) {
            c.numeric(RPL_INFO, line);
        }
        c.numeric(RPL_ENDOFINFO, "End of /INFO list.");
    }

    static void admin(CommandContext ctx, Client c, IrcLine l) {
        if (!forThisServer(ctx, c, l, 0)) {
            return;
        }
        ChatConfig cfg = ctx.config();
        c.numeric(RPL_ADMINME, cfg.serverName(), "Administrative info");
        c.numeric(RPL_ADMINLOC1, "sockets chat server of the " + cfg.network() + " network");
        c.numeric(RPL_ADMINLOC2, "Ask an IRC operator of this network (WHO with flag *)");
        c.numeric(RPL_ADMINEMAIL, "No contact address configured");
    }

    static void links(CommandContext ctx, Client c, IrcLine l) {
        String mask = l.paramCount() == 0 ? "*" : l.param(l.paramCount() - 1);
        String node = ctx.registry().peers().nodeName();
        String me = node != null ? node : ctx.config().serverName();
        if (CaseMapping.matches(mask, me)) {
            c.numeric(RPL_LINKS, me, me, "0 " + ctx.config().serverInfo());
        }
        for (String other : ctx.network().otherServers()) {
            if (CaseMapping.matches(mask, other)) {
                c.numeric(RPL_LINKS, other, me, "1 sockets chat server");
            }
        }
        c.numeric(RPL_ENDOFLINKS, mask, "End of /LINKS list.");
    }

    static void whowas(CommandContext ctx, Client c, IrcLine l) {
        if (l.paramCount() == 0 || l.param(0).isEmpty()) {
            c.numeric(ERR_NONICKNAMEGIVEN, "No nickname given");
            return;
        }
        int count = 0; // RFC 1459: a non-positive (or absent) count means every entry
        if (l.paramCount() > 1) {
            try {
                count = Integer.parseInt(l.param(1));
            } catch (NumberFormatException e) {
                count = 0;
            }
        }
        for (String nick : l.param(0).split(",")) {
            if (nick.isEmpty()) {
                continue;
            }
            List<Whowas.Entry> found = ctx.registry().whowas().find(nick, count);
            if (found.isEmpty()) {
                c.numeric(ERR_WASNOSUCHNICK, nick, "There was no such nickname");
            }
            for (Whowas.Entry e : found) {
                c.numeric(RPL_WHOWASUSER, e.nick(), e.user(), e.host(), "*", e.realName());
                c.numeric(RPL_WHOISSERVER, e.nick(), e.server(), DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        java.time.Instant.ofEpochMilli(e.goneMillis()).atOffset(java.time.ZoneOffset.UTC)));
            }
            c.numeric(RPL_ENDOFWHOWAS, nick, "End of WHOWAS");
        }
    }

    private static boolean hasWildcard(String mask) {
        return mask.indexOf('*') >= 0 || mask.indexOf('?') >= 0;
    }
}
