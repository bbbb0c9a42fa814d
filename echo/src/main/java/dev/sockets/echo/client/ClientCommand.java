package dev.sockets.echo.client;

import dev.sockets.common.cli.ProtocolPort;
import dev.sockets.common.cli.Cli;
import dev.sockets.common.cli.ClientOptions;
import dev.sockets.common.cli.DurationConverter;
import dev.sockets.common.cli.UserError;
import dev.sockets.common.cli.Verbosity;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.tcp.TcpClient;
import dev.sockets.common.udp.DatagramClient;
import dev.sockets.common.udp.DatagramService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code echo client}: line mode (standard input to the server, echoes to standard output) or, with any
 * of {@code -c -s -i --keep --json}, an echoping-like measurement. Exit status: 0 every echo verified,
 * 1 anything lost, different or timed out (or the server unreachable), 2 bad usage.
 *
 * <p>Standard input and output default to the process's; tests may set {@link #stdin}/{@link #stdout}.
 * Measurement results go to picocli's output writer.
 */
@Command(name = "client", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Talk to an echo server (RFC 862).",
                "Line mode (default): each line of standard input is sent and its echo printed; at end of input the "
                        + "client half-closes and waits for every byte to come back.",
                "Measurement mode (-c, -s, -i, --keep or --json): COUNT messages of SIZE bytes, each echo verified, "
                        + "round-trip times and a summary."})
public final class ClientCommand implements Callable<Integer>, ProtocolPort {

    /** RFC 862's well-known port. */
    static final int ECHO_PORT = 7;

    /** The largest TCP message: 64 MiB. */
    static final int MAX_TCP_SIZE = 64 << 20;

    @Spec
    CommandSpec spec;

    @Mixin
    Verbosity verbosity;

    @Mixin
    ClientOptions target;

    @Option(names = "--udp", description = "Use UDP datagrams instead of a TCP connection.")
    boolean udp;

    @Option(names = {"-c", "--count"}, paramLabel = "COUNT", description = "Measure: send COUNT messages (default: 1).")
    Integer count;

    @Option(names = {"-s", "--size"}, paramLabel = "SIZE", description = "Measure: message size in bytes, 1-"
            + MAX_TCP_SIZE + " over TCP, 0-" + DatagramService.MAX_PAYLOAD + " over UDP (default: 256).")
    Integer size;

    @Option(names = {"-i", "--interval"}, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Measure: pause between messages (default: 1s).")
    Duration interval;

    @Option(names = {"-t", "--timeout"}, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to wait for an echo, or in line mode for progress after end of input (default: 5s).")
    Duration timeout = Duration.ofSeconds(5);

    @Option(names = "--keep", description = "Measure: send every message over one TCP connection (default: a new connection per message).")
    boolean keep;

    @Option(names = "--json", description = "Measure: print only the summary, as one JSON object.")
    boolean json;

    InputStream stdin = System.in;
    OutputStream stdout = System.out;

    @Override
    public Integer call() throws IOException {
        verbosity.apply();
        Endpoint server = server();
        if (timeout.isZero() || timeout.isNegative()) {
            throw UserError.usage("--timeout must be positive");
        }
        boolean measure = count != null || size != null || interval != null || keep || json;
        PrintWriter err = spec.commandLine().getErr();
        if (!measure) {
            return udp
                    ? new DatagramSession(DatagramClient.open(server), timeout).run(stdin, stdout, err)
                    : new StreamSession(TcpClient.connect(server, timeout), timeout).run(stdin, stdout, err);
        }
        int n = count == null ? 1 : count;
        int bytes = size == null ? 256 : size;
        Duration pause = interval == null ? Duration.ofSeconds(1) : interval;
        if (n < 1) {
            throw UserError.usage("--count must be at least 1");
        }
        if (bytes < (udp ? 0 : 1) || bytes > (udp ? DatagramService.MAX_PAYLOAD : MAX_TCP_SIZE)) {
            throw UserError.usage("--size must be " + (udp ? "0-" + DatagramService.MAX_PAYLOAD + " for UDP" : "1-" + MAX_TCP_SIZE));
        }
        if (keep && udp) {
            throw UserError.usage("--keep applies to TCP only");
        }
        Probe probe = udp ? new UdpProbe(server, timeout) : new TcpProbe(server, timeout, keep);
        RttSummary summary = new Measurement(probe, server, udp ? "udp" : "tcp", n, bytes, pause, json)
                .run(spec.commandLine().getOut());
        return summary.lost() == 0 ? Cli.EXIT_OK : Cli.EXIT_FAILURE;
    }

    private Endpoint server() {
        return target.server(ECHO_PORT);
    }

    @Override
    public String defaultPortHelp() {
        return Integer.toString(ECHO_PORT);
    }
}
