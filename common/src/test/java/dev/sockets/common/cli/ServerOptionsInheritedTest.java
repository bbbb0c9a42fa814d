package dev.sockets.common.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockets.common.server.Limits;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code --inherited} and {@code --connect-rate-per-ip} as a user types them. */
class ServerOptionsInheritedTest {

    @Command(name = "srv")
    static final class Srv {
        @Mixin
        ServerOptions options;
    }

    private static ServerOptions parse(String... args) {
        Srv srv = new Srv();
        new CommandLine(srv).parseArgs(args);
        return srv.options;
    }

    @Test
    void withoutASocketOnStdinNothingIsInherited() {
        // Under the test runner stdin is a pipe, as when a user runs a server from a shell.
        assertThat(parse().inheritedSockets()).isEmpty();
    }

    @Test
    void inheritedWithoutASocketOnStdinIsAOneLineError() {
        assertThatThrownBy(() -> parse("--inherited").inheritedSockets()).isInstanceOf(UserError.class)
                .hasMessage("--inherited: no socket passed (LISTEN_FDS) and standard input is not a socket (start the "
                        + "server from a systemd .socket unit or inetd, or drop --inherited)");
    }

    @Test
    void connectRateDefaultsAndOverrides() {
        Limits defaults = parse().limits();
        assertThat(defaults.connectRatePerIp()).isEqualTo(Limits.DEFAULT_CONNECT_RATE);
        assertThat(defaults.connectBurstPerIp()).isEqualTo(2 * (int) Limits.DEFAULT_CONNECT_RATE);
        assertThat(defaults.limitLoopback()).isFalse();
        assertThat(parse("--connect-rate-per-ip", "0").limits().connectRatePerIp()).isZero();
        assertThatThrownBy(() -> parse("--connect-rate-per-ip", "-1").limits()).isInstanceOf(UserError.class);
    }
}
