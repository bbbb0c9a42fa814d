package dev.sockets.common.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Server;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code --metrics-port} and {@code --metrics-bind} as a user types them, and a metrics port in use. */
class ServerOptionsMetricsTest {

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
    void offByDefaultOnLoopbackWhenAskedFor() throws Exception {
        assertThat(parse().metricsEndpoint()).isNull();
        assertThat(parse("--metrics-port", "0").metricsEndpoint()).isEqualTo(Endpoint.loopback(0));
        assertThat(parse("--metrics-port", "9464").metricsEndpoint())
                .isEqualTo(new Endpoint(InetAddress.getByName("127.0.0.1"), 9464));
        assertThat(parse("--metrics-port", "9464", "--metrics-bind", "::").metricsEndpoint())
                .isEqualTo(new Endpoint(InetAddress.getByName("::"), 9464));
    }

    @Test
    void badValuesAreOneLineUsageErrors() {
        assertThatThrownBy(() -> parse("--metrics-port", "70000").metricsEndpoint()).isInstanceOf(UserError.class)
                .hasMessage("--metrics-port must be 0-65535, not 70000")
                .satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(Cli.EXIT_USAGE));
        assertThatThrownBy(() -> parse("--metrics-port", "1", "--metrics-bind", "example.com").metricsEndpoint())
                .isInstanceOf(UserError.class).hasMessageStartingWith("--metrics-bind: ")
                .satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(Cli.EXIT_USAGE));
        assertThatThrownBy(() -> parse("--metrics-bind", "127.0.0.1").metricsEndpoint()).isInstanceOf(UserError.class)
                .hasMessage("--metrics-bind needs --metrics-port");
        assertThatThrownBy(() -> parse("--metrics-port", "x")).isInstanceOf(CommandLine.ParameterException.class);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aMetricsPortInUseIsAUsageErrorBeforeAnyServerBinds() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Server server = Server.builder("echo").tcp(Endpoint.loopback(0), c -> { }).build();
            assertThatThrownBy(() -> ServerRunner.run(Duration.ofSeconds(1), Endpoint.loopback(port), server))
                    .isInstanceOf(UserError.class)
                    .hasMessage("--metrics-port " + port + ": cannot listen on 127.0.0.1:" + port + ": address already in use")
                    .satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(Cli.EXIT_USAGE));
            assertThat(server.tcpEndpoint()).isNull(); // never bound
        }
    }
}
