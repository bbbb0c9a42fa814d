package dev.sockets.echo.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

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
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    void verboseLogsEachConnectionsAcceptAndCloseAndTheDefaultDoesNot() throws Exception {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        try {
            String peer = echoOneLine("--verbose");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(messages(logged))
                    .anyMatch(m -> m.equals("echo: connection from " + peer + " accepted"))
                    .anyMatch(m -> m.matches("echo: connection from " + Pattern.quote(peer)
                            + " closed after \\d+ ms: 4 bytes in, 4 bytes out")));
            synchronized (logged) {
                logged.list.clear();
            }
            String quietPeer = echoOneLine();
            assertThat(messages(logged)).noneMatch(m -> m.contains(quietPeer));
        } finally {
            root.detachAppender(logged);
            root.setLevel(before);
        }
    }

    /** Runs {@code echo server ARGS} on port 0, echoes one line, waits until the server is done with it; returns the client's endpoint. */
    private static String echoOneLine(String... args) throws Exception {
        ServerCommand cmd = new ServerCommand();
        List<String> all = new ArrayList<>(List.of("--bind", "127.0.0.1", "--port", "0", "--tcp"));
        all.addAll(List.of(args));
        Cli.commandLine(cmd).parseArgs(all.toArray(String[]::new));
        cmd.verbosity.apply();
        try (ServerFixture f = ServerFixture.start(cmd.server())) {
            String peer;
            try (LineClient c = f.connect()) {
                peer = c.local().toString();
                c.send("hi");
                assertThat(c.readLine()).isEqualTo("hi");
            }
            // the handler logs before the server counts the connection closed
            await().atMost(Duration.ofSeconds(10)).until(() -> f.server().stats().connectionsOpen() == 0);
            return peer;
        }
    }

    private static List<String> messages(ListAppender<ILoggingEvent> appender) {
        synchronized (appender) { // AppenderBase appends holding this lock
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
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
                "--udp-rate", "0.001", "--udp-burst", "3"));
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
