package dev.sockets.common.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitsTest {

    @Test
    void aWitherChangesOnlyItsOwnLimit() {
        Limits base = Limits.builder().maxConnections(3).maxConnectionsPerIp(2).refusingWith("busy\r\n")
                .idleTimeout(Duration.ofSeconds(9)).backlog(7).grace(Duration.ofSeconds(4))
                .connectRatePerIp(5, 10, true).build();
        Limits changed = base.withGrace(Duration.ofSeconds(1));
        assertThat(changed.grace()).isEqualTo(Duration.ofSeconds(1));
        assertThat(changed.maxConnections()).isEqualTo(3);
        assertThat(changed.maxConnectionsPerIp()).isEqualTo(2);
        assertThat(changed.refuseWhenFull()).isTrue();
        assertThat(new String(changed.refusalMessage(), StandardCharsets.UTF_8)).isEqualTo("busy\r\n");
        assertThat(changed.idleTimeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(changed.writeTimeout()).isEqualTo(Limits.DEFAULT_WRITE_TIMEOUT);
        assertThat(changed.backlog()).isEqualTo(7);
        assertThat(changed.connectRatePerIp()).isEqualTo(5);
        assertThat(changed.connectBurstPerIp()).isEqualTo(10);
        assertThat(changed.limitLoopback()).isTrue();
    }

    @Test
    void zeroAndNegativeMeanNoLimitOrTheDefault() {
        Limits l = Limits.builder().idleTimeout(Duration.ZERO).writeTimeout(Duration.ofSeconds(-1)).backlog(0)
                .grace(null).connectRatePerIp(3, 0, false).build();
        assertThat(l.idleTimeout()).isNull();
        assertThat(l.writeTimeout()).isNull();
        assertThat(l.backlog()).isEqualTo(Limits.DEFAULT_BACKLOG);
        assertThat(l.grace()).isEqualTo(Limits.DEFAULT_GRACE);
        assertThat(l.connectBurstPerIp()).isEqualTo(1);
        assertThatThrownBy(() -> Limits.builder().maxConnections(-1).build()).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theWatchdogChecksAtAQuarterOfTheShortestTimeoutWithinBounds() {
        assertThat(Watchdog.tickFor(Duration.ofSeconds(2), null)).isEqualTo(Duration.ofMillis(500));
        assertThat(Watchdog.tickFor(Duration.ofMillis(20))).isEqualTo(Duration.ofMillis(10));
        assertThat(Watchdog.tickFor(Duration.ofMinutes(5), Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(1));
    }
}
