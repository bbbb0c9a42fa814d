package dev.sockets.daytime.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ProtocolException;
import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class Rfc868Test {

    @Test
    void encodesKnownInstants() {
        assertThat(Rfc868.encode(Instant.parse("1900-01-01T00:00:00Z"))).isZero();
        assertThat(Rfc868.encode(Instant.EPOCH)).isEqualTo(2_208_988_800L);
        assertThat(Rfc868.reply(Instant.EPOCH)).containsExactly(0x83, 0xAA, 0x7E, 0x80);
        assertThat(Rfc868.encode(Instant.parse("2036-02-07T06:28:15Z"))).isEqualTo(0xFFFF_FFFFL);
        assertThat(Rfc868.encode(Instant.parse("2036-02-07T06:28:16Z"))).isZero();
        assertThat(Rfc868.ERA_1_START).isEqualTo(Instant.parse("2036-02-07T06:28:16Z"));
        assertThat(Rfc868.encode(Instant.parse("2036-02-07T06:28:21.999Z"))).isEqualTo(5);
        assertThat(Rfc868.reply(Instant.parse("2036-02-07T06:28:16Z"))).containsExactly(0, 0, 0, 0);
    }

    @Test
    void decodesTheEraClosestToTheLocalClock() {
        Instant era1Start = Instant.parse("2036-02-07T06:28:16Z");
        assertThat(Rfc868.decode(0, era1Start)).isEqualTo(era1Start);
        assertThat(Rfc868.decode(0, era1Start.minusSeconds(10))).isEqualTo(era1Start);
        assertThat(Rfc868.decode(0, Instant.parse("1900-01-02T00:00:00Z"))).isEqualTo(Instant.parse("1900-01-01T00:00:00Z"));
        assertThat(Rfc868.decode(0xFFFF_FFFFL, era1Start.plusSeconds(3))).isEqualTo(era1Start.minusSeconds(1));
        assertThat(Rfc868.decode(2_208_988_800L, Instant.parse("2026-11-27T00:00:00Z"))).isEqualTo(Instant.EPOCH);
        assertThat(Rfc868.decode(Rfc868.encode(Instant.parse("2100-01-01T00:00:00Z")), Instant.parse("2100-01-01T00:00:01Z")))
                .isEqualTo(Instant.parse("2100-01-01T00:00:00Z"));
    }

    @Property(tries = 2000)
    void roundTripsWhenTheClocksAreWithin68Years(
            @ForAll @LongRange(min = -2_208_988_800L, max = 8_000_000_000L) long epochSecond,
            @ForAll @LongRange(min = -2_000_000_000L, max = 2_000_000_000L) long clockError) throws Exception {
        Instant server = Instant.ofEpochSecond(epochSecond);
        Instant client = server.plusSeconds(clockError);
        assertThat(Rfc868.decode(Rfc868.encode(server), client)).isEqualTo(server);
        assertThat(Rfc868.value(Rfc868.reply(server))).isEqualTo(Rfc868.encode(server));
    }

    @Test
    void aReplyMustBeFourBytes() {
        assertThatThrownBy(() -> Rfc868.value(new byte[3]))
                .isInstanceOf(ProtocolException.class).hasMessage("expected a 4-byte RFC 868 time, got 3 bytes");
        assertThatThrownBy(() -> Rfc868.value(new byte[5])).isInstanceOf(ProtocolException.class);
    }

    @Test
    void offsetIsServerMinusTheMidpointOfTheExchange() {
        Instant sent = Instant.parse("2026-11-27T21:04:05Z");
        ClockOffset o = new ClockOffset(sent.plusSeconds(10), sent, sent.plusMillis(200));
        assertThat(o.roundTrip()).isEqualTo(Duration.ofMillis(200));
        assertThat(o.offset()).isEqualTo(Duration.ofMillis(9_900));
        assertThat(new ClockOffset(sent, sent.plusMillis(100), sent.plusMillis(300)).offset()).isEqualTo(Duration.ofMillis(-200));
    }
}
