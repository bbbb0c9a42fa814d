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
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
            description = "Give up on a request after this long (connect and reply; over UDP, all tries together; default: 5s).")
    Duration timeout = Duration.ofSeconds(5);

    @Option(names = "--tries", paramLabel = "N",
            description = "Over UDP, send up to N datagrams, spaced evenly over the timeout (default: ${DEFAULT-VALUE}).")
    int tries = 3;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    abstract int defaultPort();

    /** Asks over TCP; a subclass knows how long the reply is. */
    abstract TimeOfDayClient.Exchange askOverTcp(TimeOfDayClient client, Endpoint server) throws IOException;

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
        PrintWriter out = spec.commandLine().getOut();
        int status = answer(client, server, out);
        out.flush();
        return status;
    }

    /** Asks the server (once or more) and prints the answer; returns the exit status. */
    abstract int answer(TimeOfDayClient client, Endpoint server, PrintWriter out) throws IOException;

    /** One exchange over the chosen transport. */
    TimeOfDayClient.Exchange ask(TimeOfDayClient client, Endpoint server) throws IOException {
        return udp ? client.overUdp(server, tries) : askOverTcp(client, server);
    }

    /**
     * Whether a reply reads as a line of text (what a daytime server sends): valid UTF-8, no NUL, and
     * ending in a line feed.
     */
    static boolean looksLikeText(byte[] reply) {
        if (reply.length == 0 || reply[reply.length - 1] != '\n') {
            return false;
        }
        for (byte b : reply) {
            if (b == 0) {
                return false;
            }
        }
        return isUtf8(reply, false);
    }

    /**
     * Whether {@code bytes} are valid UTF-8; with {@code cutShort} (a reply stopped at our size bound) a
     * character cut off at the very end does not count against them.
     */
    static boolean isUtf8(byte[] bytes, boolean cutShort) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars = CharBuffer.allocate(bytes.length);
        return !decoder.decode(ByteBuffer.wrap(bytes), chars, !cutShort).isError();
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
