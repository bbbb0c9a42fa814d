package dev.sockets.chat.client;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * Turns one IRC message into one display line: {@code 12:04 [#lan] <alice> hi}, {@code 12:04 * bob
 * joined #lan}, {@code 12:05 [alice → you] psst}, {@code 12:05 ! 433 nickname already in use: bob}.
 * Messages nobody needs to see (PING, PONG, end-of-list numerics, 005) format to nothing.
 *
 * <p>A pure function of the message, the user's own nick and the injected clock (for the timestamp and
 * for the time zone of dates in WHOIS/TOPIC replies); safe to use from any thread.
 */
final class MessageFormatter {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final char CTCP = '\u0001';

    private final Clock clock;

    MessageFormatter(Clock clock) {
        this.clock = clock;
    }

    /** The display line for a received raw line, timestamped; empty when it is not shown. */
    Optional<String> format(String rawLine, String me) {
        IrcMessage m = IrcMessage.parse(rawLine);
        return m == null ? Optional.empty() : format(m, me);
    }

    /** The display line for {@code m}, timestamped; empty when it is not shown. */
    Optional<String> format(IrcMessage m, String me) {
        String body = body(m, me);
        return body == null ? Optional.empty() : Optional.of(stamp(Formatting.strip(body)));
    }

    /** A line of the client's own (hints, notes), timestamped like the rest. */
    String stamp(String text) {
        return LocalTime.now(clock).format(STAMP) + " " + text;
    }

    /** The untimestamped display text, or null. */
    String body(IrcMessage m, String me) {
        if (m.isNumeric()) {
            return numeric(m);
        }
        String who = m.sourceNick();
        boolean self = same(who, me);
        return switch (m.command()) {
            case "PRIVMSG" -> privmsg(m, who, self);
            case "NOTICE" -> notice(m, who, self);
            case "JOIN" -> "* " + who + " joined " + m.param(0);
            case "PART" -> "* " + who + " left " + m.param(0) + reason(m.params().size() > 1 ? m.last() : "");
            case "QUIT" -> "* " + who + " quit" + reason(m.param(0));
            case "NICK" -> self ? "* you are now known as " + m.param(0) : "* " + who + " is now known as " + m.param(0);
            case "TOPIC" -> m.last().isEmpty()
                    ? "* " + who + " cleared the topic of " + m.param(0)
                    : "* " + who + " changed the topic of " + m.param(0) + " to: " + m.last();
            case "KICK" -> "* " + who + " kicked " + (same(m.param(1), me) ? "you" : m.param(1)) + " from "
                    + m.param(0) + reason(m.params().size() > 2 ? m.last() : "");
            case "MODE" -> "* " + who + " sets mode " + String.join(" ", m.params().subList(Math.min(1, m.params().size()), m.params().size()))
                    + " on " + (same(m.param(0), me) ? "you" : m.param(0));
            case "INVITE" -> "* " + who + " invites you to " + m.last();
            case "ERROR" -> "! server: " + m.last();
            case "WALLOPS" -> "! wallops from " + who + ": " + m.last();
            case "PING", "PONG", "CAP" -> null;
            default -> "- " + (m.prefix().isEmpty() ? "" : who + " ") + m.command() + " " + String.join(" ", m.params());
        };
    }

    private static String privmsg(IrcMessage m, String who, boolean self) {
        String target = m.param(0);
        String text = m.last();
        String line;
        if (isCtcp(text)) {
            String[] ctcp = ctcp(text);
            line = ctcp[0].equals("ACTION") ? "* " + who + " " + ctcp[1] : "* " + who + " sent CTCP " + (ctcp[0] + " " + ctcp[1]).strip();
        } else {
            line = "<" + who + "> " + text;
        }
        if (isChannel(target)) {
            return "[" + target + "] " + line;
        }
        String shown = isCtcp(text) ? line : text;
        return self ? "[you → " + target + "] " + shown : "[" + who + " → you] " + shown;
    }

    private static String notice(IrcMessage m, String who, boolean self) {
        String target = m.param(0);
        String text = m.last();
        if (isCtcp(text)) {
            String[] ctcp = ctcp(text);
            text = "CTCP " + ctcp[0] + " reply: " + ctcp[1];
        }
        if (isChannel(target)) {
            return "[" + target + "] -" + who + "- " + text;
        }
        if (self) {
            return "[you → " + target + "] -" + who + "- " + text;
        }
        return "-" + (who.isEmpty() ? "server" : who) + "- " + text;
    }

    private String numeric(IrcMessage m) {
        int n = m.numeric();
        // params: 0 = our nick (or * before registration), then the subject(s), the text last
        List<String> p = m.params();
        List<String> middle = p.size() > 2 ? p.subList(1, p.size() - 1) : List.of();
        String subject = String.join(" ", middle);
        if (n == 422) {
            return "- (no message of the day)";
        }
        if (NumericText.isError(n)) {
            String meaning = NumericText.meaning(n);
            String why = meaning != null ? meaning : m.last();
            return "! " + m.command() + " " + why + (subject.isEmpty() ? "" : ": " + subject);
        }
        return switch (n) {
            case 5, 315, 318, 321, 323, 366, 368, 369, 376 -> null; // ISUPPORT and ends of lists
            case 4 -> "- " + m.param(1) + " runs " + m.param(2);
            case 265, 266 -> "- " + m.last(); // the text repeats the numbers in the middle parameters
            case 372 -> "- " + (m.last().startsWith("- ") ? m.last().substring(2) : m.last());
            case 301 -> "* " + m.param(1) + " is away: " + m.last();
            case 311 -> "* " + m.param(1) + " is " + m.param(2) + "@" + m.param(3) + " (" + m.last() + ")";
            case 312 -> "* " + m.param(1) + " is using server " + m.param(2) + " (" + m.last() + ")";
            case 313 -> "* " + m.param(1) + " is an IRC operator";
            case 314 -> "* " + m.param(1) + " was " + m.param(2) + "@" + m.param(3) + " (" + m.last() + ")";
            case 317 -> "* " + m.param(1) + " has been idle " + m.param(2) + "s"
                    + (isNumber(m.param(3)) && p.size() > 4 ? ", signed on " + date(m.param(3)) : "");
            case 319 -> "* " + m.param(1) + " is on " + m.last().strip();
            case 322 -> "* " + m.param(1) + " (" + m.param(2) + " users)" + (m.last().isEmpty() || p.size() < 4 ? "" : ": " + m.last());
            case 324 -> "* " + m.param(1) + " modes: " + String.join(" ", p.subList(2, p.size()));
            case 329 -> "* " + m.param(1) + " created " + date(m.param(2));
            case 331 -> "* " + m.param(1) + " has no topic";
            case 332 -> "* topic of " + m.param(1) + ": " + m.last();
            case 333 -> "* topic of " + m.param(1) + " set by " + nickOf(m.param(2))
                    + (isNumber(m.param(3)) ? " on " + date(m.param(3)) : "");
            case 341 -> "* invited " + m.param(1) + " to " + m.param(2);
            case 352 -> "* " + m.param(1) + " " + m.param(5) + " (" + m.param(2) + "@" + m.param(3) + ") "
                    + m.param(6) + " " + realName(m.last());
            case 353 -> "* names on " + m.param(2) + ": " + m.last().strip();
            default -> "- " + String.join(" ", p.subList(Math.min(1, p.size()), p.size()));
        };
    }

    private String date(String epochSeconds) {
        if (!isNumber(epochSeconds)) {
            return epochSeconds;
        }
        return DATE.format(Instant.ofEpochSecond(Long.parseLong(epochSeconds)).atZone(clock.getZone()));
    }

    /** 352's trailing part is "hopcount realname". */
    private static String realName(String trailing) {
        int space = trailing.indexOf(' ');
        return space >= 0 && isNumber(trailing.substring(0, space)) ? trailing.substring(space + 1) : trailing;
    }

    private static String nickOf(String prefix) {
        int bang = prefix.indexOf('!');
        return bang < 0 ? prefix : prefix.substring(0, bang);
    }

    private static String reason(String reason) {
        return reason.isEmpty() ? "" : " (" + reason + ")";
    }

    private static boolean isCtcp(String text) {
        return text.length() > 1 && text.charAt(0) == CTCP;
    }

    /** {command, arguments} of a CTCP text; the closing \u0001 is optional in practice. */
    private static String[] ctcp(String text) {
        String inner = text.substring(1, text.charAt(text.length() - 1) == CTCP ? text.length() - 1 : text.length());
        int space = inner.indexOf(' ');
        return space < 0
                ? new String[] {inner.toUpperCase(java.util.Locale.ROOT), ""}
                : new String[] {inner.substring(0, space).toUpperCase(java.util.Locale.ROOT), inner.substring(space + 1)};
    }

    static boolean isChannel(String target) {
        return !target.isEmpty() && "#&+!".indexOf(target.charAt(0)) >= 0;
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    private static boolean same(String a, String b) {
        return a != null && b != null && dev.sockets.chat.protocol.CaseMapping.equals(a, b);
    }
}
