package dev.sockets.chat.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One IRC message: optional prefix, command, up to 15 parameters (RFC 2812 section 2.3.1).
 *
 * <p>Bytes are never assumed to be UTF-8: a received line is decoded as ISO-8859-1, where every byte is
 * exactly one {@code char} 0-255, so invalid UTF-8, NUL and any other byte survive a parse and are
 * re-emitted unchanged by {@link #format}. Parsing is lenient (leading and repeated spaces, trailing
 * spaces, a missing command) and never throws; formatting is strict: the result always ends in CRLF and
 * is at most {@link #MAX_LINE} bytes, truncated if longer. Immutable and thread-safe.
 *
 * @param prefix the sender, without the colon; null when absent
 * @param command upper-cased command or three-digit numeric
 * @param params middle parameters then the trailing one, without its colon
 * @param tags the IRCv3 message tags the line started with ({@code @a=b;+c}), unescaped; empty when none
 */
public record IrcLine(String prefix, String command, List<String> params, Map<String, String> tags) {

    /** Longest line on the wire, including CRLF. */
    public static final int MAX_LINE = 512;
    /** Longest content of a line, without CRLF. */
    public static final int MAX_CONTENT = MAX_LINE - 2;
    private static final int MAX_PARAMS = 15;

    public IrcLine {
        params = List.copyOf(params);
        tags = tags.isEmpty() ? Collections.emptyMap() : tags;
    }

    /** A line without tags. */
    public IrcLine(String prefix, String command, List<String> params) {
        this(prefix, command, params, Collections.emptyMap());
    }

    /** The value of tag {@code key}, or null when the line has no such tag. */
    public String tag(String key) {
        return tags.get(key);
    }

    /** Parameter {@code i}, or null when there are fewer. */
    public String param(int i) {
        return i < params.size() ? params.get(i) : null;
    }

    public int paramCount() {
        return params.size();
    }

    /** Whether the parameters and tag values, as received, are UTF-8 (what 005 {@code UTF8ONLY} asks of clients). */
    public boolean isUtf8() {
        for (String p : params) {
            if (!isUtf8(p)) {
                return false;
            }
        }
        for (String v : tags.values()) {
            if (!isUtf8(v)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code bytes} (one char per byte, as parsed) is well-formed UTF-8 (RFC 3629): no stray
     * continuation byte, no overlong form, no surrogate, nothing above U+10FFFF.
     */
    public static boolean isUtf8(String bytes) {
        int n = bytes.length();
        int i = 0;
        while (i < n) {
            int b = bytes.charAt(i++);
            if (b < 0x80) {
                continue;
            }
            int more;
            int min;
            int cp;
            if (b >= 0xc2 && b <= 0xdf) {
                more = 1;
                min = 0x80;
                cp = b & 0x1f;
            } else if (b >= 0xe0 && b <= 0xef) {
                more = 2;
                min = 0x800;
                cp = b & 0x0f;
            } else if (b >= 0xf0 && b <= 0xf4) {
                more = 3;
                min = 0x10000;
                cp = b & 0x07;
            } else {
                return false;
            }
            if (i + more > n) {
                return false;
            }
            for (int k = 0; k < more; k++) {
                int c = bytes.charAt(i++);
                if ((c & 0xc0) != 0x80) {
                    return false;
                }
                cp = cp << 6 | c & 0x3f;
            }
            if (cp < min || cp > 0x10ffff || cp >= 0xd800 && cp <= 0xdfff) {
                return false;
            }
        }
        return true;
    }

    /** Parses {@code s} (chars 0-255 stand for bytes); null for an empty or blank line. */
    public static IrcLine parse(String s) {
        return parse(s, MAX_PARAMS);
    }

    /**
     * Parses a whole line as it goes on the wire: its trailing CR and LF, if any, are not part of it.
     *
     * @return the message, or null when the line has no command (empty, blank, only a prefix)
     */
    public static IrcLine parseWire(byte[] line) {
        int len = line.length;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) {
            len--;
        }
        return parse(line, 0, len);
    }

    /**
     * Parses the line in {@code buf[off, off+len)} (without line terminator).
     *
     * @return the message, or null when the line has no command (empty, blank, only a prefix)
     */
    public static IrcLine parse(byte[] buf, int off, int len) {
        return parse(new String(buf, off, len, StandardCharsets.ISO_8859_1), MAX_PARAMS);
    }

    /**
     * Parses already decoded text (any chars; the line terminator stripped), keeping at most
     * {@code maxParams} parameters: the last one kept takes the rest of the line. A server keeps the
     * RFC's 15; a client reading servers that send more (long 005 lines) passes {@link Integer#MAX_VALUE}.
     *
     * @return the message, or null when the line has no command (empty, blank, only a prefix)
     */
    public static IrcLine parse(String s, int maxParams) {
        int end = s.length();
        int i = skipSpaces(s, 0, end);
        Map<String, String> tags = Collections.emptyMap();
        if (i < end && s.charAt(i) == '@') {
            int t = i + 1;
            i = word(s, t, end);
            tags = Tags.parse(s.substring(t, i));
            i = skipSpaces(s, i, end);
        }
        String prefix = null;
        if (i < end && s.charAt(i) == ':') {
            int p = i + 1;
            i = word(s, p, end);
            prefix = s.substring(p, i);
            i = skipSpaces(s, i, end);
        }
        if (i >= end) {
            return null;
        }
        int c = i;
        i = word(s, c, end);
        String command = asciiUpper(s.substring(c, i));
        List<String> params = new ArrayList<>(4);
        while (true) {
            i = skipSpaces(s, i, end);
            if (i >= end) {
                break;
            }
            if (s.charAt(i) == ':' || params.size() == maxParams - 1) {
                params.add(s.substring(s.charAt(i) == ':' ? i + 1 : i, end));
                break;
            }
            int p = i;
            i = word(s, p, end);
            params.add(s.substring(p, i));
        }
        return new IrcLine(prefix, command, params.isEmpty() ? Collections.emptyList() : params, tags);
    }

    /**
     * This message as wire bytes (CRLF-terminated), its tags first; the last parameter gets a colon when it
     * needs one. The 512-byte limit applies to what follows the tags.
     */
    public byte[] toBytes() {
        byte[] line = format(prefix, command, false, params.toArray(String[]::new));
        if (tags.isEmpty()) {
            return line;
        }
        StringBuilder sb = new StringBuilder("@");
        for (Map.Entry<String, String> t : tags.entrySet()) {
            if (sb.length() > 1) {
                sb.append(';');
            }
            sb.append(t.getKey());
            if (!t.getValue().isEmpty()) {
                sb.append('=').append(Tags.escape(t.getValue()));
            }
        }
        byte[] head = sb.append(' ').toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = java.util.Arrays.copyOf(head, head.length + line.length);
        System.arraycopy(line, 0, out, head.length, line.length);
        return out;
    }

    /** The wire form without CRLF, chars standing for bytes (for logs and tests). */
    @Override
    public String toString() {
        byte[] b = toBytes();
        return new String(b, 0, b.length - 2, StandardCharsets.ISO_8859_1);
    }

    /**
     * Formats a message. The last parameter is written as a trailing one ({@code :text}) when
     * {@code trailing} is set or when it must be (empty, contains a space, starts with a colon). Chars
     * 0-255 are written as the byte of that value, others as '?'; CR and LF become spaces so a parameter
     * can never split the line. Longer than 512 bytes: truncated to 510 plus CRLF.
     *
     * @param prefix sender without colon, or null
     */
    public static byte[] format(String prefix, String command, boolean trailing, String... params) {
        int len = command.length() + 2;
        if (prefix != null) {
            len += prefix.length() + 2;
        }
        for (String p : params) {
            len += p.length() + 2;
        }
        byte[] out = new byte[Math.min(len, MAX_LINE)];
        int n = 0;
        if (prefix != null) {
            out[n++] = ':';
            n = put(out, n, prefix);
            n = put(out, n, " ");
        }
        n = put(out, n, command);
        for (int k = 0; k < params.length; k++) {
            String p = params[k];
            n = put(out, n, " ");
            boolean last = k == params.length - 1;
            if (last && (trailing || p.isEmpty() || p.indexOf(' ') >= 0 || p.charAt(0) == ':')) {
                n = put(out, n, ":");
            }
            n = put(out, n, p);
        }
        n = Math.min(n, MAX_CONTENT);
        out[n++] = '\r';
        out[n++] = '\n';
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /**
     * Bytes {@link #formatTrailing} would need for these parameters, CRLF included, before any cut: a
     * relay compares it with {@link #MAX_LINE} to refuse rather than truncate.
     */
    public static int formattedLength(String prefix, String command, String... params) {
        int len = command.length() + 2;
        if (prefix != null) {
            len += prefix.length() + 2;
        }
        for (String p : params) {
            len += p.length() + 1;
        }
        return params.length == 0 ? len : len + 1;
    }

    /** {@link #format} with the last parameter always trailing (text of messages and numerics). */
    public static byte[] formatTrailing(String prefix, String command, String... params) {
        return format(prefix, command, true, params);
    }

    private static int put(byte[] out, int n, String s) {
        int limit = Math.min(out.length - 2, MAX_CONTENT);
        for (int i = 0; i < s.length() && n < limit; i++) {
            char c = s.charAt(i);
            out[n++] = c == '\r' || c == '\n' ? (byte) ' ' : c > 0xFF ? (byte) '?' : (byte) c;
        }
        return n;
    }

    private static int skipSpaces(String s, int i, int end) {
        while (i < end && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    private static int word(String s, int i, int end) {
        while (i < end && s.charAt(i) != ' ') {
            i++;
        }
        return i;
    }

    /** Upper-cases ASCII letters only: other bytes keep their value (Locale rules could change them). */
    private static String asciiUpper(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch >= 'a' && ch <= 'z') {
                char[] c = s.toCharArray();
                for (int k = i; k < c.length; k++) {
                    if (c[k] >= 'a' && c[k] <= 'z') {
                        c[k] -= 'a' - 'A';
                    }
                }
                return new String(c);
            }
        }
        return s;
    }
}
