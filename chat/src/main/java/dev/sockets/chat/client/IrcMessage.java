package dev.sockets.chat.client;

import dev.sockets.chat.protocol.IrcLine;
import java.util.List;

/**
 * One IRC message as the client sees it: an optional prefix (the source), a command or numeric and
 * its parameters, the trailing one included without its colon. IRCv3 message tags are skipped. Parsed by
 * the protocol's codec ({@link IrcLine}), with the leniency servers need: any number of parameters,
 * decoded text (UTF-8 or Latin-1, not bytes), extra spaces, missing parts; it never throws for a
 * non-blank line. Immutable.
 *
 * @param prefix the source without the colon ({@code alice!a@host}, {@code irc.local}), or "" when absent
 * @param command upper-cased command or three-digit numeric
 * @param params the parameters, trailing last
 */
record IrcMessage(String prefix, String command, List<String> params) {

    IrcMessage {
        params = List.copyOf(params);
    }

    /** Parses one received line (without or with its CR/LF); null for a blank line. */
    static IrcMessage parse(String line) {
        IrcLine m = IrcLine.parse(stripLineEnd(line), Integer.MAX_VALUE);
        return m == null ? null : new IrcMessage(m.prefix() == null ? "" : m.prefix(), m.command(), m.params());
    }

    /** A message from {@code prefix}, for formatting what we send ourselves. */
    static IrcMessage of(String prefix, String command, String... params) {
        return new IrcMessage(prefix, command, List.of(params));
    }

    /** Parameter {@code i}, or "" when there are fewer. */
    String param(int i) {
        return i < params.size() ? params.get(i) : "";
    }

    /** The last parameter (usually the text), or "". */
    String last() {
        return params.isEmpty() ? "" : params.get(params.size() - 1);
    }

    /** The nick of a {@code nick!user@host} prefix, or the whole prefix (a server name). */
    String sourceNick() {
        int bang = prefix.indexOf('!');
        return bang < 0 ? prefix : prefix.substring(0, bang);
    }

    /** Whether the source is a user ({@code nick!user@host}) rather than a server. */
    boolean fromUser() {
        return prefix.indexOf('!') > 0 || (!prefix.isEmpty() && prefix.indexOf('.') < 0);
    }

    boolean isNumeric() {
        return command.length() == 3 && Character.isDigit(command.charAt(0))
                && Character.isDigit(command.charAt(1)) && Character.isDigit(command.charAt(2));
    }

    int numeric() {
        return isNumeric() ? Integer.parseInt(command) : -1;
    }

    private static String stripLineEnd(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        return line.substring(0, end);
    }
}
