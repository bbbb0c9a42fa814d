package dev.sockets.daytime.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DaytimeFormatTest {

    private static final Instant T = Instant.parse("2026-11-27T21:04:05.123456Z");
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    @Test
    void formatsTheDocumentedExamplesInUtc() {
        assertThat(DaytimeFormat.RFC867.format(T, ZoneOffset.UTC)).isEqualTo("Friday, November 27, 2026 21:04:05-UTC");
        assertThat(DaytimeFormat.RFC1123.format(T, ZoneOffset.UTC)).isEqualTo("Fri, 27 Nov 2026 21:04:05 GMT");
        assertThat(DaytimeFormat.RFC2822.format(T, ZoneOffset.UTC)).isEqualTo("Fri, 27 Nov 2026 21:04:05 +0000");
        assertThat(DaytimeFormat.ISO8601.format(T, ZoneOffset.UTC)).isEqualTo("2026-11-27T21:04:05Z");
        assertThat(DaytimeFormat.ISO8601_MS.format(T, ZoneOffset.UTC)).isEqualTo("2026-11-27T21:04:05.123Z");
        assertThat(DaytimeFormat.CTIME.format(T, ZoneOffset.UTC)).isEqualTo("Fri Nov 27 21:04:05 2026");
        for (DaytimeFormat f : DaytimeFormat.values()) {
            assertThat(f.format(T, ZoneId.of("UTC"))).as(f.cliName()).isEqualTo(f.example());
        }
    }

    @Test
    void formatsOtherZonesWithTheirOffset() {
        assertThat(DaytimeFormat.RFC867.format(T, PARIS)).isEqualTo("Friday, November 27, 2026 22:04:05-UTC+01:00");
        assertThat(DaytimeFormat.RFC867.format(T, ZoneId.of("America/St_Johns")))
                .isEqualTo("Friday, November 27, 2026 17:34:05-UTC-03:30");
        assertThat(DaytimeFormat.RFC1123.format(T, PARIS)).isEqualTo("Fri, 27 Nov 2026 22:04:05 +0100");
        assertThat(DaytimeFormat.ISO8601.format(T, PARIS)).isEqualTo("2026-11-27T22:04:05+01:00");
        assertThat(DaytimeFormat.CTIME.format(Instant.parse("2026-11-07T01:02:03Z"), PARIS))
                .isEqualTo("Sat Nov  7 02:02:03 2026");
    }

    @Test
    void offsetsWithSecondsFallBackToUtcWhereTheSyntaxHasNoSeconds() {
        Instant t = Instant.parse("1950-06-01T12:00:00Z");
        ZoneId monrovia = ZoneId.of("Africa/Monrovia"); // -00:44:30 until 1972
        assertThat(DaytimeFormat.RFC2822.format(t, monrovia)).isEqualTo("Thu, 01 Jun 1950 12:00:00 +0000");
        assertThat(DaytimeFormat.RFC867.format(t, monrovia)).isEqualTo("Thursday, June 1, 1950 11:15:30-UTC-00:44:30");
    }

    @ParameterizedTest
    @EnumSource(DaytimeFormat.class)
    void lineIsAsciiEndingCrlfWithinTheUdpBound(DaytimeFormat f) {
        Instant longest = Instant.parse("2026-09-30T21:04:05.999Z"); // Wednesday, September
        byte[] line = f.line(longest, ZoneId.of("Asia/Kathmandu"));
        String s = new String(line, StandardCharsets.US_ASCII);
        assertThat(s).endsWith("\r\n").doesNotContain("\n\r");
        assertThat(s.indexOf('\n')).isEqualTo(s.length() - 1);
        assertThat(s).matches("[\\x20-\\x7e]*\\r\\n");
        assertThat(line.length).isLessThanOrEqualTo(DaytimeFormat.MAX_LINE_BYTES);
    }

    @Test
    void namesAreWhatUsersType() {
        assertThat(DaytimeFormat.named("iso8601-ms")).isEqualTo(DaytimeFormat.ISO8601_MS);
        assertThat(DaytimeFormat.named("ISO8601_MS")).isEqualTo(DaytimeFormat.ISO8601_MS);
        assertThat(DaytimeFormat.named(" rfc867 ")).isEqualTo(DaytimeFormat.RFC867);
        assertThatThrownBy(() -> DaytimeFormat.named("rfc9999"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown format 'rfc9999'").hasMessageContaining("ctime");
    }

    @Test
    void parsesForeignServersLines() {
        assertThat(parse("24 NOV 2026 19:24:09 UTC")).isEqualTo(Instant.parse("2026-11-24T19:24:09Z"));
        assertThat(parse("24 Nov 2026 19:24:09 GMT\r\n")).isEqualTo(Instant.parse("2026-11-24T19:24:09Z"));
        // RFC 867's own example, with the weekday corrected: 1982-02-22 was a Monday, not a Tuesday
        assertThat(parse("Monday, February 22, 1982 17:37:43-PST")).isEqualTo(Instant.parse("1982-02-23T01:37:43Z"));
        assertThat(parse("Fri Nov 27 21:04:05 UTC 2026")).isEqualTo(Instant.parse("2026-11-27T21:04:05Z"));
        assertThat(parse("friday,   november 27, 2026 21:04:05-utc")).isEqualTo(Instant.parse("2026-11-27T21:04:05Z"));
    }

    @Test
    void aLineWithoutZoneIsReadInTheAssumedZone() {
        DaytimeParser.ParsedTime p = DaytimeParser.parse("Sat Nov  7 02:02:03 2026\r\n", PARIS).orElseThrow();
        assertThat(p.instant()).isEqualTo(Instant.parse("2026-11-07T01:02:03Z"));
        assertThat(p.zoneAssumed()).isTrue();
        assertThat(DaytimeParser.parse("2026-11-27T21:04:05Z", PARIS).orElseThrow().zoneAssumed()).isFalse();
    }

    @Test
    void rejectsWhatIsNoDate() {
        assertThat(DaytimeParser.parse("", ZoneOffset.UTC)).isEmpty();
        assertThat(DaytimeParser.parse("hello world", ZoneOffset.UTC)).isEmpty();
        assertThat(DaytimeParser.parse("Fri, 32 Nov 2026 21:04:05 GMT", ZoneOffset.UTC)).isEmpty();
        // the weekday must match the date
        assertThat(DaytimeParser.parse("Monday, November 27, 2026 21:04:05-UTC", ZoneOffset.UTC)).isEmpty();
    }

    private static Instant parse(String line) {
        return DaytimeParser.parse(line, ZoneOffset.UTC).orElseThrow(() -> new AssertionError("not parsed: " + line)).instant();
    }
}
