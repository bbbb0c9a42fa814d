package dev.sockets.it.harness;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads top-level fields out of the one-line JSON objects our clients print with {@code --json}, without
 * a JSON library: enough for flat objects of numbers and strings. Stateless.
 */
public final class JsonFields {

    private JsonFields() {
    }

    /** The number under {@code key}, or an AssertionError showing the JSON. */
    public static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*(-?[0-9][0-9.eE+-]*)").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no number field \"" + key + "\" in: " + json);
        }
        return Double.parseDouble(m.group(1));
    }

    public static long integer(String json, String key) {
        double d = number(json, key);
        if (d != Math.rint(d)) {
            throw new AssertionError("field \"" + key + "\" is not an integer (" + d + ") in: " + json);
        }
        return (long) d;
    }

    /** The string under {@code key} (no escapes expected), or an AssertionError showing the JSON. */
    public static String string(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no string field \"" + key + "\" in: " + json);
        }
        return m.group(1);
    }
}
