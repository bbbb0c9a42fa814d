package dev.sockets.daytime.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Every format the server writes is read back by the client to the same instant (at its resolution). */
class DaytimeRoundTripTest {

    private static final List<String> ZONES = ZoneId.getAvailableZoneIds().stream().sorted().toList();

    @Property(tries = 3000)
    void everyFormatRoundTripsThroughTheClientParser(@ForAll("instants") Instant instant,
                                                     @ForAll("zones") ZoneId zone,
                                                     @ForAll DaytimeFormat format) {
        String line = new String(format.line(instant, zone), StandardCharsets.US_ASCII);
        Instant expected = instant.truncatedTo(format.resolution().unit());
        DaytimeParser.ParsedTime parsed = DaytimeParser.parse(line, zone).orElseThrow(
                () -> new AssertionError("cannot parse " + format.cliName() + " line '" + line.strip() + "'"));
        if (format == DaytimeFormat.CTIME && zone.getRules().getValidOffsets(expected.atZone(zone).toLocalDateTime()).size() > 1) {
            // a wall time in a daylight-saving overlap names two instants: ctime cannot say which
            assertThat(parsed.instant()).isIn(expected, expected.minusSeconds(3600), expected.plusSeconds(3600),
                    expected.minusSeconds(1800), expected.plusSeconds(1800));
        } else {
            assertThat(parsed.instant()).as(format.cliName() + ": " + line.strip()).isEqualTo(expected);
        }
        assertThat(parsed.zoneAssumed()).isEqualTo(format == DaytimeFormat.CTIME);
    }

    @Provide
    Arbitrary<Instant> instants() {
        long from = Instant.parse("1900-01-01T00:00:00Z").toEpochMilli();
        long to = Instant.parse("2199-12-31T23:59:59Z").toEpochMilli();
        return Arbitraries.longs().between(from, to).map(Instant::ofEpochMilli)
                .edgeCases(c -> c.add(Instant.parse("1970-01-01T00:00:00Z"), Instant.parse("2036-02-07T06:28:16Z")));
    }

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of(ZONES).map(ZoneId::of);
    }
}
