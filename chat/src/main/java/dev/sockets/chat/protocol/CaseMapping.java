package dev.sockets.chat.protocol;

/**
 * rfc1459 case mapping ({@code CASEMAPPING=rfc1459} in 005): ASCII letters fold to lower case and
 * {@code []\~} fold to {@code {}|^}, because that is how the Scandinavian origin of IRC saw them. Also the
 * syntax of nicks and channel names. Stateless and thread-safe.
 */
public final class CaseMapping {

    private CaseMapping() {
    }

    /** The folded (lower-case) form used as the key of a nick or channel name. */
    public static String fold(String s) {
        char[] c = null;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            char f = fold(ch);
            if (f != ch) {
                if (c == null) {
                    c = s.toCharArray();
                }
                c[i] = f;
            }
        }
        return c == null ? s : new String(c);
    }

    static char fold(char ch) {
        if (ch >= 'A' && ch <= 'Z') {
            return (char) (ch + ('a' - 'A'));
        }
        return switch (ch) {
            case '[' -> '{';
            case ']' -> '}';
            case '\\' -> '|';
            case '~' -> '^';
            default -> ch;
        };
    }

    /** Whether two names are equal under rfc1459 folding. */
    public static boolean equals(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            if (fold(a.charAt(i)) != fold(b.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** RFC 2812 nick syntax: a letter or special first, then letters, digits, specials or '-'. */
    public static boolean isValidNick(String nick, int maxLength) {
        if (nick.isEmpty() || nick.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < nick.length(); i++) {
            char c = nick.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
            boolean special = c == '[' || c == ']' || c == '\\' || c == '`' || c == '_' || c == '^' || c == '{'
                    || c == '|' || c == '}';
            boolean ok = letter || special || (i > 0 && ((c >= '0' && c <= '9') || c == '-'));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** {@code #name}: no space, comma, BEL, NUL, CR or LF; at most {@code maxLength} bytes. */
    public static boolean isValidChannel(String name, int maxLength) {
        if (name.length() < 2 || name.length() > maxLength || name.charAt(0) != '#') {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ' ' || c == ',' || c == 7 || c == 0 || c == '\r' || c == '\n' || c == ':') {
                return false;
            }
        }
        return true;
    }

    /** Glob match ({@code *} and {@code ?}) under rfc1459 folding, as WHO masks use. */
    public static boolean matches(String mask, String text) {
        // Iterative wildcard match that backtracks only to the last '*': O(mask * text), no recursion.
        int mi = 0;
        int ti = 0;
        int star = -1;
        int mark = 0;
        while (ti < text.length()) {
            if (mi < mask.length() && mask.charAt(mi) == '*') {
                star = mi++;
                mark = ti;
            } else if (mi < mask.length() && (mask.charAt(mi) == '?' || fold(mask.charAt(mi)) == fold(text.charAt(ti)))) {
                mi++;
                ti++;
            } else if (star >= 0) {
                mi = star + 1;
                ti = ++mark;
            } else {
                return false;
            }
        }
        while (mi < mask.length() && mask.charAt(mi) == '*') {
            mi++;
        }
        return mi == mask.length();
    }
}
