package dev.sockets.daytime;

import java.util.Locale;

/**
 * A flat JSON object written field by field, for {@code --json} output: strings are escaped, numbers
 * written as they are. Enough for one line of results; not a JSON library. Not thread-safe.
 */
final class JsonObject {

    private final StringBuilder sb = new StringBuilder("{");

    JsonObject put(String name, String value) {
        return field(name).quote(value);
    }

    JsonObject put(String name, long value) {
        field(name).sb.append(value);
        return this;
    }

    JsonObject put(String name, double value) {
        field(name).sb.append(Double.isFinite(value) ? String.format(Locale.ROOT, "%.6f", value) : "null");
        return this;
    }

    private JsonObject field(String name) {
        if (sb.length() > 1) {
            sb.append(',');
        }
        quote(name).sb.append(':');
        return this;
    }

    private JsonObject quote(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
        return this;
    }

    @Override
    public String toString() {
        return sb + "}";
    }
}
