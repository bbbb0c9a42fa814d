package dev.sockets.common.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Parses durations as users type them: {@code 3} (seconds), {@code 1.5s}, {@code 500ms}, {@code 2m},
 * {@code 1h}, {@code 0} (off where the option allows it).
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /** @throws IllegalArgumentException with a message naming the accepted forms */
    public static Duration parse(String value) {
        Matcher m = FORMAT.matcher(value == null ? "" : value.strip());
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration (examples: 3, 1.5s, 500ms, 2m, 1h)");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(java.util.Locale.ROOT);
        double nanos = switch (unit) {
            case "ms" -> n * 1e6;
            case "m" -> n * 60e9;
            case "h" -> n * 3600e9;
            default -> n * 1e9;
        };
        if (nanos > Long.MAX_VALUE / 2) {
            throw new CommandLine.TypeConversionException("'" + value + "' is too long");
        }
        return Duration.ofNanos((long) nanos);
    }

    /** Formats like the input syntax: {@code 500ms}, {@code 3s}, {@code 1.5s}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms < 1000 ? ms + "ms" : (ms / 1000.0) + "s";
        }
        return (ms / 1000) + "s";
    }
}
