package dev.sockets.chat.server.command;

import dev.sockets.chat.server.state.Channel;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.Metadata;
import dev.sockets.chat.server.state.Registry;
import dev.sockets.chat.server.state.User;
import static dev.sockets.chat.protocol.Numeric.*;

import dev.sockets.chat.protocol.Capability;
import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.chat.protocol.TaggedLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * METADATA (IRCv3 draft/metadata-3): {@code METADATA <target> GET|LIST|SET|CLEAR|SUB|UNSUB|SUBS|SYNC ...}.
 * A target is {@code *} (oneself), a nick or a channel. Anyone may read a user's metadata and a channel's
 * unless it is secret or invite-only and they are not in it; one sets only one's own and, as a channel
 * operator, the channel's. GET, LIST, CLEAR and SYNC answer in a {@code metadata} batch (with the batch
 * capability). Subscribers (SUB) that negotiated the capability hear of changes of the users they share a
 * channel with and of their channels, and of what those have when they join. Errors are {@code FAIL
 * METADATA} codes. Held in memory while the user is connected or the channel exists, replicated in a
 * cluster.
 */
final class MetadataCommand {

    private static final AtomicLong BATCH_IDS = new AtomicLong();

    private MetadataCommand() {
    }

    /** Who a METADATA command is about: a user or a channel, and its name as shown. */
    private record Target(User user, Channel channel, String name) { }

    static void metadata(CommandContext ctx, Client c, IrcLine l) {
        String sub = l.param(1).toUpperCase(Locale.ROOT);
        List<String> args = l.params().subList(2, l.paramCount());
        switch (sub) {
            case "SUB" -> subscribe(c, args);
            case "UNSUB" -> unsubscribe(c, args);
            case "SUBS" -> subscriptions(c);
            case "GET", "LIST", "SYNC", "SET", "CLEAR" -> {
                Target t = target(ctx, c, l.param(0));
                if (t == null) {
                    return;
                }
                switch (sub) {
                    case "GET" -> get(ctx, c, t, args);
                    case "LIST" -> list(ctx, c, t);
                    case "SYNC" -> sync(ctx, c, t);
                    case "SET" -> set(ctx, c, t, args);
                    default -> clear(ctx, c, t);
                }
            }
            default -> c.fromServer("FAIL", "METADATA", "SUBCOMMAND_INVALID", l.param(1), "Unknown METADATA subcommand");
        }
    }

    private static Target target(CommandContext ctx, Client c, String name) {
        Registry registry = ctx.registry();
        if (name.equals("*")) {
            return new Target(c, null, c.nick());
        }
        if (name.startsWith("#")) {
            Channel ch = registry.channel(name);
            if (ch != null) {
                return new Target(null, ch, ch.name());
            }
        } else {
            User u = registry.user(name);
            if (u != null && u.isRegistered()) {
                return new Target(u, null, u.nick());
            }
        }
        c.fromServer("FAIL", "METADATA", "INVALID_TARGET", name, "No such nick or channel");
        return null;
    }

    /** Whether {@code c} may read {@code t}; when not, says so. */
    private static boolean readable(CommandContext ctx, Client c, Target t) {
        Channel ch = t.channel();
        if (ch != null && (ch.secret() || ch.inviteOnly()) && !ch.hasMember(c)) {
            c.fromServer("FAIL", "METADATA", "KEY_NO_PERMISSION", t.name(), "*",
                    "The metadata of this channel is for its members");
            return false;
        }
        return true;
    }

    /** Whether {@code c} may change {@code t} (itself; a channel it operates); when not, says so for {@code key}. */
    private static boolean writable(CommandContext ctx, Client c, Target t, String key) {
        boolean may = t.channel() == null ? t.user() == c
                : ctx.registry().exclusive(() -> t.channel().isOperator(c));
        if (!may) {
            c.fromServer("FAIL", "METADATA", "KEY_NO_PERMISSION", t.name(), key,
                    t.channel() == null ? "You may change only your own metadata" : "You're not channel operator");
        }
        return may;
    }

    private static Metadata of(Target t) {
        return t.channel() != null ? t.channel().metadata() : t.user().metadata();
    }

    private static void get(CommandContext ctx, Client c, Target t, List<String> keys) {
        if (keys.isEmpty()) {
            c.numeric(ERR_NEEDMOREPARAMS, "METADATA", "Not enough parameters");
            return;
        }
        if (!readable(ctx, c, t)) {
            return;
        }
        List<byte[]> lines = new ArrayList<>();
        ctx.registry().exclusive(() -> {
            for (String key : keys) {
                lines.add(Metadata.isValidKey(key) ? Metadata.line(c, t.name(), key, of(t).get(key))
                        : IrcLine.formatTrailing(c.serverName(), "FAIL", "METADATA", "KEY_INVALID", key, "Invalid key"));
            }
        });
        batch(c, t.name(), lines);
    }

    private static void list(CommandContext ctx, Client c, Target t) {
        if (readable(ctx, c, t)) {
            batch(c, t.name(), ctx.registry().exclusive(() -> lines(c, t.name(), of(t).entries(), null)));
        }
    }

    /** 761 lines for {@code entries}, only the keys in {@code only} when not null. */
    private static List<byte[]> lines(Client c, String target, Map<String, String> entries, java.util.Set<String> only) {
        List<byte[]> lines = new ArrayList<>();
        entries.forEach((k, v) -> {
            if (only == null || only.contains(k)) {
                lines.add(Metadata.line(c, target, k, v));
            }
        });
        return lines;
    }

    /** SYNC: the subscribed keys of the target, and of a channel's members. */
    private static void sync(CommandContext ctx, Client c, Target t) {
        if (!readable(ctx, c, t)) {
            return;
        }
        java.util.Set<String> subs = c.metadataSubs();
        batch(c, t.name(), ctx.registry().exclusive(() -> {
            List<byte[]> lines = lines(c, t.name(), of(t).entries(), subs);
            if (t.channel() != null) {
                for (User m : t.channel().members()) {
                    lines.addAll(lines(c, m.nick(), m.metadata().entries(), subs));
                }
            }
            return lines;
        }));
    }

    private static void set(CommandContext ctx, Client c, Target t, List<String> args) {
        if (args.isEmpty()) {
            c.numeric(ERR_NEEDMOREPARAMS, "METADATA", "Not enough parameters");
            return;
        }
        String key = args.get(0);
        String value = args.size() > 1 ? args.get(1) : null;
        if (!Metadata.isValidKey(key)) {
            c.fromServer("FAIL", "METADATA", "KEY_INVALID", key, "Invalid key");
            return;
        }
        if (!writable(ctx, c, t, key)) {
            return;
        }
        if (value != null && (value.length() > Metadata.MAX_VALUE_BYTES || !IrcLine.isUtf8(value))) {
            c.fromServer("FAIL", "METADATA", "INVALID_VALUE", key,
                    "A value is UTF-8 of at most " + Metadata.MAX_VALUE_BYTES + " bytes");
            return;
        }
        boolean full = ctx.registry().changeAndGet(tx -> {
            if (value != null && of(t).get(key) == null && of(t).size() >= Metadata.MAX_KEYS) {
                return true;
            }
            tx.setMetadata(t.user(), t.channel(), key, value, c);
            return false;
        });
        if (full) {
            c.fromServer("FAIL", "METADATA", "LIMIT_REACHED", t.name(), "At most " + Metadata.MAX_KEYS + " keys");
        } else {
            c.send(Metadata.line(c, t.name(), key, value));
        }
    }

    private static void clear(CommandContext ctx, Client c, Target t) {
        if (!writable(ctx, c, t, "*")) {
            return;
        }
        List<byte[]> lines = new ArrayList<>();
        ctx.registry().change(tx -> {
            for (String key : of(t).entries().keySet()) {
                tx.setMetadata(t.user(), t.channel(), key, null, c);
                lines.add(Metadata.line(c, t.name(), key, null));
            }
        });
        batch(c, t.name(), lines);
    }

    private static void subscribe(Client c, List<String> keys) {
        List<String> added = new ArrayList<>();
        for (String key : keys) {
            if (!Metadata.isValidKey(key)) {
                c.fromServer("FAIL", "METADATA", "KEY_INVALID", key, "Invalid key");
            } else if (!c.metadataSubs().contains(key) && c.metadataSubs().size() >= Metadata.MAX_SUBS) {
                c.fromServer("FAIL", "METADATA", "TOO_MANY_SUBS", key, "At most " + Metadata.MAX_SUBS + " subscriptions");
            } else {
                c.metadataSubs().add(key);
                added.add(key);
            }
        }
        if (!added.isEmpty()) {
            c.send(keysLine(c, RPL_METADATASUBOK, added));
        }
    }

    private static void unsubscribe(Client c, List<String> keys) {
        List<String> removed = new ArrayList<>();
        for (String key : keys) {
            if (!Metadata.isValidKey(key)) {
                c.fromServer("FAIL", "METADATA", "KEY_INVALID", key, "Invalid key");
            } else {
                c.metadataSubs().remove(key);
                removed.add(key);
            }
        }
        if (!removed.isEmpty()) {
            c.send(keysLine(c, RPL_METADATAUNSUBOK, removed));
        }
    }

    private static void subscriptions(Client c) {
        List<byte[]> lines = new ArrayList<>();
        List<String> subs = new ArrayList<>(new java.util.TreeSet<>(c.metadataSubs()));
        for (int i = 0; i < subs.size(); i += 10) {
            lines.add(keysLine(c, RPL_METADATASUBS, subs.subList(i, Math.min(subs.size(), i + 10))));
        }
        batch(c, c.nick(), lines);
    }

    /** {@code :server CODE nick key1 key2 ...}, every key a parameter of its own (no trailing text). */
    private static byte[] keysLine(Client c, String code, List<String> keys) {
        List<String> params = new ArrayList<>();
        params.add(c.nick());
        params.addAll(keys);
        return IrcLine.format(c.serverName(), code, false, params.toArray(String[]::new));
    }

    /** {@code lines} in a {@code metadata} batch about {@code target} for a client with batch, else as they are. */
    private static void batch(Client c, String target, List<byte[]> lines) {
        if (!c.has(Capability.BATCH)) {
            lines.forEach(c::send);
            return;
        }
        String id = "md" + Long.toString(BATCH_IDS.incrementAndGet(), 36);
        c.deliver(TaggedLine.now(IrcLine.format(c.serverName(), "BATCH", false, "+" + id, "metadata", target)));
        for (byte[] line : lines) {
            c.deliver(TaggedLine.now(line), "batch=" + id);
        }
        c.deliver(TaggedLine.now(IrcLine.format(c.serverName(), "BATCH", false, "-" + id)));
    }
}
