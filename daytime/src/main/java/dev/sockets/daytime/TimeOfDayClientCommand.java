package dev.sockets.daytime;

import dev.sockets.common.cli.ProtocolPort;
import dev.sockets.common.cli.ClientOptions;

import dev.sockets.common.cli.DurationConverter;
import dev.sockets.common.cli.UserError;
import dev.sockets.common.cli.Verbosity;
import dev.sockets.common.net.Endpoint;
import dev.sockets.daytime.protocol.ClockOffset;
import dev.sockets.daytime.protocol.TimeOfDayClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What {@code daytime client} and {@code time client} share: where to ask, over which transport, how
 * long to wait, and how to print a {@link ClockOffset}. Subclasses turn the reply into output.
 * Output goes to the command line's standard output; failures are one-line {@link IOException}s or
 * {@link UserError}s that {@code Cli} prints (exit 1).
 */
abstract class TimeOfDayClientCommand implements Callable<Integer>, ProtocolPort {

    @Spec
    CommandSpec spec;

    @Mixin
    Verbosity verbosity;

    @Mixin
    ClientOptions target;

    @Option(names = "--udp", description = "Ask over UDP instead of TCP.")
    boolean udp;

    @Option(names = {"-t", "--timeout"}, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Give up after this long (connect and reply; over UDP, all tries together; default: 5s).")
    Duration timeout = Duration.ofSeconds(5);

    @Option(names = "--tries", paramLabel = "N",
            description = "Over UDP, send up to N datagrams, spaced evenly over the timeout (default: ${DEFAULT-VALUE}).")
    int tries = 3;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    abstract int defaultPort();

    /** Asks over TCP; a subclass knows how long the reply is. */
    abstract TimeOfDayClient.Exchange askOverTcp(TimeOfDayClient client, Endpoint server) throws IOException;

    /** Prints the answer; returns the exit status. */
    abstract int print(TimeOfDayClient.Exchange exchange, Endpoint server, PrintWriter out) throws IOException;

    @Override
    public Integer call() throws IOException {
        verbosity.apply();
        if (timeout.isZero()) {
            throw UserError.usage("--timeout must be more than 0");
        }
        if (tries < 1) {
            throw UserError.usage("--tries must be at least 1");
        }
        Endpoint server = server();
        TimeOfDayClient client = new TimeOfDayClient(clock(), timeout);
        TimeOfDayClient.Exchange exchange = udp ? client.overUdp(server, tries) : askOverTcp(client, server);
        PrintWriter out = spec.commandLine().getOut();
        int status = print(exchange, server, out);
        out.flush();
        return status;
    }

    Clock clock() {
        return DaytimeMain.clockOf(spec);
    }

    String transport() {
        return udp ? "udp" : "tcp";
    }

    private Endpoint server() {
        return target.server(defaultPort());
    }

    /** {@code offset +0.250 s (server ahead of the local clock; round trip 0.312 ms)}. */
    static String describe(ClockOffset o) {
        double s = ClockOffset.seconds(o.offset());
        String who = s > 0 ? "server ahead of the local clock" : s < 0 ? "server behind the local clock" : "clocks agree";
        return String.format(Locale.ROOT, "offset %+.3f s (%s; round trip %.3f ms)", s, who,
                ClockOffset.seconds(o.roundTrip()) * 1e3);
    }

    /** The fields every JSON answer has. */
    JsonObject jsonHead(Endpoint server) {
        return new JsonObject().put("server", server.toString()).put("transport", transport());
    }

    static JsonObject putOffset(JsonObject j, ClockOffset o) {
        return j.put("time", o.serverTime().toString())
                .put("offset_seconds", ClockOffset.seconds(o.offset()))
                .put("round_trip_seconds", ClockOffset.seconds(o.roundTrip()));
    }

    @Override
    public String defaultPortHelp() {
        return Integer.toString(defaultPort());
    }
}
