package dev.sockets.chat.server.cluster;

import dev.sockets.chat.protocol.Capability;
import dev.sockets.chat.protocol.TaggedLine;
import dev.sockets.chat.server.state.Channel;
import dev.sockets.chat.server.state.NetworkEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One message on the cluster bus: who sent it (node name and boot id) and what, a {@link NetworkEvent} or
 * one of the nodes' own control messages. Encoded as text fields separated by LF: IRC text never contains
 * LF (it ends lines), so no escaping is needed; each field is {@code =value} or {@code -} for null. Text
 * is ISO-8859-1, the server's one-char-per-byte view of IRC bytes, so every byte survives. A line in an
 * event travels without its CRLF.
 *
 * @param node the sending node's name
 * @param boot the sending process's random id (tells a restarted node, or a name used twice, apart)
 * @param body what is said
 */
record BusMessage(String node, String boot, Body body) {

    private static final String VERSION = "S1";

    /** What a message says. */
    sealed interface Body permits Event, Hello, BurstStart, BurstEnd, Heartbeat, Bye { }

    /** A change or line of a local user. */
    record Event(NetworkEvent event) implements Body { }

    /** "Send me your state": to one node, or to all ({@code *}) from a node that (re)joins. */
    record Hello(String target) implements Body { }

    /** The sender describes all its state from here to {@link BurstEnd}. */
    record BurstStart() implements Body { }

    record BurstEnd() implements Body { }

    /** The sender is alive (sent every quarter of the lease). */
    record Heartbeat() implements Body { }

    /** The sender stops: its users are gone. */
    record Bye() implements Body { }

    byte[] encode() {
        List<String> f = new ArrayList<>(8);
        f.add(VERSION);
        f.add(node);
        f.add(boot);
        switch (body) {
            case Hello h -> add(f, "HELLO", h.target());
            case BurstStart b -> f.add("BURST");
            case BurstEnd b -> f.add("END");
            case Heartbeat h -> f.add("BEAT");
            case Bye b -> f.add("BYE");
            case Event e -> encodeEvent(f, e.event());
        }
        return String.join("\n", f).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void encodeEvent(List<String> f, NetworkEvent event) {
        switch (event) {
            case NetworkEvent.RealName r -> add(f, "SETNAME", r.nick(), r.realName());
            case NetworkEvent.MetadataSet m -> add(f, "META", m.target(), m.key(), m.value());
            case NetworkEvent.Bot b -> add(f, "BOT", b.nick(), flag(b.on()));
            case NetworkEvent.Intro i -> add(f, "INTRO", i.nick(), i.user(), i.host(), i.realName(), i.away(),
                    flag(i.invisible()), flag(i.bot()), i.account());
            case NetworkEvent.Account a -> add(f, "ACCOUNT", a.nick(), a.account());
            case NetworkEvent.Nick n -> add(f, "NICK", n.oldNick(), n.newNick());
            case NetworkEvent.Quit q -> add(f, "QUIT", q.nick());
            case NetworkEvent.Join j -> add(f, "JOIN", j.nick(), j.channel(), flag(j.operator()),
                    Long.toString(j.createdMillis()));
            case NetworkEvent.Leave l -> add(f, "LEAVE", l.nick(), l.channel());
            case NetworkEvent.Topic t -> add(f, "TOPIC", t.channel(), t.text(), t.setBy(), Long.toString(t.setMillis()));
            case NetworkEvent.Modes m -> add(f, "MODES", m.channel(), m.flags(), m.key(), Integer.toString(m.limit()),
                    Long.toString(m.setMillis()));
            case NetworkEvent.Voice v -> add(f, "VOICE", v.channel(), v.nick(), flag(v.on()));
            case NetworkEvent.MaskList m -> {
                add(f, "MASKS", m.channel(), String.valueOf(m.mode()), Long.toString(m.setMillis()));
                for (Channel.MaskEntry e : m.entries()) {
                    values(f, e.mask(), e.setBy(), Long.toString(e.setSeconds()));
                }
            }
            case NetworkEvent.Invite i -> add(f, "INVITE", i.channel(), i.nick());
            case NetworkEvent.Operator o -> add(f, "OP", o.channel(), o.nick(), flag(o.operator()));
            case NetworkEvent.Away a -> add(f, "AWAY", a.nick(), a.text());
            case NetworkEvent.Invisible i -> add(f, "INVISIBLE", i.nick(), flag(i.on()));
            case NetworkEvent.UserModes m -> add(f, "UMODES", m.nick(), flag(m.ircOperator()), flag(m.wallops()));
            case NetworkEvent.Kill k -> add(f, "KILL", k.nick(), k.reason());
            case NetworkEvent.Wallops w -> add(f, "WALLOPS", line(w.line()));
            case NetworkEvent.ToChannel t -> {
                add(f, "TOCHAN", t.channel(), t.except(), line(t.line()));
                tags(f, t.tagged());
                historyMsgid(f, t.historyMsgid());
            }
            case NetworkEvent.ToUser t -> {
                add(f, "TOUSER", t.nick(), line(t.line()));
                tags(f, t.tagged());
                historyMsgid(f, t.historyMsgid());
            }
            case NetworkEvent.ToPeers t -> {
                add(f, "TOPEERS", t.nick(), line(t.line()));
                tags(f, t.tagged());
            }
        }
    }

    private static void add(List<String> f, String type, String... values) {
        f.add(type);
        values(f, values);
    }

    private static void values(List<String> f, String... values) {
        for (String v : values) {
            f.add(v == null ? "-" : "=" + v);
        }
    }

    /** What a line's recipients on other nodes may be shown of it: time, msgid, client tags, bot, who may get it. */
    private static void tags(List<String> f, TaggedLine t) {
        values(f, Long.toString(t.millis()), t.msgid(), t.clientTags(), flag(t.bot()),
                t.requires() == null ? null : t.requires().wireName(), t.account(),
                t.variantCapability() == null ? null : t.variantCapability().wireName(),
                t.variant() == null ? null : line(t.variant()));
    }

    /**
     * After the tags, only when there is one: a node that does not know the field ignores it, and every
     * other line stays as it was on the bus.
     */
    private static void historyMsgid(List<String> f, String msgid) {
        if (msgid != null) {
            values(f, msgid);
        }
    }

    private static String flag(boolean b) {
        return b ? "1" : "0";
    }

    /** The line without its CRLF, one char per byte. */
    private static String line(byte[] line) {
        int n = line.length;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) {
            n--;
        }
        return new String(line, 0, n, StandardCharsets.ISO_8859_1);
    }

    /**
     * Decodes a message from the bus.
     *
     * @throws IllegalArgumentException when it is not one of ours (another program on the channel, a
     *         newer version): the caller logs and ignores it
     */
    static BusMessage decode(byte[] bytes) {
        String[] f = new String(bytes, StandardCharsets.ISO_8859_1).split("\n", -1);
        if (f.length < 4 || !f[0].equals(VERSION)) {
            throw new IllegalArgumentException("not a sockets cluster message");
        }
        Fields v = new Fields(Arrays.copyOfRange(f, 4, f.length));
        Body body = switch (f[3]) {
            case "HELLO" -> new Hello(v.text(0));
            case "BURST" -> new BurstStart();
            case "END" -> new BurstEnd();
            case "BEAT" -> new Heartbeat();
            case "BYE" -> new Bye();
            default -> new Event(decodeEvent(f[3], v));
        };
        return new BusMessage(f[1], f[2], body);
    }

    private static NetworkEvent decodeEvent(String type, Fields v) {
        return switch (type) {
            case "INTRO" -> new NetworkEvent.Intro(v.text(0), v.text(1), v.text(2), v.text(3), v.nullable(4), v.flag(5),
                    v.size() > 6 && v.flag(6), v.size() > 7 ? v.nullable(7) : null);
            case "ACCOUNT" -> new NetworkEvent.Account(v.text(0), v.nullable(1));
            case "SETNAME" -> new NetworkEvent.RealName(v.text(0), v.text(1));
            case "META" -> new NetworkEvent.MetadataSet(v.text(0), v.text(1), v.nullable(2));
            case "BOT" -> new NetworkEvent.Bot(v.text(0), v.flag(1));
            case "NICK" -> new NetworkEvent.Nick(v.text(0), v.text(1));
            case "QUIT" -> new NetworkEvent.Quit(v.text(0));
            case "JOIN" -> new NetworkEvent.Join(v.text(0), v.text(1), v.flag(2), v.size() > 3 ? v.number(3) : 0);
            case "LEAVE" -> new NetworkEvent.Leave(v.text(0), v.text(1));
            case "TOPIC" -> new NetworkEvent.Topic(v.text(0), v.text(1), v.text(2), v.number(3));
            case "MODES" -> new NetworkEvent.Modes(v.text(0), v.text(1), v.nullable(2), (int) v.number(3), v.number(4));
            case "VOICE" -> new NetworkEvent.Voice(v.text(0), v.text(1), v.flag(2));
            case "MASKS" -> new NetworkEvent.MaskList(v.text(0), v.character(1), v.entries(3), v.number(2));
            case "INVITE" -> new NetworkEvent.Invite(v.text(0), v.text(1));
            case "OP" -> new NetworkEvent.Operator(v.text(0), v.text(1), v.flag(2));
            case "AWAY" -> new NetworkEvent.Away(v.text(0), v.nullable(1));
            case "INVISIBLE" -> new NetworkEvent.Invisible(v.text(0), v.flag(1));
            case "UMODES" -> new NetworkEvent.UserModes(v.text(0), v.flag(1), v.flag(2));
            case "KILL" -> new NetworkEvent.Kill(v.text(0), v.text(1));
            case "WALLOPS" -> new NetworkEvent.Wallops(v.line(0));
            case "TOCHAN" -> new NetworkEvent.ToChannel(v.text(0), v.nullable(1), v.tagged(2), v.historyMsgid(2));
            case "TOUSER" -> new NetworkEvent.ToUser(v.text(0), v.tagged(1), v.historyMsgid(1));
            case "TOPEERS" -> new NetworkEvent.ToPeers(v.text(0), v.tagged(1));
            default -> throw new IllegalArgumentException("unknown message type " + type);
        };
    }

    /** The fields after the type, with checked access. */
    private record Fields(String[] values) {

        int size() {
            return values.length;
        }

        String nullable(int i) {
            if (i >= values.length) {
                throw new IllegalArgumentException("missing field " + i);
            }
            String s = values[i];
            if (s.equals("-")) {
                return null;
            }
            if (!s.startsWith("=")) {
                throw new IllegalArgumentException("malformed field " + i);
            }
            return s.substring(1);
        }

        String text(int i) {
            String s = nullable(i);
            if (s == null) {
                throw new IllegalArgumentException("field " + i + " must not be empty");
            }
            return s;
        }

        /** Mask entries from field {@code from} on: mask, set by, seconds, each. */
        List<Channel.MaskEntry> entries(int from) {
            if ((values.length - from) % 3 != 0 || values.length < from) {
                throw new IllegalArgumentException("mask entries come in threes");
            }
            List<Channel.MaskEntry> entries = new ArrayList<>();
            for (int i = from; i < values.length; i += 3) {
                entries.add(new Channel.MaskEntry(text(i), text(i + 1), number(i + 2)));
            }
            return entries;
        }

        char character(int i) {
            String s = text(i);
            if (s.length() != 1) {
                throw new IllegalArgumentException("field " + i + " must be one character");
            }
            return s.charAt(0);
        }

        boolean flag(int i) {
            return text(i).equals("1");
        }

        long number(int i) {
            try {
                return Long.parseLong(text(i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("field " + i + " is not a number");
            }
        }

        /** A line at field {@code i} and its tags in the five fields after it. */
        TaggedLine tagged(int i) {
            if (values.length < i + 6) {
                return TaggedLine.now(line(i)); // from a node that sends no tags yet
            }
            String clientTags = nullable(i + 3);
            if (clientTags != null && (clientTags.indexOf('\r') >= 0 || clientTags.indexOf(' ') >= 0)) {
                throw new IllegalArgumentException("field " + (i + 3) + ": tags must not hold CR or space");
            }
            String requires = nullable(i + 5);
            Capability cap = requires == null ? null : Capability.byName(requires);
            if (requires != null && cap == null) {
                throw new IllegalArgumentException("field " + (i + 5) + ": unknown capability " + requires);
            }
            if (values.length < i + 9) {
                return new TaggedLine(line(i), number(i + 1), nullable(i + 2), clientTags, flag(i + 4), cap);
            }
            String account = nullable(i + 6);
            if (account != null && (account.indexOf('\r') >= 0 || account.indexOf(' ') >= 0)) {
                throw new IllegalArgumentException("field " + (i + 6) + ": an account must not hold CR or space");
            }
            String variantName = nullable(i + 7);
            Capability variantCap = variantName == null ? null : Capability.byName(variantName);
            if (variantName != null && variantCap == null) {
                throw new IllegalArgumentException("field " + (i + 7) + ": unknown capability " + variantName);
            }
            byte[] variant = variantCap == null ? null : line(i + 8);
            return new TaggedLine(line(i), number(i + 1), nullable(i + 2), clientTags, flag(i + 4), cap, account,
                    variantCap, variant);
        }

        /** The msgid history keeps the line at field {@code i} under, after its tags, or null: its own. */
        String historyMsgid(int i) {
            if (values.length <= i + 9) {
                return null;
            }
            String id = text(i + 9);
            if (id.isEmpty() || id.chars().anyMatch(ch -> ch <= ' ' || ch == ';' || ch == 0x7f)) {
                // It becomes a msgid tag in CHATHISTORY replies, written as it is.
                throw new IllegalArgumentException("field " + (i + 9) + ": a msgid must be one word without ;");
            }
            return id;
        }

        byte[] line(int i) {
            String s = text(i);
            if (s.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("field " + i + ": a line must not hold CR"); // no line injection
            }
            return (s + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        }
    }
}
