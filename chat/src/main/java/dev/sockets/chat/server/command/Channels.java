package dev.sockets.chat.server.command;

import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.state.Channel;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.Registry;
import dev.sockets.chat.server.state.ReplySource;
import dev.sockets.chat.server.state.User;
import static dev.sockets.chat.protocol.Numeric.*;

import dev.sockets.chat.protocol.CaseMapping;
import dev.sockets.chat.protocol.Capability;
import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.chat.protocol.TaggedLine;
import java.util.List;
import java.util.function.Consumer;

/**
 * JOIN, PART, TOPIC, NAMES, LIST and KICK. Membership and topic changes run in one registry change each,
 * so the PART or KICK line reaches the members only once the user is out of the channel.
 */
final class Channels {

    /** Room for the rest of a 353 line (prefix, nick, channel) within 512 bytes. */
    private static final int NAMES_PER_LINE_BYTES = 400;

    /** Longest KICK reason (005 KICKLEN); longer ones are cut, as TOPICLEN cuts topics. */
    static final int KICK_LENGTH = 390;

    private Channels() {
    }

    static void join(CommandContext ctx, Client c, IrcLine l) {
        if (l.param(0).equals("0")) {
            partAll(ctx, c);
            return;
        }
        ChatConfig cfg = ctx.config();
        String[] keys = l.paramCount() > 1 ? l.param(1).split(",", -1) : new String[0];
        String[] names = l.param(0).split(",");
        int max = cfg.maxChannelsPerClient();
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            if (name.isEmpty()) {
                continue;
            }
            if (i >= max) {
                Messages.tooManyTargets(c, name, "JOIN", max);
                continue;
            }
            if (!CaseMapping.isValidChannel(name, cfg.channelLength())) {
                c.numeric(ERR_NOSUCHCHANNEL, name, "No such channel");
                continue;
            }
            joinOne(ctx, c, name, i < keys.length ? keys[i] : null, cfg);
        }
    }

    private static void joinOne(CommandContext ctx, Client c, String name, String key, ChatConfig cfg) {
        Registry registry = ctx.registry();
        Channel[] joined = new Channel[1];
        // Read before the registry lock: no lock is held across a database query.
        java.util.Optional<dev.sockets.chat.server.account.ChannelRegistration> registered = ChanServ.lookup(ctx, name);
        registry.change(tx -> {
            Channel existing = registry.channel(name);
            if (existing != null && existing.hasMember(c)) {
                return;
            }
            if (c.channels().size() >= cfg.maxChannelsPerClient()) {
                c.numeric(ERR_TOOMANYCHANNELS, name, "You have joined too many channels");
                return;
            }
            // A registered channel's operators (by account) always get in; others as its modes say.
            boolean registeredOperator = registered.isPresent() && ChanServ.isOperator(registered.get(), c.account());
            ChannelAccess.Refusal refusal = registeredOperator ? null
                    : existing != null ? ChannelAccess.joinRefusal(existing, c, key)
                    : registered.isPresent() ? ChanServ.recreationRefusal(registered.get(), c, key) : null;
            if (refusal != null) {
                c.numeric(refusal.numeric(), existing != null ? existing.name() : registered.get().name(),
                        refusal.text());
                return;
            }
            String shownName = existing != null ? existing.name() : name;
            TaggedLine join = Channel.joinLine(c, shownName);
            // A registered channel's creator is its operator only if its account is one of the channel's.
            Boolean operator = existing == null && registered.isPresent()
                    ? ChanServ.isOperator(registered.get(), c.account()) : null;
            Channel ch = tx.join(c, name, operator, join);
            tx.toChannel(ch, join, c);
            if (registered.isPresent()) {
                ChanServ.applyOnJoin(tx, ch, c, existing == null, registered.get());
            }
            if (c.away() != null) {
                tx.toChannel(ch, TaggedLine.only(Capability.AWAY_NOTIFY,
                        IrcLine.formatTrailing(c.prefix(), "AWAY", c.away())).withAccount(c.account()), c);
            }
            if (ch.topic() != null) {
                sendTopic(ctx, c, ch); // no 331 on JOIN (RFC 2812 3.2.1, as other servers do)
            }
            sendNames(ctx, c, ch);
            tx.metadataOnJoin(c, ch);
            joined[0] = ch;
        });
        if (joined[0] != null) {
            // After the change: reading the store under the registry lock would hold up everyone.
            ChatHistory.replayOnJoin(ctx, c, joined[0], ctx.history().joinReplay());
        }
    }

    private static void partAll(CommandContext ctx, Client c) {
        Registry registry = ctx.registry();
        registry.change(tx -> {
            for (Channel ch : List.copyOf(c.channels())) {
                tx.toChannel(ch, dev.sockets.chat.protocol.TaggedLine.now(IrcLine.format(c.prefix(), "PART", false, ch.name())).withAccount(c.account()), null);
                tx.leave(c, ch);
            }
        });
    }

    static void part(CommandContext ctx, Client c, IrcLine l) {
        Registry registry = ctx.registry();
        String reason = l.param(1);
        String[] names = l.param(0).split(",");
        int max = ctx.config().maxChannelsPerClient();
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            if (name.isEmpty()) {
                continue;
            }
            if (i >= max) {
                Messages.tooManyTargets(c, name, "PART", max);
                continue;
            }
            Channel ch = existing(ctx, c, name);
            if (ch == null) {
                continue;
            }
            registry.change(tx -> {
                if (!ch.hasMember(c)) {
                    c.numeric(ERR_NOTONCHANNEL, ch.name(), "You're not on that channel");
                    return;
                }
                byte[] line = reason == null
                        ? IrcLine.format(c.prefix(), "PART", false, ch.name())
                        : IrcLine.formatTrailing(c.prefix(), "PART", ch.name(), reason);
                tx.toChannel(ch, TaggedLine.now(line).withAccount(c.account()), null);
                tx.leave(c, ch);
            });
        }
    }

    static void topic(CommandContext ctx, Client c, IrcLine l) {
        Registry registry = ctx.registry();
        Channel ch = existing(ctx, c, l.param(0));
        if (ch == null) {
            return;
        }
        if (l.paramCount() == 1) {
            sendTopic(ctx, c, ch);
            return;
        }
        int max = ctx.config().topicLength();
        String text = l.param(1).length() > max ? l.param(1).substring(0, max) : l.param(1);
        registry.change(tx -> {
            if (!ch.hasMember(c)) {
                c.numeric(ERR_NOTONCHANNEL, ch.name(), "You're not on that channel");
            } else if (ch.topicLocked() && !ch.isOperator(c)) {
                c.numeric(ERR_CHANOPRIVSNEEDED, ch.name(), "You're not channel operator");
            } else {
                tx.setTopic(ch, text, c.nick());
                tx.toChannel(ch, dev.sockets.chat.protocol.TaggedLine.now(IrcLine.formatTrailing(c.prefix(), "TOPIC", ch.name(), text)).withAccount(c.account()), null);
            }
        });
        ChanServ.changed(ctx, ch);
    }

    /** The channel named {@code name}, or null after telling {@code c} 403 (no such channel). */
    static Channel existing(CommandContext ctx, Client c, String name) {
        Channel ch = ctx.registry().channel(name);
        if (ch == null) {
            c.numeric(ERR_NOSUCHCHANNEL, name, "No such channel");
        }
        return ch;
    }

    static void sendTopic(CommandContext ctx, Client c, Channel ch) {
        String topic = ch.topic();
        if (topic == null) {
            c.numeric(RPL_NOTOPIC, ch.name(), "No topic is set");
        } else {
            c.numeric(RPL_TOPIC, ch.name(), topic);
            c.send(IrcLine.format(ctx.config().serverName(), RPL_TOPICWHOTIME, false, c.nick(), ch.name(),
                    ch.topicSetBy(), Long.toString(ch.topicSetSeconds())));
        }
    }

    static void names(CommandContext ctx, Client c, IrcLine l) {
        Registry registry = ctx.registry();
        if (l.paramCount() == 0) {
            // Every channel: as long as the network is large, so produced as the client reads.
            c.stream(ReplySource.over(List.copyOf(registry.channels()).iterator(), (ch, out) -> registry.exclusive(() -> {
                if (registry.channel(ch.name()) == ch && (!ch.secret() || ch.hasMember(c))) {
                    nameLines(c, ch, out);
                }
            }), () -> c.numericLine(RPL_ENDOFNAMES, "*", "End of /NAMES list.")));
            return;
        }
        String[] names = l.param(0).split(",");
        if (names.length == 1) {
            c.stream(ReplySource.over(List.of(names[0]).iterator(), (name, out) -> {
                Channel ch = registry.channel(name);
                if (ch != null && (!ch.secret() || ch.hasMember(c))) {
                    registry.exclusive(() -> nameLines(c, ch, out));
                }
                out.accept(c.numericLine(RPL_ENDOFNAMES, ch == null ? name : ch.name(), "End of /NAMES list."));
            }, null));
            return;
        }
        // Several channels (TARGMAX NAMES): their 353 lines, then one 366 naming the list as asked
        // (RFC 2812 3.2.5, as InspIRCd answers); names past the limit get 407 and are left out.
        int max = ctx.config().maxChannelsPerClient();
        List<String> asked = new java.util.ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if (i >= max) {
                Messages.tooManyTargets(c, names[i], "NAMES", max);
            } else {
                asked.add(names[i]);
            }
        }
        c.stream(ReplySource.over(asked.iterator(), (name, out) -> {
            Channel ch = registry.channel(name);
            if (ch != null && (!ch.secret() || ch.hasMember(c))) {
                registry.exclusive(() -> nameLines(c, ch, out));
            }
        }, () -> c.numericLine(RPL_ENDOFNAMES, l.param(0), "End of /NAMES list.")));
    }

    /** 353 lines then 366; caller holds the registry lock. */
    static void sendNames(CommandContext ctx, Client c, Channel ch) {
        nameLines(c, ch, c::send);
        c.numeric(RPL_ENDOFNAMES, ch.name(), "End of /NAMES list.");
    }

    /** The 353 lines of one channel; caller holds the registry lock. */
    private static void nameLines(Client c, Channel ch, Consumer<byte[]> out) {
        StringBuilder sb = new StringBuilder();
        String symbol = ch.secret() ? "@" : "=";
        for (String n : ch.namesWithPrefixes(ch.hasMember(c), c.has(Capability.MULTI_PREFIX),
                c.has(Capability.USERHOST_IN_NAMES))) {
            if (sb.length() + n.length() + 1 > NAMES_PER_LINE_BYTES) {
                out.accept(c.numericLine(RPL_NAMREPLY, symbol, ch.name(), sb.toString()));
                sb.setLength(0);
            }
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(n);
        }
        if (!sb.isEmpty()) {
            out.accept(c.numericLine(RPL_NAMREPLY, symbol, ch.name(), sb.toString()));
        }
    }

    /**
     * LIST, by name, mask or member count ({@link ListFilter}), produced as the client reads it (SAFELIST): thousands of channels with long topics are more
     * than a send queue holds. The channels are the ones that exist when LIST arrives; each entry shows
     * its channel when its turn comes, and a channel gone meanwhile is left out.
     */
    static void list(CommandContext ctx, Client c, IrcLine l) {
        Registry registry = ctx.registry();
        c.numeric(RPL_LISTSTART, "Channel", "Users  Name");
        ListFilter filter = ListFilter.parse(l.paramCount() == 0 ? "" : l.param(0));
        List<Channel> which = filter.onlyNames()
                ? filter.masks().stream().map(registry::channel).filter(java.util.Objects::nonNull).distinct().toList()
                : List.copyOf(registry.channels());
        c.stream(ReplySource.over(which.iterator(), (ch, out) -> {
            if (registry.channel(ch.name()) != ch || ch.secret() && !ch.hasMember(c) || !filter.accepts(ch)) {
                return;
            }
            String topic = ch.topic();
            out.accept(c.numericLine(RPL_LIST, ch.name(), Integer.toString(ch.size()), topic == null ? "" : topic));
        }, () -> c.numericLine(RPL_LISTEND, "End of /LIST")));
    }

    /**
     * {@code KICK #c a,b} kicks each user from one channel, {@code KICK #c,#d a,b} pairs them (RFC 2812
     * 3.2.8); up to the target limit, each user beyond it answered with 407. One KICK line per user.
     */
    static void kick(CommandContext ctx, Client c, IrcLine l) {
        String[] chans = l.param(0).split(",");
        String[] targets = l.param(1).split(",");
        if (chans.length != 1 && chans.length != targets.length) {
            c.numeric(ERR_NEEDMOREPARAMS, "KICK", "Not enough parameters: one channel, or one per user");
            return;
        }
        String given = l.paramCount() > 2 && !l.param(2).isEmpty() ? l.param(2) : c.nick();
        String reason = given.length() > KICK_LENGTH ? given.substring(0, KICK_LENGTH) : given; // 005 KICKLEN
        int max = ctx.config().maxTargets();
        Channel only = chans.length == 1 ? existing(ctx, c, chans[0]) : null;
        if (chans.length == 1 && only == null) {
            return;
        }
        for (int i = 0; i < targets.length; i++) {
            if (i >= max) {
                Messages.tooManyTargets(c, targets[i], "KICK", max);
                continue;
            }
            Channel ch = only != null ? only : existing(ctx, c, chans[i]);
            if (ch != null) {
                kickOne(ctx, c, ch, targets[i], reason);
            }
        }
    }

    private static void kickOne(CommandContext ctx, Client c, Channel ch, String target, String reason) {
        Registry registry = ctx.registry();
        registry.change(tx -> {
            if (!ch.hasMember(c)) {
                c.numeric(ERR_NOTONCHANNEL, ch.name(), "You're not on that channel");
                return;
            }
            if (!ch.isOperator(c)) {
                c.numeric(ERR_CHANOPRIVSNEEDED, ch.name(), "You're not channel operator");
                return;
            }
            User victim = registry.user(target);
            if (victim == null) {
                c.numeric(ERR_NOSUCHNICK, target, "No such nick/channel");
                return;
            }
            if (!ch.hasMember(victim)) {
                c.numeric(ERR_USERNOTINCHANNEL, victim.nick(), ch.name(), "They aren't on that channel");
                return;
            }
            tx.toChannel(ch, dev.sockets.chat.protocol.TaggedLine.now(IrcLine.formatTrailing(c.prefix(), "KICK", ch.name(), victim.nick(), reason)).withAccount(c.account()), null);
            tx.leave(victim, ch);
        });
    }
}
