package dev.sockets.chat.server.command;

import dev.sockets.chat.server.state.Channel;
import dev.sockets.chat.server.state.Registry;
import dev.sockets.chat.server.state.User;
import static dev.sockets.chat.protocol.Numeric.*;

import dev.sockets.chat.protocol.CaseMapping;

/**
 * Who may join a channel and who may speak in it, from its modes: bans (+b) and their exceptions (+e),
 * invite-only (+i) with invites and invite exceptions (+I), the key (+k), the limit (+l), moderation (+m),
 * mutes ({@code +b m:mask}, lifted by {@code +e m:mask}), no CTCP (+C) and no external messages (+n). Stateless; reads the channel's lock-free fields.
 */
final class ChannelAccess {

    /** Entries each of the lists +b, +e and +I may hold (MAXLIST in 005). */
    static final int MAX_LIST = 100;

    /** The longest key (RFC 2812: 1 to 23 characters). */
    static final int KEY_LENGTH = 23;

    private ChannelAccess() {
    }

    /** A refusal to join: the numeric and its text. */
    record Refusal(String numeric, String text) { }

    /**
     * Why {@code u} may not join {@code ch} with {@code key} (may be null), or null when it may. An invite
     * lets one past every check once (as InspIRCd's invitebypassmodes and Ergo do); a ban exception (+e)
     * lifts a ban, an invite exception (+I) lifts +i.
     */
    static Refusal joinRefusal(Channel ch, User u, String key) {
        if (u.isInvitedTo(ch)) {
            return null;
        }
        if (isBanned(ch, u)) {
            return new Refusal(ERR_BANNEDFROMCHAN, "Cannot join channel (+b)");
        }
        if (ch.inviteOnly() && !matchesAny(ch, 'I', u, false)) {
            return new Refusal(ERR_INVITEONLYCHAN, "Cannot join channel (+i)");
        }
        String need = ch.joinKey();
        if (need != null && !need.equals(key)) {
            return new Refusal(ERR_BADCHANNELKEY, "Cannot join channel (+k)");
        }
        int limit = ch.limit();
        if (limit > 0 && ch.size() >= limit) {
            return new Refusal(ERR_CHANNELISFULL, "Cannot join channel (+l)");
        }
        return null;
    }

    /** The extban of a mute ({@code +b m:nick!user@host}, 005 {@code EXTBAN=,m}): may join, may not speak. */
    static final String MUTE = "m:";

    /**
     * Whether {@code u} may send to {@code ch}: not from outside a +n channel; in a +m channel, or when
     * banned or muted without an exception, only with voice or operator status.
     */
    static boolean maySpeak(Registry registry, Channel ch, User u) {
        boolean member = ch.hasMember(u);
        if (!member) {
            return !ch.noExternalMessages() && !ch.moderated() && !isBanned(ch, u) && !isMuted(ch, u);
        }
        if (!ch.moderated() && ch.maskList('b').isEmpty()) {
            return true; // the usual case, lock-free
        }
        // Operator and voice status are read under the registry lock.
        return registry.exclusive(() -> ch.isOperator(u) || ch.isVoiced(u)
                || !ch.moderated() && !isBanned(ch, u) && !isMuted(ch, u));
    }

    /**
     * Whether {@code text} is a CTCP that a +C channel refuses: any but ACTION ({@code /me}), which people
     * use as ordinary speech.
     */
    static boolean isBlockedCtcp(Channel ch, String text) {
        return text != null && !text.isEmpty() && text.charAt(0) == '\u0001' && ch.hasFlag('C')
                && !text.startsWith("\u0001ACTION ") && !text.equals("\u0001ACTION\u0001");
    }

    /** Banned: matches a +b mask and no +e mask (mutes aside). */
    static boolean isBanned(Channel ch, User u) {
        return matchesAny(ch, 'b', u, false) && !matchesAny(ch, 'e', u, false);
    }

    /** Muted: matches a {@code +b m:} mask and no {@code +e m:} mask. */
    static boolean isMuted(Channel ch, User u) {
        return matchesAny(ch, 'b', u, true) && !matchesAny(ch, 'e', u, true);
    }

    private static boolean matchesAny(Channel ch, char list, User u, boolean mutes) {
        String prefix = u.prefix();
        for (Channel.MaskEntry e : ch.maskList(list)) {
            String mask = e.mask();
            if (mask.startsWith(MUTE) == mutes
                    && CaseMapping.matches(mutes ? mask.substring(MUTE.length()) : mask, prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A mask in its full form {@code nick!user@host}, as other servers store it: {@code nick} becomes
     * {@code nick!*@*}, {@code user@host} becomes {@code *!user@host}, {@code nick!user} becomes
     * {@code nick!user@*}. A mute keeps its {@code m:} before the normalized mask.
     */
    static String normalizeMask(String mask) {
        if (mask.startsWith(MUTE) && mask.length() > MUTE.length()) {
            return MUTE + normalizeMask(mask.substring(MUTE.length()));
        }
        int bang = mask.indexOf('!');
        int at = mask.indexOf('@', Math.max(bang, 0));
        String nick;
        String user;
        String host;
        if (bang < 0 && at < 0) {
            nick = mask;
            user = "*";
            host = "*";
        } else if (bang < 0) {
            nick = "*";
            user = mask.substring(0, at);
            host = mask.substring(at + 1);
        } else if (at < 0) {
            nick = mask.substring(0, bang);
            user = mask.substring(bang + 1);
            host = "*";
        } else {
            nick = mask.substring(0, bang);
            user = mask.substring(bang + 1, at);
            host = mask.substring(at + 1);
        }
        return (nick.isEmpty() ? "*" : nick) + "!" + (user.isEmpty() ? "*" : user) + "@" + (host.isEmpty() ? "*" : host);
    }

    /** The longest mask kept (its 367 line stays well within 512 bytes). */
    static final int MASK_LENGTH = 200;

    /** A mask to keep: at most {@link #MASK_LENGTH} visible characters, none a space, not starting with ':'. */
    static boolean isValidMask(String mask) {
        if (mask.length() > MASK_LENGTH || mask.startsWith(":")) {
            return false;
        }
        return mask.chars().allMatch(c -> c > ' ' && c != 0x7f);
    }

    /** A key: 1 to 23 visible characters, no space or comma (RFC 2812's syntax, without control bytes). */
    static boolean isValidKey(String key) {
        if (key.isEmpty() || key.length() > KEY_LENGTH || key.charAt(0) == ':') {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= ' ' || c == ',' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
