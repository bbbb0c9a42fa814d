package dev.sockets.chat.client;

import java.util.ArrayList;
import java.util.List;

/**
 * One IRC message as the client sees it: an optional prefix (the source), a command or numeric and
 * its parameters, the trailing one included without its colon. IRCv3 message tags are skipped. Parsing
 * is lenient (extra spaces, missing parts) because servers differ; it never throws for a non-blank line.
 * Immutable.
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
        String s = stripLineEnd(line);
        int i = 0;
        if (s.startsWith("@")) { // IRCv3 tags: not used by this client
            i = skipWord(s, 0);
        }
        i = skipSpaces(s, i);
        String prefix = "";
        if (i < s.length() && s.charAt(i) == ':') {
            int end = skipWord(s, i);
            prefix = s.substring(i + 1, end);
            i = skipSpaces(s, end);
        }
        if (i >= s.length()) {
            return null;
        }
        int end = skipWord(s, i);
        String command = s.substring(i, end).toUpperCase(java.util.Locale.ROOT);
        List<String> params = new ArrayList<>();
        i = skipSpaces(s, end);
        while (i < s.length()) {
            if (s.charAt(i) == ':') {
                params.add(s.substring(i + 1));
                break;
            }
            end = skipWord(s, i);
            params.add(s.substring(i, end));
            i = skipSpaces(s, end);
        }
        return new IrcMessage(prefix, command, params);
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

    private static int skipWord(String s, int i) {
        while (i < s.length() && s.charAt(i) != ' ') {
            i++;
        }
        return i;
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }
}
