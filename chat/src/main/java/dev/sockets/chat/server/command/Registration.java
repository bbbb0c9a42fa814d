package dev.sockets.chat.server.command;

import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.Departure;
import dev.sockets.chat.server.state.Registry;
import static dev.sockets.chat.protocol.Numeric.*;

import dev.sockets.chat.protocol.CaseMapping;
import dev.sockets.chat.protocol.IrcLine;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** PASS, NICK, USER and the welcome burst that completes registration. */
final class Registration {

    private static final int USER_LENGTH = 10;
    /** Hosts are addresses: an IPv6 one with its zone is at most 45 characters; 64 bounds every host shown. */
    private static final int HOST_LENGTH = 64;

    /** Tokens per 005 line (a client must accept up to 13 parameters after the nick, with the text). */
    private static final int ISUPPORT_PER_LINE = 12;

    private Registration() {
    }

    static void pass(CommandContext ctx, Client c, IrcLine l) {
        if (c.isRegistered()) {
            c.numeric(ERR_ALREADYREGISTERED, "You may not reregister");
            return;
        }
        c.setPassword(l.param(0));
    }

    static void nick(CommandContext ctx, Client c, IrcLine l) {
        String nick = l.param(0);
        if (nick == null || nick.isEmpty()) {
            c.numeric(ERR_NONICKNAMEGIVEN, "No nickname given");
            return;
        }
        ChatConfig cfg = ctx.config();
        if (!CaseMapping.isValidNick(nick, cfg.nickLength()) || Service.isReserved(nick)) {
            c.numeric(ERR_ERRONEUSNICKNAME, nick, "Erroneous nickname");
            return;
        }
        if (nick.equals(c.nick())) {
            return;
        }
        Registry registry = ctx.registry();
        if (!c.isRegistered()) {
            c.setRequestedNick(nick);
            if (!registry.proposeNick(c, nick)) {
                c.numeric(ERR_NICKNAMEINUSE, nick, "Nickname is already in use");
                return;
            }
            complete(ctx, c);
            return;
        }
        if (!registry.changeNick(c, nick, IrcLine.formatTrailing(c.prefix(), "NICK", nick))) {
            c.numeric(ERR_NICKNAMEINUSE, nick, "Nickname is already in use");
            return;
        }
        NickProtection.check(ctx, c);
    }

    static void user(CommandContext ctx, Client c, IrcLine l) {
        if (c.isRegistered()) {
            c.numeric(ERR_ALREADYREGISTERED, "You may not reregister");
            return;
        }
        StringBuilder user = new StringBuilder();
        for (char ch : l.param(0).toCharArray()) {
            // '@', '!' and control bytes in a user name would make the prefix ambiguous.
            if (ch > ' ' && ch != '@' && ch != '!' && ch != ':' && ch < 0x7f && user.length() < USER_LENGTH) {
                user.append(ch);
            }
        }
        if (l.param(3).isEmpty()) {
            c.numeric(ERR_NEEDMOREPARAMS, "USER", "Not enough parameters");
            return;
        }
        c.setUser(user.isEmpty() ? "user" : user.toString(), l.param(3));
        complete(ctx, c);
    }

    /** Registers the client when NICK, USER (and CAP END, if negotiating) are all in. */
    static void complete(CommandContext ctx, Client c) {
        if (c.isRegistered() || c.nick() == null || c.user() == null || c.isCapNegotiating()) {
            return;
        }
        ChatConfig cfg = ctx.config();
        if (cfg.password() != null && !cfg.password().equals(c.password())) {
            c.numeric(ERR_PASSWDMISMATCH, "Password incorrect");
            c.disconnect(Departure.PASSWORD, "Bad password", c.closingLink("Bad password"), false);
            return;
        }
        String nick = c.nick();
        if (!ctx.registry().claimNick(c)) {
            // Registered by someone else since this client asked for it: it picks another, as after
            // any 433 during registration.
            ctx.registry().dropProposedNick(c);
            c.numeric(ERR_NICKNAMEINUSE, nick, "Nickname is already in use");
            return;
        }
        c.setRegistered();
        welcome(ctx, c);
        NickProtection.check(ctx, c);
    }

    private static void welcome(CommandContext ctx, Client c) {
        ChatConfig cfg = ctx.config();
        String server = cfg.serverName();
        c.numeric(RPL_WELCOME, "Welcome to the " + cfg.network() + " IRC Network " + c.prefix());
        c.numeric(RPL_YOURHOST, "Your host is " + server + ", running version " + ctx.version());
        c.numeric(RPL_CREATED, "This server was created "
                + DateTimeFormatter.RFC_1123_DATE_TIME.format(ctx.created().atOffset(ZoneOffset.UTC)));
        c.send(IrcLine.format(server, RPL_MYINFO, false, c.nick(), server, ctx.version(), "iowB", "CIbeiklmnostv",
                "beIklov"));
        sendIsupport(ctx, c);
        Queries.lusers(ctx, c, null);
        Queries.motd(ctx, c, null);
    }

    /** The 005 lines (after registration, and after VERSION). */
    static void sendIsupport(CommandContext ctx, Client c) {
        List<String> tokens = isupport(ctx.config());
        if (ctx.history().enabled()) {
            tokens.add("CHATHISTORY=" + ChatHistory.MAX_LIMIT);
            tokens.add("MSGREFTYPES=msgid,timestamp");
        }
        for (int i = 0; i < tokens.size(); i += ISUPPORT_PER_LINE) {
            List<String> params = new ArrayList<>();
            params.add(c.nick());
            params.addAll(tokens.subList(i, Math.min(tokens.size(), i + ISUPPORT_PER_LINE)));
            params.add("are supported by this server");
            c.send(IrcLine.formatTrailing(ctx.config().serverName(), RPL_ISUPPORT, params.toArray(String[]::new)));
        }
    }

    /** The 005 (ISUPPORT) tokens, one per entry, in the order sent; split over as many lines as needed. */
    static List<String> isupport(ChatConfig cfg) {
        List<String> t = new ArrayList<>();
        t.add("CASEMAPPING=rfc1459");
        t.add("CHANTYPES=#");
        t.add("PREFIX=(ov)@+");
        t.add("CHANMODES=beI,k,l,Cimnst");
        t.add("EXCEPTS=e");
        t.add("INVEX=I");
        t.add("EXTBAN=," + ChannelAccess.MUTE.charAt(0));
        t.add("MAXLIST=beI:" + ChannelAccess.MAX_LIST);
        t.add("NICKLEN=" + cfg.nickLength());
        t.add("CHANNELLEN=" + cfg.channelLength());
        t.add("TOPICLEN=" + cfg.topicLength());
        t.add("CHANLIMIT=#:" + cfg.maxChannelsPerClient());
        t.add("NETWORK=" + cfg.network());
        t.add("BOT=B");
        int n = cfg.maxTargets();
        int chans = cfg.maxChannelsPerClient();
        t.add("TARGMAX=PRIVMSG:" + n + ",NOTICE:" + n + ",TAGMSG:" + n + ",KICK:" + n + ",JOIN:" + chans + ",PART:" + chans
                + ",NAMES:" + chans);
        t.add("MAXTARGETS=" + n);
        t.add("SAFELIST");
        t.add("ELIST=MNU");
        t.add("STATUSMSG=@+");
        t.add("AWAYLEN=" + Queries.AWAY_LENGTH);
        t.add("KICKLEN=" + Channels.KICK_LENGTH);
        t.add("KEYLEN=" + ChannelAccess.KEY_LENGTH);
        t.add("USERLEN=" + USER_LENGTH);
        t.add("HOSTLEN=" + HOST_LENGTH);
        // One MODE line holds at most 15 parameters: the target, the modes and 13 more; 12 leaves room.
        t.add("MODES=12");
        t.add("WHOX");
        t.add("MONITOR=" + dev.sockets.chat.server.state.Monitors.LIMIT);
        if (cfg.utf8Only()) {
            t.add("UTF8ONLY");
        }
        return t;
    }
}
