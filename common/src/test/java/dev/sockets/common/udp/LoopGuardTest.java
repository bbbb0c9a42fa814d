package dev.sockets.common.udp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoopGuardTest {

    @Test
    void defaultsBlockTheWellKnownReplyingPorts() {
        LoopGuard guard = LoopGuard.defaults();
        for (int port : List.of(7, 9, 13, 17, 19, 37, 53, 123)) {
            assertThat(guard.blocks(port)).as("port %d", port).isTrue();
        }
        assertThat(guard.blocks(7007)).isFalse();
        assertThat(guard.blocks(40000)).isFalse();
        assertThat(guard.blocks(-1)).isFalse();
        assertThat(guard.blocks(70000)).isFalse();
    }

    @Test
    void allowingRemovesPortsAndNoneBlocksNothing() {
        LoopGuard guard = LoopGuard.allowing(List.of(7, 13));
        assertThat(guard.blocks(7)).isFalse();
        assertThat(guard.blocks(13)).isFalse();
        assertThat(guard.blocks(19)).isTrue();
        assertThat(guard.ports()).doesNotContain(7, 13).contains(19);
        assertThat(LoopGuard.none().blocks(7)).isFalse();
        assertThat(new LoopGuard(List.of(19, 7))).hasToString("LoopGuard[7, 19]");
    }

    @Test
    void policyDefaults() {
        UdpPolicy open = UdpPolicy.open();
        assertThat(open.rateLimiter()).isNull();
        assertThat(open.loopGuard().blocks(7)).isFalse();
        UdpPolicy defaults = UdpPolicy.defaults();
        assertThat(defaults.loopGuard().blocks(7)).isTrue();
        assertThat(defaults.rateLimiter()).isNotNull();
        assertThat(new UdpPolicy(null, null, 0).maxReplyBytes()).isEqualTo(DatagramService.MAX_PAYLOAD);
        assertThat(new UdpPolicy(null, null, 100_000).maxReplyBytes()).isEqualTo(DatagramService.MAX_PAYLOAD);
        assertThat(new UdpPolicy(null, null, 512).maxReplyBytes()).isEqualTo(512);
    }
}
