package dev.sockets.chat.server.command;

import dev.sockets.chat.protocol.CaseMapping;
import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.chat.server.account.AccountStoreException;
import dev.sockets.chat.server.state.Client;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service pseudo-user as IRC networks have them ({@code NickServ}, {@code ChanServ}): a nick no user may
 * take, which a PRIVMSG (or the service's own command, {@code NS} or {@code CS}) talks to in words, and which
 * answers each with NOTICEs from {@code Nick!Nick@services}. A NOTICE or TAGMSG to it is dropped, as what is
 * never answered automatically. What a user sends a service is never echoed, recorded or relayed: it may hold
 * a password. A service is one subclass, listed in {@link #ALL}: {@code Messages}, {@code Registration},
 * the {@code CommandTable} and {@code Help} find it there.
 */
abstract class Service {

    private static final Logger log = LoggerFactory.getLogger(Service.class);

    /** Every service of this server. */
    static final List<Service> ALL = List.of(new NickServ(), new ChanServ());

    private final String nick;
    private final String command;
    private final String prefix;

    /**
     * @param nick the pseudo-user's nick (reserved)
     * @param command the command that talks to it without a PRIVMSG
     */
    Service(String nick, String command) {
        this.nick = nick;
        this.command = command;
        this.prefix = prefixOf(nick);
    }

    /** The prefix of the lines a service sends, {@code Nick!Nick@services}. */
    static String prefixOf(String nick) {
        return nick + "!" + nick + "@services";
    }

    /** The service called {@code nick}, or null when it is no service's. */
    static Service named(String nick) {
        for (Service s : ALL) {
            if (CaseMapping.equals(nick, s.nick)) {
                return s;
            }
        }
        return null;
    }

    /** Whether {@code nick} is a service's (no user may take it). */
    static boolean isReserved(String nick) {
        return named(nick) != null;
    }

    String nick() {
        return nick;
    }

    /** The command that talks to the service as a PRIVMSG to it does. */
    String command() {
        return command;
    }

    /** The help of {@link #command()}: its syntax first (starting with the command), then what it does. */
    abstract List<String> help();

    /** Why the service cannot serve on this server (it keeps no store), or null when it can. */
    abstract String unavailable(CommandContext ctx);

    /** What the user is told when the store does not answer. */
    abstract String storeDown();

    /**
     * Does what {@code words} ask ({@code command} is the first, in upper case), telling {@code c} how it went;
     * an unknown command is answered with the list of commands.
     *
     * @throws AccountStoreException when the store cannot answer (the user is told {@link #storeDown()})
     */
    abstract void run(CommandContext ctx, Client c, String command, String[] words) throws InterruptedException;

    /** A PRIVMSG to the service, or its command, from {@code c}: {@code text} is the words. */
    final void handle(CommandContext ctx, Client c, String text) {
        String[] words = text.trim().split(" +");
        String verb = words[0].toUpperCase(Locale.ROOT);
        String unavailable = unavailable(ctx);
        if (unavailable != null) {
            tell(c, unavailable);
            return;
        }
        try {
            run(ctx, c, verb, words);
        } catch (AccountStoreException e) {
            log.warn("chat: services: {} {}: {}", nick, verb, e.getMessage());
            tell(c, storeDown());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tell(c, "The server is stopping; nothing was changed");
        }
    }

    /** One NOTICE from the service to {@code c}. */
    final void tell(Client c, String text) {
        c.send(IrcLine.formatTrailing(prefix, "NOTICE", c.nickOrStar(), text));
    }
}
