package dev.sockets.daytime.protocol;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the line of a daytime server back into an instant: every {@link DaytimeFormat} of ours, RFC 867's
 * own example with a zone abbreviation ({@code Tuesday, February 22, 1982 17:37:43-PST}), xinetd's
 * built-in service ({@code 24 NOV 2026 19:24:09 UTC}) and {@code date(1)}'s default output. Case and
 * runs of blanks do not matter.
 *
 * <p>A line without a zone (ctime) is read as wall time in the zone the caller assumes; in a
 * daylight-saving overlap the earlier of the two instants is taken. Zone abbreviations are resolved the
 * way {@link DateTimeFormatter} does, which is a guess for ambiguous ones (CST, IST).
 *
 * <p>Stateless and thread-safe.
 */
public final class DaytimeParser {

    /** A parsed line: the instant it names and whether the zone had to be assumed. */
    public record ParsedTime(Instant instant, boolean zoneAssumed) { }

    private static final List<DateTimeFormatter> WITH_ZONE = List.of(
            DateTimeFormatter.ISO_OFFSET_DATE_TIME,
            DateTimeFormatter.RFC_1123_DATE_TIME,
            DaytimeFormat.RFC867_FORMATTER,
            lenient("EEEE, MMMM d, uuuu HH:mm:ss-z"),
            lenient("d MMM uuuu HH:mm:ss z"),
            lenient("EEE MMM d HH:mm:ss z uuuu"));
    private static final DateTimeFormatter CTIME = lenient("EEE MMM d HH:mm:ss uuuu");

    private DaytimeParser() {
    }

    private static DateTimeFormatter lenient(String pattern) {
        return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern).toFormatter(Locale.US);
    }

    /**
     * Parses {@code line} (a trailing CRLF is ignored).
     *
     * @param assumedZone the zone of a line that names none (ctime)
     * @return empty when the line is in none of the known formats
     */
    public static Optional<ParsedTime> parse(String line, ZoneId assumedZone) {
        String text = line.strip().replaceAll("\\s+", " ");
        for (DateTimeFormatter f : WITH_ZONE) {
            try {
                return Optional.of(new ParsedTime(ZonedDateTime.from(f.parse(text)).toInstant(), false));
            } catch (DateTimeException e) {
                // not this format: try the next
            }
        }
        try {
            LocalDateTime wall = LocalDateTime.from(CTIME.parse(text));
            return Optional.of(new ParsedTime(ZonedDateTime.ofLocal(wall, assumedZone, null).toInstant(), true));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
