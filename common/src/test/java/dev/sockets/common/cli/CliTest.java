package dev.sockets.common.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Limits;
import dev.sockets.common.server.Server;
import dev.sockets.common.udp.UdpPolicy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

class CliTest {

    @Command(name = "testcmd", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class)
    static final class TestCommand implements Callable<Integer> {
        @Mixin ServerOptions server;
        @Mixin UdpOptions udp;
        @Mixin Verbosity verbosity;

        @Option(names = "--fail")
        String fail = "";

        Endpoint endpoint;
        Limits limits;
        UdpPolicy policy;

        @Override
        public Integer call() throws Exception {
            verbosity.apply();
            switch (fail) {
                case "user" -> throw new UserError("cannot do that");
                case "usage" -> throw UserError.usage("--this needs --that");
                case "code" -> throw new UserError("custom failure", 3);
                case "io" -> throw new ConnectException("cannot connect to 127.0.0.1:7: connection refused");
                case "bug" -> throw new IllegalStateException("a bug (expected by this test)");
                default -> { }
            }
            endpoint = server.endpoint(7);
            limits = server.limits();
            policy = udp.policy(512);
            return 0;
        }
    }

    @Command(name = "client", mixinStandardHelpOptions = true, sortOptions = false)
    static final class ClientTestCommand implements Callable<Integer>, ProtocolPort {
        @Option(names = "--zzz", description = "Declared first, shown first.")
        boolean zzz;
        @Mixin ClientOptions target;
        Endpoint server;

        @Override
        public Integer call() {
            server = target.server(7);
            return 0;
        }

        @Override
        public String defaultPortHelp() {
            return "7";
        }
    }

    @Command(name = "proto", subcommands = ClientTestCommand.class)
    static final class ProtocolTestCommand {
    }

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private TestCommand command;

    private int run(String... args) {
        command = new TestCommand();
        CommandLine cl = Cli.commandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private List<String> errLines() {
        return err.toString().lines().toList();
    }

    @AfterEach
    void restoreLogLevel() {
        Verbosity.setLevel(Level.INFO);
    }

    @Test
    void aBadFlagIsOneLinePlusAHintAndExit2() {
        assertThat(run("--bogus")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(errLines()).containsExactly("testcmd: Unknown option: '--bogus'",
                "Try 'sockets testcmd --help' for more information.");
    }

    @Test
    void aBadValueIsOneLinePlusAHintAndExit2() {
        assertThat(run("--idle-timeout", "soon")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(errLines()).hasSize(2);
        assertThat(errLines().get(0)).startsWith("testcmd: Invalid value for option '--idle-timeout'")
                .endsWith("'soon' is not a duration (examples: 3, 1.5s, 500ms, 2m, 1h)");
        assertThat(run("--port", "seven")).isEqualTo(Cli.EXIT_USAGE);
    }

    @Test
    void userErrorsAreOneLineWithTheirExitCode() {
        assertThat(run("--fail", "user")).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(errLines()).containsExactly("testcmd: cannot do that");
    }

    @Test
    void usageErrorsAddTheHint() {
        assertThat(run("--fail", "usage")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(errLines()).containsExactly("testcmd: --this needs --that", "Try 'sockets testcmd --help' for more information.");
    }

    @Test
    void aUserErrorMayCarryItsOwnCode() {
        assertThat(run("--fail", "code")).isEqualTo(3);
        assertThat(errLines()).containsExactly("testcmd: custom failure");
    }

    @Test
    void anIoExceptionIsHowTheNetworkSaysNo() {
        assertThat(run("--fail", "io")).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(errLines()).containsExactly("testcmd: cannot connect to 127.0.0.1:7: connection refused");
    }

    @Test
    void anythingElseIsABugWithExit1() {
        assertThat(run("--fail", "bug")).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(err.toString()).doesNotContain("Try '"); // the trace goes to the log, not a usage hint
    }

    @Test
    void badEndpointOptionsAreUsageErrors() {
        assertThat(run("--port", "70000")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(errLines()).first().isEqualTo("testcmd: --port must be 0-65535, not 70000");
        err.getBuffer().setLength(0);
        assertThat(run("--bind", "localhost")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(errLines()).first().isEqualTo("testcmd: 'localhost' is not an IP address (use e.g. 127.0.0.1 or ::1)");
        err.getBuffer().setLength(0);
        assertThat(run("--max-connections", "-1")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(errLines()).first().isEqualTo("testcmd: --max-connections must not be negative");
        err.getBuffer().setLength(0);
        assertThat(run("--backlog", "-1")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(errLines()).first().isEqualTo("testcmd: --backlog must not be negative");
        err.getBuffer().setLength(0);
        assertThat(run("--udp-burst", "0")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(errLines()).first().isEqualTo("testcmd: --udp-burst must be at least 1");
        err.getBuffer().setLength(0);
        assertThat(run("--udp-rate", "-1")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(errLines()).first().isEqualTo("testcmd: --udp-rate must not be negative");
        err.getBuffer().setLength(0);
        assertThat(run("--verbose", "--quiet")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(errLines()).first().isEqualTo("testcmd: --verbose and --quiet exclude each other");
    }

    @Test
    void serverOptionsDefaultsAndValues() {
        assertThat(run()).isZero();
        assertThat(command.endpoint).isEqualTo(Endpoint.wildcard(7));
        assertThat(command.limits.maxConnections()).isEqualTo(10_000);
        assertThat(command.limits.writeTimeout()).isEqualTo(Limits.DEFAULT_WRITE_TIMEOUT);
        assertThat(command.limits.idleTimeout()).isNull();
        assertThat(command.policy.maxReplyBytes()).isEqualTo(512);
        assertThat(command.policy.loopGuard().blocks(7)).isTrue();
        assertThat(command.server.writeTimeoutIsDefault()).isTrue();

        assertThat(run("--bind", "::1", "--port", "0", "--idle-timeout", "1.5s", "--max-connections-per-ip", "4",
                "--grace", "500ms", "--udp-allow-source-ports", "7,13", "--udp-rate", "0", "-v")).isZero();
        assertThat(command.endpoint).hasToString("[::1]:0");
        assertThat(command.limits.idleTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(command.limits.maxConnectionsPerIp()).isEqualTo(4);
        assertThat(command.limits.grace()).isEqualTo(Duration.ofMillis(500));
        assertThat(command.policy.loopGuard().blocks(7)).isFalse();
        assertThat(command.policy.rateLimiter()).isNull();
        assertThat(command.verbosity.verbose()).isTrue();
    }

    @Test
    void versionAndHelp() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).matches("sockets 1\\.0\\.0 \\(commit ([0-9a-f]{12}|unknown), Java \\d+, .*\\)\\R");
        out.getBuffer().setLength(0);
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--port", "--bind", "--max-connections", "--idle-timeout", "--udp-rate",
                "--verbose", "--quiet");
    }

    private int runClient(String... args) {
        CommandLine cl = Cli.commandLine(new ProtocolTestCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void usageLinesAndHintsNameTheLauncher() {
        assertThat(runClient("client", "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: sockets proto client [options] [HOST]" + System.lineSeparator());
        assertThat(runClient("client", "--bogus")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(errLines()).containsExactly("proto client: Unknown option: '--bogus'",
                "Try 'sockets proto client --help' for more information.");
    }

    @Test
    void helpShowsTheProtocolsPortAndHelpOptionsLastInOneOrder() {
        assertThat(run("--help")).isZero();
        List<String> sorted = optionNames(out.toString());
        assertThat(sorted.subList(sorted.size() - 2, sorted.size())).containsExactly("-h", "-V");
        out.getBuffer().setLength(0);
        assertThat(runClient("client", "--help")).isZero();
        assertThat(out.toString().replaceAll("\\s+", " ")).contains("Server port. Default: 7.");
        List<String> declared = optionNames(out.toString());
        assertThat(declared).containsExactly("--zzz", "-p", "-h", "-V");
    }

    /** The first name of each option in a help text, in order. */
    private static List<String> optionNames(String help) {
        return help.lines().map(String::strip).filter(l -> l.startsWith("-"))
                .map(l -> l.split("[ ,=]")[0]).toList();
    }

    @Test
    void aPortInHostAndADifferentPortOptionIsAUsageError() {
        assertThat(runClient("client", "127.0.0.1:7007", "--port", "7008")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(errLines()).containsExactly(
                "proto client: HOST 127.0.0.1:7007 and --port 7008 name different ports: give the port once",
                "Try 'sockets proto client --help' for more information.");
        err.getBuffer().setLength(0);
        assertThat(runClient("client", "[::1]:7007", "-p", "7")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(runClient("client", "7007", "-p", "7")).isEqualTo(Cli.EXIT_USAGE);
        err.getBuffer().setLength(0);
        assertThat(runClient("client", "127.0.0.1:7007", "--port", "7007")).isZero();
        assertThat(runClient("client", "[::1]", "--port", "7007")).isZero();
        assertThat(runClient("client", "::1", "--port", "7007")).isZero();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void serverRunnerTurnsABindFailureIntoAUserErrorAndStopsWhatStarted() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Server first = Server.builder("first").tcp(Endpoint.loopback(0), c -> { }).build();
            Server second = Server.builder("second").tcp(Endpoint.loopback(taken.getLocalPort()), c -> { }).build();
            assertThatThrownBy(() -> ServerRunner.run(Duration.ofSeconds(1), first, second))
                    .isInstanceOf(UserError.class)
                    .hasMessage("cannot bind tcp/127.0.0.1:" + taken.getLocalPort() + ": address already in use "
                            + "(another server is listening there); try another --port, e.g. " + (taken.getLocalPort() + 1))
                    .satisfies(e -> assertThat(((UserError) e).exitCode()).isEqualTo(Cli.EXIT_FAILURE));
            assertThat(first.isStopped()).isTrue();
        }
    }
}
