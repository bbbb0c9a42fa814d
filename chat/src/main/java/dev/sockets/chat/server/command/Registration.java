package dev.sockets.chat.server.command;

import static dev.sockets.chat.protocol.Numeric.*;

import dev.sockets.chat.protocol.CaseMapping;
import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.chat.server.ChatConfig;
import dev.sockets.chat.server.Client;
import dev.sockets.chat.server.Departure;
import dev.sockets.chat.server.Registry;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** PASS, NICK, USER, CAP and the welcome burst that completes registration. */
final class Registration {

    private static final int USER_LENGTH = 10;

    private Registration() {
    }

    static void pass(Client c, IrcLine l) {
        if (c.isRegistered()) {
            c.numeric(ERR_ALREADYREGISTERED, "You may not reregister");
            return;
        }
        c.setPassword(l.param(0));
    }

    static void nick(Client c, IrcLine l) {
        String nick = l.param(0);
        if (nick == null || nick.isEmpty()) {
            c.numeric(ERR_NONICKNAMEGIVEN, "No nickname given");
            return;
        }
        ChatConfig cfg = c.server().config();
        if (!CaseMapping.isValidNick(nick, cfg.nickLength())) {
            c.numeric(ERR_ERRONEUSNICKNAME, nick, "Erroneous nickname");
            return;
        }
        if (nick.equals(c.nick())) {
            return;
        }
        Registry registry = c.server().registry();
        if (!c.isRegistered()) {
            if (!registry.claimNick(c, nick)) {
                c.numeric(ERR_NICKNAMEINUSE, nick, "Nickname is already in use");
                return;
            }
            complete(c);
            return;
        }
        if (!registry.changeNick(c, nick, IrcLine.formatTrailing(c.prefix(), "NICK", nick))) {
            c.numeric(ERR_NICKNAMEINUSE, nick, "Nickname is already in use");
        }
    }

    static void user(Client c, IrcLine l) {
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
        c.setUser(user.isEmpty() ? "user" : user.toString(), l.param(3));
        complete(c);
    }

    static void cap(Client c, IrcLine l) {
        String sub = l.param(0).toUpperCase(Locale.ROOT);
        switch (sub) {
            case "LS" -> {
                if (!c.isRegistered()) {
                    c.setCapNegotiating(true);
                }
                c.fromServer("CAP", c.nickOrStar(), "LS", "");
            }
            case "LIST" -> c.fromServer("CAP", c.nickOrStar(), "LIST", "");
            case "REQ" -> {
                if (!c.isRegistered()) {
                    c.setCapNegotiating(true);
                }
                c.fromServer("CAP", c.nickOrStar(), "NAK", l.param(1) == null ? "" : l.param(1));
            }
            case "END" -> {
                c.setCapNegotiating(false);
                complete(c);
            }
            default -> c.numeric(ERR_INVALIDCAPCMD, l.param(0), "Invalid CAP command");
        }
    }

    /** Registers the client when NICK, USER (and CAP END, if negotiating) are all in. */
    static void complete(Client c) {
        if (c.isRegistered() || c.nick() == null || c.user() == null || c.isCapNegotiating()) {
            return;
        }
        ChatConfig cfg = c.server().config();
        if (cfg.password() != null && !cfg.password().equals(c.password())) {
            c.numeric(ERR_PASSWDMISMATCH, "Password incorrect");
            c.disconnect(Departure.PASSWORD, "Bad password", c.closingLink("Bad password"), false);
            return;
        }
        c.setRegistered();
        welcome(c);
    }

    private static void welcome(Client c) {
        ChatConfig cfg = c.server().config();
        String server = cfg.serverName();
        c.numeric(RPL_WELCOME, "Welcome to the " + cfg.network() + " IRC Network " + c.prefix());
        c.numeric(RPL_YOURHOST, "Your host is " + server + ", running version " + c.server().version());
        c.numeric(RPL_CREATED, "This server was created "
                + DateTimeFormatter.RFC_1123_DATE_TIME.format(c.server().created().atOffset(ZoneOffset.UTC)));
        c.send(IrcLine.format(server, RPL_MYINFO, false, c.nick(), server, c.server().version(), "i", "ont"));
        c.send(IrcLine.format(server, RPL_ISUPPORT, false, c.nick(),
                "CASEMAPPING=rfc1459", "CHANTYPES=#", "PREFIX=(o)@", "CHANMODES=b,,,nt",
                "NICKLEN=" + cfg.nickLength(), "CHANNELLEN=" + cfg.channelLength(),
                "TOPICLEN=" + cfg.topicLength(), "CHANLIMIT=#:" + cfg.maxChannelsPerClient(),
                "NETWORK=" + cfg.network(), "are supported by this server"));
        Queries.lusers(c, null);
        Queries.motd(c, null);
    }
}
