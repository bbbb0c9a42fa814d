package dev.sockets.chat.protocol;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * IRCv3 message tags ({@code @a=b;+c=d :prefix COMMAND ...}): parsing with the value escapes of the
 * message-tags specification ({@code \:} for ';', {@code \s} for space, {@code \\}, {@code \r},
 * {@code \n}), escaping, and the limits a server enforces on what a client sends.
 */
public final class Tags {

    /** Most tag bytes a client may send, without the leading '@' and the space after the tags. */
    public static final int MAX_CLIENT_TAG_BYTES = 4094;
    /** Most bytes of the tag section of any line, the '@' and the space included. */
    public static final int MAX_TAG_SECTION = 8191;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Tags() {
    }

    /**
     * The tags of {@code section} (what follows '@', up to the space), in order; a later duplicate wins,
     * an empty key is skipped, a key without {@code =} has the value "".
     */
    public static Map<String, String> parse(String section) {
        if (section.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (String tag : section.split(";")) {
            int eq = tag.indexOf('=');
            String key = eq < 0 ? tag : tag.substring(0, eq);
            if (!key.isEmpty()) {
                tags.put(key, eq < 0 ? "" : unescape(tag.substring(eq + 1)));
            }
        }
        return Collections.unmodifiableMap(tags);
    }

    public static String unescape(String v) {
        if (v.indexOf('\\') < 0) {
            return v;
        }
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch != '\\') {
                sb.append(ch);
                continue;
            }
            if (++i == v.length()) {
                break; // a trailing backslash is dropped
            }
            char e = v.charAt(i);
            sb.append(switch (e) {
                case ':' -> ';';
                case 's' -> ' ';
                case 'r' -> '\r';
                case 'n' -> '\n';
                default -> e; // "\\" and any other escaped char: the char itself
            });
        }
        return sb.toString();
    }

    public static String escape(String v) {
        StringBuilder sb = null;
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            String e = switch (ch) {
                case ';' -> "\\:";
                case ' ' -> "\\s";
                case '\\' -> "\\\\";
                case '\r' -> "\\r";
                case '\n' -> "\\n";
                default -> null;
            };
            if (e != null && sb == null) {
                sb = new StringBuilder(v.length() + 8).append(v, 0, i);
            }
            if (sb != null) {
                if (e != null) {
                    sb.append(e);
                } else {
                    sb.append(ch);
                }
            }
        }
        return sb == null ? v : sb.toString();
    }

    /**
     * The client-only tags of {@code tags} ({@code +name}), escaped and joined for relaying, or null when
     * there are none.
     */
    public static String clientOnly(Map<String, String> tags) {
        StringBuilder sb = null;
        for (Map.Entry<String, String> t : tags.entrySet()) {
            if (!t.getKey().startsWith("+")) {
                continue;
            }
            sb = sb == null ? new StringBuilder() : sb.append(';');
            sb.append(t.getKey());
            if (!t.getValue().isEmpty()) {
                sb.append('=').append(escape(t.getValue()));
            }
        }
        return sb == null ? null : sb.toString();
    }

    /** {@code millis} as the server-time tag writes it: ISO 8601, UTC, milliseconds. */
    public static String time(long millis) {
        return TIME.format(Instant.ofEpochMilli(millis));
    }
}
