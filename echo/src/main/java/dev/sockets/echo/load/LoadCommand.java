package dev.sockets.echo.load;

import dev.sockets.common.cli.ProtocolPort;
import dev.sockets.common.cli.Cli;
import dev.sockets.common.cli.ClientOptions;
import dev.sockets.common.cli.DurationConverter;
import dev.sockets.common.cli.OptionRange;
import dev.sockets.common.cli.UserError;
import dev.sockets.common.cli.Verbosity;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.udp.DatagramService;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code echo load}: drives an echo server with C connections (or UDP sockets) for a fixed duration,
 * verifies every echoed byte and prints throughput and latency percentiles. Exit status 0 when every
 * message sent was verified, 1 otherwise, 2 for bad usage.
 */
@Command(name = "load", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Load an echo server: C connections each keep N messages in flight for DURATION; every echoed "
                + "byte is verified; latency percentiles via HdrHistogram.",
                "A progress line is printed each second when output is a terminal."})
public final class LoadCommand implements Callable<Integer>, ProtocolPort {

    @Spec
    CommandSpec spec;

    @Mixin
    Verbosity verbosity;

    @Mixin
    ClientOptions target;

    @Option(names = {"-C", "--connections"}, paramLabel = "C",
            description = "Concurrent connections, or UDP sockets (default: ${DEFAULT-VALUE}).")
    int connections = 10;

    @Option(names = {"-d", "--duration"}, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to send: 3 (seconds), 500ms, 2m (default: 5s).")
    Duration duration = Duration.ofSeconds(5);

    @Option(names = {"-s", "--size"}, paramLabel = "BYTES", description = "Bytes per message (default: ${DEFAULT-VALUE}).")
    int size = 64;

    @Option(names = {"-n", "--depth"}, paramLabel = "N",
            description = "Messages each connection keeps in flight; 1 = ping-pong (default: ${DEFAULT-VALUE}).")
    int depth = 1;

    @Option(names = {"-r", "--rate"}, paramLabel = "R",
            description = "Total messages per second over all connections (default: as fast as echoes return).")
    double rate;

    @Option(names = {"-t", "--timeout"}, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long an echo may take before it counts as lost (default: 2s).")
    Duration timeout = Duration.ofSeconds(2);

    @Option(names = "--udp", description = "Send datagrams instead of using TCP connections.")
    boolean udp;

    @Option(names = "--json", description = "Print only the result, as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        verbosity.apply();
        LoadPlan plan = plan();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!json) {
            out.printf("echo load: %s %s, %d %s, depth %d, %d bytes, %s%s%n", plan.udp() ? "udp" : "tcp", plan.server(),
                    plan.connections(), plan.udp() ? "sockets" : "connections", plan.depth(), plan.size(),
                    DurationConverter.format(plan.duration()), plan.rate() > 0 ? ", at most " + plan.rate() + " msgs/s" : "");
            out.flush();
        }
        LoadTally tally = new LoadTally();
        Progress progress = Progress.startIfTerminal(tally, out, json);
        long start = System.nanoTime();
        try {
            if (plan.udp()) {
                new UdpLoad(plan, tally, start).run();
            } else {
                new TcpLoad(plan, tally, start).run();
            }
        } finally {
            progress.stop();
        }
        LoadReport report = new LoadReport(plan, tally);
        if (json) {
            out.println(report.toJson());
        } else {
            report.lines().forEach(out::println);
        }
        out.flush();
        if (plan.udp() && tally.lost() > 0 && plan.server().address().isLoopbackAddress()) {
            // Our servers limit replies per source address, loopback included, so that two of them
            // cannot answer each other forever: the usual cause of losses on one host.
            err.println("note: " + tally.lost() + " datagrams lost; a sockets server answers one address at most "
                    + "--udp-rate (1000) times a second unless started with --udp-exempt-loopback");
        }
        return report.clean() ? Cli.EXIT_OK : Cli.EXIT_FAILURE;
    }

    LoadPlan plan() {
        Endpoint server = target.server(7);
        if (connections < 1 || connections > 100_000) {
            throw UserError.usage("--connections must be 1-100000");
        }
        if (depth < 1 || depth > 1024) {
            throw UserError.usage("--depth must be 1-1024");
        }
        OptionRange.positive("--duration", duration);
        OptionRange.positive("--timeout", timeout);
        if (rate < 0 || Double.isNaN(rate)) {
            throw UserError.usage("--rate must not be negative");
        }
        int min = udp ? LoadPlan.UDP_HEADER : 1;
        int max = udp ? DatagramService.MAX_PAYLOAD : 16 << 20;
        if (size < min || size > max) {
            throw UserError.usage("--size must be " + min + "-" + max + (udp ? " for UDP (a datagram carries its 8-byte sequence number)" : ""));
        }
        return new LoadPlan(server, udp, connections, duration, size, depth, rate, timeout);
    }

    @Override
    public String defaultPortHelp() {
        return Integer.toString(7);
    }
}
