package dev.sockets.chat.client;

/**
 * mIRC formatting codes, which other clients put in messages and a plain terminal would show as
 * garbage (or as stray digits): {@code \x03} colours (up to two digits, optionally {@code ,NN} for the
 * background), {@code \x04} hex colours (six hex digits, optionally {@code ,RRGGBB}), and bold, italics,
 * underline, strike-through, monospace, reverse and reset ({@code \x02 \x1d \x1f \x1e \x11 \x16 \x0f}).
 */
final class Formatting {

    private static final char COLOUR = '\u0003';
    private static final char HEX_COLOUR = '\u0004';

    private Formatting() {
    }

    static boolean isCode(char c) {
        return c == COLOUR || c == HEX_COLOUR || "\u0002\u001d\u001f\u001e\u0011\u0016\u000f".indexOf(c) >= 0;
    }

    /** {@code text} without any formatting code or the colour numbers that belong to one. */
    static String strip(String text) {
        if (text.chars().noneMatch(c -> isCode((char) c))) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (c == COLOUR) {
                i = skipColour(text, i, 2, false);
            } else if (c == HEX_COLOUR) {
                i = skipColour(text, i, 6, true);
            } else if (!isCode(c)) {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** After a colour code: the foreground, and ",background" only when a foreground came first. */
    private static int skipColour(String text, int from, int digits, boolean hex) {
        int i = skipDigits(text, from, digits, hex);
        if (i > from && i + 1 < text.length() && text.charAt(i) == ',' && isDigit(text.charAt(i + 1), hex)) {
            i = skipDigits(text, i + 1, digits, hex);
        }
        return i;
    }

    private static int skipDigits(String text, int from, int max, boolean hex) {
        int i = from;
        while (i < text.length() && i - from < max && isDigit(text.charAt(i), hex)) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(char c, boolean hex) {
        return hex ? Character.digit(c, 16) >= 0 && c < 128 : c >= '0' && c <= '9';
    }
}
