package dev.sockets.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The environment half of {@code sd_listen_fds(3)}; the descriptors themselves are passed by
 * {@code systemd-socket-activate} in the integration tests.
 */
class ListenFdsTest {

    @Test
    void variablesForAnotherProcessPassNothing() {
        // A child of an activated process inherits the variables; they are not for it.
        assertThat(ListenFds.inherit(Map.of("LISTEN_PID", "1", "LISTEN_FDS", "2"), 4242)).isEmpty();
        assertThat(ListenFds.inherit(Map.of("LISTEN_FDS", "2"), 4242)).isEmpty();
        assertThat(ListenFds.inherit(Map.of(), 4242)).isEmpty();
        assertThat(ListenFds.count(Map.of("LISTEN_PID", "4242", "LISTEN_FDS", "3"), 4242)).isEqualTo(3);
    }

    @Test
    void namesDefaultToUnknownAndMustMatchTheCount() {
        assertThat(ListenFds.names(Map.of(), 2)).containsExactly("unknown", "unknown");
        assertThat(ListenFds.names(Map.of("LISTEN_FDNAMES", "tcp:udp:tls"), 3)).containsExactly("tcp", "udp", "tls");
        assertThat(ListenFds.names(Map.of("LISTEN_FDNAMES", "tcp::tls"), 3)).containsExactly("tcp", "", "tls");
        assertThatThrownBy(() -> ListenFds.names(Map.of("LISTEN_FDNAMES", "tcp:udp"), 3))
                .hasMessage("LISTEN_FDNAMES=tcp:udp names 2 file descriptors, but LISTEN_FDS=3");
    }

    @Test
    void malformedVariablesAreOneLine() {
        assertThatThrownBy(() -> ListenFds.inherit(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "two"), 42))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("LISTEN_FDS=two is not a number of file descriptors");
        assertThatThrownBy(() -> ListenFds.inherit(Map.of("LISTEN_PID", "x", "LISTEN_FDS", "1"), 42))
                .hasMessage("LISTEN_PID=x is not a process id");
        assertThatThrownBy(() -> ListenFds.inherit(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "-1"), 42))
                .hasMessage("LISTEN_FDS=-1 is not a number of file descriptors (0-1024)");
    }
}
