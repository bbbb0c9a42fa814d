package dev.sockets.chat.server.state;

import dev.sockets.chat.protocol.TaggedLine;
import java.util.List;

/**
 * What one node of a cluster tells the others about its local users: state changes, applied silently by
 * every other node's {@link Replica}, and lines, delivered by every other node to its own local
 * recipients. A command that changes state and shows it (JOIN, PART, NICK...) publishes both, in the
 * order it does them locally, so every node sees the same sequence. Users are named by nick (unique
 * network-wide), channels by name.
 */
public sealed interface NetworkEvent {

    /** A user registered (or is announced again in a burst). */
    record Intro(String nick, String user, String host, String realName, String away, boolean invisible,
            boolean bot, String account) implements NetworkEvent {
        public Intro(String nick, String user, String host, String realName, String away, boolean invisible) {
            this(nick, user, host, realName, away, invisible, false, null);
        }

        public Intro(String nick, String user, String host, String realName, String away, boolean invisible,
                boolean bot) {
            this(nick, user, host, realName, away, invisible, bot, null);
        }
    }

    /** A user logged in to {@code account}, or out (null). */
    record Account(String nick, String account) implements NetworkEvent { }

    /** A user changed its real name (SETNAME). */
    record RealName(String nick, String realName) implements NetworkEvent { }

    /** A key of a user's (by nick) or channel's (by name) draft/metadata-3 set to {@code value}, or unset (null). */
    record MetadataSet(String target, String key, String value) implements NetworkEvent { }

    /** A user set or cleared user mode +B (bot). */
    record Bot(String nick, boolean on) implements NetworkEvent { }

    /** A user changed nick. */
    record Nick(String oldNick, String newNick) implements NetworkEvent { }

    /** A user left the network. */
    record Quit(String nick) implements NetworkEvent { }

    /**
     * A user joined a channel, creating it if needed; {@code createdMillis} is when the channel was created
     * as its node knows it (0: not said, from an older node).
     */
    record Join(String nick, String channel, boolean operator, long createdMillis) implements NetworkEvent {
        public Join(String nick, String channel, boolean operator) {
            this(nick, channel, operator, 0);
        }
    }

    /** A user left a channel (PART or KICK). */
    record Leave(String nick, String channel) implements NetworkEvent { }

    /** A channel's topic was set (empty text: cleared), at {@code setMillis} (epoch milliseconds). */
    record Topic(String channel, String text, String setBy, long setMillis) implements NetworkEvent { }

    /**
     * A channel's modes without a list: the flags set ({@code "nt"}, of {@code Cimnst}), the key (+k, or null)
     * and the limit (+l, or 0), as changed at {@code setMillis} (epoch milliseconds; 0: the defaults).
     */
    record Modes(String channel, String flags, String key, int limit, long setMillis) implements NetworkEvent { }

    /** A member got or lost voice (+v). */
    record Voice(String channel, String nick, boolean on) implements NetworkEvent { }

    /**
     * The whole list {@code mode} ({@code b}, {@code e} or {@code I}) of a channel, as changed at
     * {@code setMillis} (epoch milliseconds): like the modes, the latest list wins.
     */
    record MaskList(String channel, char mode, List<Channel.MaskEntry> entries, long setMillis)
            implements NetworkEvent {
        public MaskList {
            entries = List.copyOf(entries);
        }
    }

    /** A user was invited to a channel (it may join once past +i, +k, +l and +b). */
    record Invite(String channel, String nick) implements NetworkEvent { }

    /** A member got or lost channel operator status. */
    record Operator(String channel, String nick, boolean operator) implements NetworkEvent { }

    /** A user set (text) or cleared (null) its away message. */
    record Away(String nick, String text) implements NetworkEvent { }

    /** A user set or cleared user mode +i. */
    record Invisible(String nick, boolean on) implements NetworkEvent { }

    /** A user's modes +o (IRC operator) and +w (wallops), both, as they are now. */
    record UserModes(String nick, boolean ircOperator, boolean wallops) implements NetworkEvent { }

    /**
     * An IRC operator killed the user {@code nick} of the receiving node: that node disconnects it with
     * {@code reason} (its QUIT message, {@code Killed (killer (why))}).
     */
    record Kill(String nick, String reason) implements NetworkEvent { }

    /** A WALLOPS line, for every user with mode +w. */
    record Wallops(byte[] line) implements NetworkEvent { }

    /**
     * A line for every member of a channel except {@code except} (a nick, or null), with its tags (each
     * node tags it for its own members' capabilities). {@code channel} is the target as in the line: a
     * STATUSMSG's {@code @#c} or {@code +#c} reaches only members with that status. {@code historyMsgid} is
     * the msgid under which history keeps a line delivered without one (a multiline message's later lines:
     * its msgid and {@code -1}, {@code -2} ...), or null: its own.
     */
    record ToChannel(String channel, String except, TaggedLine tagged, String historyMsgid) implements NetworkEvent {
        public ToChannel(String channel, String except, TaggedLine tagged) {
            this(channel, except, tagged, null);
        }

        public ToChannel(String channel, String except, byte[] line) {
            this(channel, except, TaggedLine.now(line));
        }

        /** The untagged line. */
        public byte[] line() {
            return tagged.line();
        }

        /** The line as history keeps it. */
        public TaggedLine kept() {
            return historyMsgid == null ? tagged : tagged.withMsgid(historyMsgid);
        }
    }

    /** A line for one user, with its tags; {@code historyMsgid} as in {@link ToChannel}. */
    record ToUser(String nick, TaggedLine tagged, String historyMsgid) implements NetworkEvent {
        public ToUser(String nick, TaggedLine tagged) {
            this(nick, tagged, null);
        }

        public ToUser(String nick, byte[] line) {
            this(nick, TaggedLine.now(line));
        }

        public byte[] line() {
            return tagged.line();
        }

        /** The line as history keeps it. */
        public TaggedLine kept() {
            return historyMsgid == null ? tagged : tagged.withMsgid(historyMsgid);
        }
    }

    /** A line for everyone who shares a channel with {@code nick} (QUIT, NICK), without that user. */
    record ToPeers(String nick, TaggedLine tagged) implements NetworkEvent {
        public ToPeers(String nick, byte[] line) {
            this(nick, TaggedLine.now(line));
        }

        public byte[] line() {
            return tagged.line();
        }
    }
}
