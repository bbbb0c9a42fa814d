package dev.sockets.chat.server.command;

import dev.sockets.chat.protocol.CaseMapping;
import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.chat.server.account.AccountService;
import dev.sockets.chat.server.account.AccountStoreException;
import dev.sockets.chat.server.account.ChannelRegistration;
import dev.sockets.chat.server.account.SqlChannelRegistrations;
import dev.sockets.chat.server.state.Change;
import dev.sockets.chat.server.state.Channel;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registered channels, through the {@code ChanServ} pseudo-user users know from IRC networks
 * ({@code /msg ChanServ REGISTER #chan}, or the {@code CS} command): a logged-in channel operator registers
 * a channel to its account; from then on its topic, modes, b/e/I lists and operators (by account) are
 * saved whenever they change, and apply when the channel is created again (after a restart, or once
 * everyone left). Operators' accounts, and the founder's, get +o when they join. Every misuse is answered
 * with a NOTICE saying what to do. The nick {@code ChanServ} belongs to no user.
 */
final class ChanServ extends Service {

    static final String NICK = "ChanServ";
    private static final String PREFIX = prefixOf(NICK);
    private static final Logger log = LoggerFactory.getLogger(ChanServ.class);

    ChanServ() {
        super(NICK, "CS");
    }

    @Override
    List<String> help() {
        return List.of("CS REGISTER | UNREGISTER | INFO <#channel>",
                "Talks to ChanServ (as PRIVMSG ChanServ does): registers a channel to your account, so its",
                "topic, modes, lists and operators are kept; or unregisters it, or tells who founded it.");
    }

    @Override
    String unavailable(CommandContext ctx) {
        return ctx.accounts().channels() != null ? null
                : "Channels cannot be registered on this server (it keeps no store)";
    }

    @Override
    String storeDown() {
        return "Registered channels are unavailable right now, try again later";
    }

    /** {@code REGISTER #c}, {@code UNREGISTER #c}, {@code INFO #c}; anything else is answered with these. */
    @Override
    void run(CommandContext ctx, Client c, String command, String[] words) {
        String channel = words.length > 1 ? words[1] : null;
        SqlChannelRegistrations store = ctx.accounts().channels();
        switch (command) {
            case "REGISTER", "UNREGISTER", "INFO" -> {
                if (channel == null || !channel.startsWith("#")) {
                    tell(c, "Syntax: " + command + " #channel");
                    return;
                }
                switch (command) {
                    case "REGISTER" -> register(ctx, c, store, channel);
                    case "UNREGISTER" -> unregister(c, store, channel);
                    default -> info(c, store, channel);
                }
            }
            default -> tell(c, "Commands: REGISTER #channel (you must be logged in and a channel operator), "
                    + "UNREGISTER #channel (founder), INFO #channel");
        }
    }

    private void register(CommandContext ctx, Client c, SqlChannelRegistrations store, String name) {
        if (c.account() == null) {
            tell(c, "Log in to an account first (SASL, or REGISTER to create one) to register a channel");
            return;
        }
        Channel ch = ctx.registry().channel(name);
        if (ch == null || !ch.hasMember(c) || !ch.isOperator(c)) {
            tell(c, "You must be a channel operator of " + name + " to register it");
            return;
        }
        Optional<ChannelRegistration> existing = store.find(name);
        if (existing.isPresent()) {
            tell(c, ch.name() + " is registered already, to " + existing.get().founder());
            return;
        }
        ChannelRegistration fresh = new ChannelRegistration(ch.name(), c.account(), System.currentTimeMillis(), null,
                null, 0, "", null, 0, List.of(), Set.of(CaseMapping.fold(c.account())));
        if (!store.register(snapshot(ctx, ch, fresh))) {
            tell(c, ch.name() + " was registered by someone else just now");
            return;
        }
        tell(c, ch.name() + " is now registered to your account " + c.account()
                + ": its topic, modes, lists and operators are kept and apply when it is created again");
    }

    private void unregister(Client c, SqlChannelRegistrations store, String name) {
        Optional<ChannelRegistration> reg = store.find(name);
        if (reg.isEmpty()) {
            tell(c, name + " is not registered");
            return;
        }
        if (!AccountService.sameName(reg.get().founder(), c.account()) && !c.isIrcOperator()) {
            tell(c, "Only the founder of " + reg.get().name() + " (" + reg.get().founder() + ") or an IRC operator "
                    + "may unregister it");
            return;
        }
        store.unregister(name);
        tell(c, reg.get().name() + " is no longer registered");
    }

    private void info(Client c, SqlChannelRegistrations store, String name) {
        Optional<ChannelRegistration> reg = store.find(name);
        if (reg.isEmpty()) {
            tell(c, name + " is not registered");
            return;
        }
        tell(c, reg.get().name() + " is registered to " + reg.get().founder() + " since "
                + Instant.ofEpochMilli(reg.get().registeredMillis()));
    }

    /**
     * The channel's state now, with its operators: the accounts of members who are operators are added,
     * those of members who are not are removed, and absent ones keep what {@code prior} said.
     */
    private static ChannelRegistration snapshot(CommandContext ctx, Channel ch, ChannelRegistration prior) {
        ChannelRegistration[] out = new ChannelRegistration[1];
        ctx.registry().exclusive(() -> {
            Set<String> ops = new HashSet<>(prior.operators());
            for (User m : ch.members()) {
                if (m.account() != null) {
                    if (ch.isOperator(m)) {
                        ops.add(CaseMapping.fold(m.account()));
                    } else {
                        ops.remove(CaseMapping.fold(m.account()));
                    }
                }
            }
            List<ChannelRegistration.Mask> masks = new ArrayList<>();
            for (char mode : new char[] {'b', 'e', 'I'}) {
                for (Channel.MaskEntry e : ch.maskList(mode)) {
                    masks.add(new ChannelRegistration.Mask(mode, e.mask(), e.setBy(), e.setSeconds()));
                }
            }
            out[0] = new ChannelRegistration(prior.name(), prior.founder(), prior.registeredMillis(), ch.topic(),
                    ch.topicSetBy(), ch.topicSetMillis(), ch.flags(), ch.joinKey(), ch.limit(), masks, ops);
        });
        return out[0];
    }

    /** The channel's modes, topic or lists changed: a registered channel's are saved. */
    static void changed(CommandContext ctx, Channel ch) {
        SqlChannelRegistrations store = ctx.accounts().channels();
        if (store == null) {
            return;
        }
        try {
            Optional<ChannelRegistration> reg = store.find(ch.name());
            if (reg.isPresent()) {
                store.save(snapshot(ctx, ch, reg.get()));
            }
        } catch (AccountStoreException e) {
            log.warn("chat: channels: cannot save {}: {}", ch.name(), e.getMessage());
        }
    }

    /** The registration of {@code name} for a JOIN, looked up before the registry lock is taken; or empty. */
    static Optional<ChannelRegistration> lookup(CommandContext ctx, String name) {
        SqlChannelRegistrations store = ctx.accounts().channels();
        if (store == null) {
            return Optional.empty();
        }
        try {
            return store.find(name);
        } catch (AccountStoreException e) {
            log.warn("chat: channels: cannot read {}: {}", name, e.getMessage());
            return Optional.empty(); // the store is down: the channel works as an unregistered one
        }
    }

    /**
     * Why {@code u} may not create the registered channel again with {@code key}, by its saved +b/+e, +i/+I
     * and +k, or null when it may; its operators always may.
     */
    static ChannelAccess.Refusal recreationRefusal(ChannelRegistration reg, User u, String key) {
        if (isOperator(reg, u.account())) {
            return null;
        }
        if (matches(reg, 'b', u) && !matches(reg, 'e', u)) {
            return new ChannelAccess.Refusal(dev.sockets.chat.protocol.Numeric.ERR_BANNEDFROMCHAN, "Cannot join channel (+b)");
        }
        if (reg.flags().indexOf('i') >= 0 && !matches(reg, 'I', u)) {
            return new ChannelAccess.Refusal(dev.sockets.chat.protocol.Numeric.ERR_INVITEONLYCHAN, "Cannot join channel (+i)");
        }
        if (reg.joinKey() != null && !reg.joinKey().equals(key)) {
            return new ChannelAccess.Refusal(dev.sockets.chat.protocol.Numeric.ERR_BADCHANNELKEY, "Cannot join channel (+k)");
        }
        return null;
    }

    private static boolean matches(ChannelRegistration reg, char mode, User u) {
        for (ChannelRegistration.Mask m : reg.masks()) {
            if (m.mode() == mode && CaseMapping.matches(m.mask(), u.prefix())) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code account} is an operator of the registered channel. */
    static boolean isOperator(ChannelRegistration reg, String account) {
        return account != null && (AccountService.sameName(reg.founder(), account)
                || reg.operators().contains(CaseMapping.fold(account)));
    }

    /**
     * Under the registry lock, after {@code u} joined {@code ch}: a channel created by this JOIN gets its saved
     * topic, modes and lists; a joiner whose account is one of its operators gets +o (by ChanServ) if it has
     * not got it.
     */
    static void applyOnJoin(Change tx, Channel ch, User u, boolean created, ChannelRegistration reg) {
        if (created) {
            for (char m : reg.flags().toCharArray()) {
                if (Channel.FLAG_MODES.indexOf(m) >= 0) {
                    tx.setFlag(ch, m, true);
                }
            }
            for (char m : Channel.FLAG_MODES.toCharArray()) {
                if (reg.flags().indexOf(m) < 0) {
                    tx.setFlag(ch, m, false);
                }
            }
            tx.setKey(ch, reg.joinKey());
            tx.setLimit(ch, reg.limit());
            for (ChannelRegistration.Mask mask : reg.masks()) {
                tx.addMask(ch, mask.mode(), mask.mask(), mask.setBy(), mask.setSeconds());
            }
            if (reg.topic() != null) {
                tx.setTopic(ch, reg.topic(), reg.topicSetBy() == null ? NICK : reg.topicSetBy());
            }
        }
        if (isOperator(reg, u.account()) && !ch.isOperator(u) && tx.setOperator(ch, u, true)) {
            tx.toChannel(ch, IrcLine.format(PREFIX, "MODE", false, ch.name(), "+o", u.nick()), null);
        }
    }
}
