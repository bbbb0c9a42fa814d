package dev.sockets.chat.client;

import java.util.Map;

/**
 * What the error numerics of RFC 1459/2812 mean, in words a user reads: {@code 433} is "nickname
 * already in use". Stateless.
 */
final class NumericText {

    private static final Map<Integer, String> ERRORS = Map.ofEntries(
            Map.entry(401, "no such nick/channel"),
            Map.entry(402, "no such server"),
            Map.entry(403, "no such channel"),
            Map.entry(404, "cannot send to channel"),
            Map.entry(405, "you have joined too many channels"),
            Map.entry(406, "there was no such nickname"),
            Map.entry(407, "too many targets"),
            Map.entry(409, "no origin specified"),
            Map.entry(411, "no recipient given"),
            Map.entry(412, "no text to send"),
            Map.entry(417, "input line too long"),
            Map.entry(421, "unknown command"),
            Map.entry(423, "no administrative info"),
            Map.entry(431, "no nickname given"),
            Map.entry(432, "erroneous nickname"),
            Map.entry(433, "nickname already in use"),
            Map.entry(436, "nickname collision"),
            Map.entry(437, "nick/channel temporarily unavailable"),
            Map.entry(441, "they aren't on that channel"),
            Map.entry(442, "you're not on that channel"),
            Map.entry(443, "is already on channel"),
            Map.entry(451, "you have not registered"),
            Map.entry(461, "not enough parameters"),
            Map.entry(462, "you may not reregister"),
            Map.entry(464, "password incorrect"),
            Map.entry(465, "you are banned from this server"),
            Map.entry(471, "channel is full"),
            Map.entry(472, "unknown mode character"),
            Map.entry(473, "invite-only channel"),
            Map.entry(474, "banned from channel"),
            Map.entry(475, "bad channel key"),
            Map.entry(476, "bad channel mask"),
            Map.entry(477, "channel doesn't support modes"),
            Map.entry(478, "channel list is full"),
            Map.entry(481, "permission denied: not an IRC operator"),
            Map.entry(482, "you're not a channel operator"),
            Map.entry(483, "you can't kill a server"),
            Map.entry(491, "no operator lines for your host"),
            Map.entry(501, "unknown mode flag"),
            Map.entry(502, "cannot change the mode of other users"));

    private NumericText() {
    }

    /** The meaning of an error numeric, or null when this client does not know it. */
    static String meaning(int numeric) {
        return ERRORS.get(numeric);
    }

    /** 400-599 are errors (RFC 2812 section 5.2). */
    static boolean isError(int numeric) {
        return numeric >= 400 && numeric < 600;
    }
}
