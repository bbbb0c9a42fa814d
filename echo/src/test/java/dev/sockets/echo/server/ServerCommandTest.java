package dev.sockets.echo.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockets.common.cli.Cli;
import dev.sockets.common.cli.UserError;
import dev.sockets.common.server.Server;
import dev.sockets.common.testing.LineClient;
import dev.sockets.common.testing.ServerFixture;
import dev.sockets.common.udp.DatagramClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** The command line's options reach the server: transports, idle timeout, UDP rate limit, usage errors. */
@Timeout(30)
class ServerCommandTest {

    private static Server parse(String... args) {
        ServerCommand cmd = new ServerCommand();
        Cli.commandLine(cmd).parseArgs(args);
        return cmd.server();
    }

    @Test
    void servesTcpAndUdpByDefaultAndOneWithTcpOrUdp() throws Exception {
        try (ServerFixture both = ServerFixture.start(parse("--bind", "127.0.0.1", "--port", "0"));
             ServerFixture tcp = ServerFixture.start(parse("--bind", "127.0.0.1", "--port", "0", "--tcp"));
             ServerFixture udp = ServerFixture.start(parse("--bind", "127.0.0.1", "--port", "0", "--udp"))) {
            assertThat(both.server().tcpEndpoint()).isNotNull();
            assertThat(both.server().udpEndpoint()).isNotNull();
            assertThat(tcp.server().udpEndpoint()).isNull();
            assertThat(udp.server().tcpEndpoint()).isNull();
        }
    }

    @Test
    void theDefaultPortIsSeven() {
        ServerCommand cmd = new ServerCommand();
        Cli.commandLine(cmd).parseArgs();
        assertThat(cmd.serverOptions.endpoint(EchoServer.PORT).port()).isEqualTo(7);
    }

    @Test
    void idleTimeoutClosesAQuietConnection() throws Exception {
        try (ServerFixture f = ServerFixture.start(parse("--bind", "127.0.0.1", "--port", "0", "--tcp", "--idle-timeout", "300ms"));
             LineClient c = f.connect()) {
            c.send("hi");
            assertThat(c.readLine()).isEqualTo("hi");
            c.awaitClosed();
            assertThat(f.server().stats().idleTimeouts()).isEqualTo(1);
        }
    }

    @Test
    void theUdpRateLimitAnswersTheBurstAndDropsTheRest() throws Exception {
        try (ServerFixture f = ServerFixture.start(parse("--bind", "127.0.0.1", "--port", "0", "--udp",
                "--udp-rate", "0.001", "--udp-burst", "3", "--udp-limit-loopback"));
             DatagramClient c = DatagramClient.open(f.udp())) {
            for (int i = 0; i < 10; i++) {
                c.send(("d" + i).getBytes());
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> f.server().stats().snapshot().get("dropped_rate")
                            + f.server().stats().snapshot().get("datagrams_out") == 10L);
            assertThat(f.server().stats().snapshot()).containsEntry("dropped_rate", 7L).containsEntry("datagrams_out", 3L);
            List<String> replies = new ArrayList<>();
            Optional<byte[]> r;
            // Every reply was sent before it was counted, so all are already queued here.
            while ((r = c.receive(Duration.ofMillis(200))).isPresent()) {
                replies.add(new String(r.get()));
            }
            assertThat(replies).containsExactly("d0", "d1", "d2");
        }
    }

    @Test
    void everyOptionWithAValueShowsItsDefault() {
        assertThat(dev.sockets.common.testing.HelpCheck.optionsWithoutDefault(
                Cli.commandLine(new dev.sockets.echo.EchoMain()))).isEmpty();
    }

    @Test
    void everyHelpNamesTheLauncherAndShowsPortSeven() {
        for (String command : new String[] {"server", "client", "load"}) {
            dev.sockets.echo.CommandRun help = dev.sockets.echo.CommandRun.of(command, "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out().replaceAll("\\s+", " "))
                    .startsWith("Usage: sockets echo " + command + " [options]").contains("Default: 7.");
        }
    }

    @Test
    void badOptionsAreUsageErrors() {
        StringWriter err = new StringWriter();
        CommandLine cl = Cli.commandLine(new ServerCommand());
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("--port", "70000")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err.toString()).contains("70000");
        assertThatThrownBy(() -> parse("--udp-burst", "0")).isInstanceOf(UserError.class);
        assertThat(cl.execute("--no-such-flag")).isEqualTo(Cli.EXIT_USAGE);
    }
}
