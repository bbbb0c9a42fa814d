package dev.sockets.daytime.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a daytime server (RFC 867) writes the current time: RFC 867 leaves the syntax free, so the
 * server offers several, all in English and ASCII, and {@link DaytimeParser} reads every one back.
 *
 * <p>Each format names the instant exactly (to its resolution) except {@link #CTIME}, which carries no
 * zone: a reader must know the server's zone, and in a daylight-saving overlap the wall time is
 * ambiguous. Offsets that are not whole minutes (local mean time before ~1900, Monrovia until 1972)
 * cannot be written in RFC 1123/2822 syntax; those two formats then write the time in UTC instead.
 *
 * <p>Immutable and thread-safe.
 */
public enum DaytimeFormat {

    /**
     * RFC 867's own example style, {@code Friday, November 27, 2026 21:04:05-UTC}; other zones write
     * their offset after UTC: {@code Friday, November 27, 2026 22:04:05-UTC+01:00} (unambiguous, unlike
     * abbreviations such as CST or IST).
     */
    RFC867("rfc867", "Friday, November 27, 2026 21:04:05-UTC", Resolution.SECONDS),
    /** {@code Fri, 27 Nov 2026 21:04:05 GMT} (HTTP dates; numeric offset outside UTC). */
    RFC1123("rfc1123", "Fri, 27 Nov 2026 21:04:05 GMT", Resolution.SECONDS),
    /** {@code Fri, 27 Nov 2026 21:04:05 +0000} (e-mail dates). */
    RFC2822("rfc2822", "Fri, 27 Nov 2026 21:04:05 +0000", Resolution.SECONDS),
    /** {@code 2026-11-27T21:04:05Z}, {@code 2026-11-27T22:04:05+01:00}. */
    ISO8601("iso8601", "2026-11-27T21:04:05Z", Resolution.SECONDS),
    /** {@code 2026-11-27T21:04:05.123Z}: ISO 8601 with milliseconds. */
    ISO8601_MS("iso8601-ms", "2026-11-27T21:04:05.123Z", Resolution.MILLISECONDS),
    /** {@code Fri Nov 27 21:04:05 2026}: C's ctime(3), as BSD inetd sends it; wall time, no zone. */
    CTIME("ctime", "Fri Nov 27 21:04:05 2026", Resolution.SECONDS);

    /** The precision of the time a format writes: the instant is truncated to it. */
    public enum Resolution {
        SECONDS(ChronoUnit.SECONDS), MILLISECONDS(ChronoUnit.MILLIS);

        private final ChronoUnit unit;

        Resolution(ChronoUnit unit) {
            this.unit = unit;
        }

        public ChronoUnit unit() {
            return unit;
        }
    }

    /** A bound on the line any format writes for a four-digit year, CRLF included (the UDP reply limit). */
    public static final int MAX_LINE_BYTES = 64;

    static final DateTimeFormatter RFC867_FORMATTER = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("EEEE, MMMM d, uuuu HH:mm:ss")
            .appendLiteral("-UTC")
            .appendOffset("+HH:MM:ss", "")
            .toFormatter(Locale.US);
    private static final DateTimeFormatter RFC2822_FORMATTER =
            DateTimeFormatter.ofPattern("EEE, dd MMM uuuu HH:mm:ss xx", Locale.US);
    private static final DateTimeFormatter ISO_FORMATTER = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss").appendOffsetId().toFormatter(Locale.US);
    private static final DateTimeFormatter ISO_MS_FORMATTER = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss.SSS").appendOffsetId().toFormatter(Locale.US);
    private static final DateTimeFormatter CTIME_FORMATTER =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss uuuu", Locale.US);

    private final String cliName;
    private final String example;
    private final Resolution resolution;

    DaytimeFormat(String cliName, String example, Resolution resolution) {
        this.cliName = cliName;
        this.example = example;
        this.resolution = resolution;
    }

    /** The name users type after {@code --format}. */
    public String cliName() {
        return cliName;
    }

    /** What a line in this format looks like. */
    public String example() {
        return example;
    }

    public Resolution resolution() {
        return resolution;
    }

    /** The time as this format writes it, without line end. */
    public String format(Instant instant, ZoneId zone) {
        ZonedDateTime t = instant.truncatedTo(resolution.unit()).atZone(zone);
        return switch (this) {
            case RFC867 -> RFC867_FORMATTER.format(t);
            case RFC1123 -> DateTimeFormatter.RFC_1123_DATE_TIME.format(wholeMinuteOffset(t));
            case RFC2822 -> RFC2822_FORMATTER.format(wholeMinuteOffset(t));
            case ISO8601 -> ISO_FORMATTER.format(t);
            case ISO8601_MS -> ISO_MS_FORMATTER.format(t);
            case CTIME -> CTIME_FORMATTER.format(t);
        };
    }

    /** The reply a daytime server sends: the formatted time in ASCII, ending CRLF. */
    public byte[] line(Instant instant, ZoneId zone) {
        return (format(instant, zone) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static ZonedDateTime wholeMinuteOffset(ZonedDateTime t) {
        return t.getOffset().getTotalSeconds() % 60 == 0 ? t : t.withZoneSameInstant(ZoneOffset.UTC);
    }

    /**
     * The format named {@code name} ({@code rfc867}, {@code iso8601-ms}, ...; case and {@code -}/{@code _}
     * do not matter).
     *
     * @throws IllegalArgumentException naming the known formats
     */
    public static DaytimeFormat named(String name) {
        String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (DaytimeFormat f : values()) {
            if (f.cliName.equals(wanted)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown format '" + name + "' (known: " + names() + ")");
    }

    /** {@code rfc867, rfc1123, ...}. */
    public static String names() {
        return Arrays.stream(values()).map(DaytimeFormat::cliName).collect(Collectors.joining(", "));
    }
}
