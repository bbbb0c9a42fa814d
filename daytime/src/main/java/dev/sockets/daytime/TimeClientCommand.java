package dev.sockets.daytime;

import dev.sockets.common.cli.Cli;
import dev.sockets.common.cli.UserError;
import dev.sockets.common.net.Endpoint;
import dev.sockets.daytime.protocol.ClockOffset;
import dev.sockets.daytime.protocol.Rfc868;
import dev.sockets.daytime.protocol.SecondBoundary;
import dev.sockets.daytime.protocol.TimeOfDayClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ProtocolException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code time client}: prints the server's time as ISO 8601 and its offset from the local clock, with
 * an error bar. RFC 868 tells whole seconds, so one answer only bounds the offset to a second; further
 * answers, each timed to land on the server's second boundary, narrow it ({@link SecondBoundary}). The
 * 32-bit value's era is the one closest to the local clock ({@link Rfc868#decode(long, Instant)}).
 *
 * <p>A reply must be exactly 4 bytes (over TCP, then the end of the connection): anything else is not
 * an RFC 868 server, and a daytime line is named as such.
 */
@Command(name = "client", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, sortOptions = false,
        description = "Time client (RFC 868): print a time server's time as ISO 8601 and its offset from the local clock,"
                + " with an error bar (RFC 868 has 1-second resolution).")
final class TimeClientCommand extends TimeOfDayClientCommand {

    /** More than any reply we accept: a longer one is reported by its size, not read to its end. */
    static final int MAX_REPLY_BYTES = 512;
    static final int MAX_SAMPLES = 20;

    @Option(names = {"-n", "--samples"}, paramLabel = "N",
            description = "Ask N times, each timed to the server's second boundary, to narrow the error bar:"
                    + " 1 gives ±0.5 s, 4 about ±0.06 s plus half the round trip; takes up to N-1 seconds"
                    + " (1-" + MAX_SAMPLES + ", default: ${DEFAULT-VALUE}).")
    int samples = 4;

    @Override
    int defaultPort() {
        return TimeServerCommand.DEFAULT_PORT;
    }

    @Override
    TimeOfDayClient.Exchange askOverTcp(TimeOfDayClient client, Endpoint server) throws IOException {
        return client.overTcp(server, MAX_REPLY_BYTES, false);
    }

    @Override
    int answer(TimeOfDayClient client, Endpoint server, PrintWriter out) throws IOException {
        if (samples < 1 || samples > MAX_SAMPLES) {
            throw UserError.usage("--samples must be 1-" + MAX_SAMPLES);
        }
        SecondBoundary window = new SecondBoundary();
        ClockOffset last = null;
        long value = 0;
        for (int i = 0; i < samples; i++) {
            if (i > 0) {
                waitUntil(window.nextRequest(clock().instant()));
            }
            TimeOfDayClient.Exchange exchange = ask(client, server);
            value = value(exchange.reply(), server);
            last = exchange.offset(Rfc868.decode(value, exchange.received()));
            window.add(last.sent(), last.received(), last.serverTime());
        }
        return print(last, value, window, server, out);
    }

    private int print(ClockOffset last, long value, SecondBoundary window, Endpoint server, PrintWriter out) {
        if (json) {
            out.println(jsonHead(server).put("value", value).put("time", last.serverTime().toString())
                    .put("offset_seconds", ClockOffset.seconds(window.offset()))
                    .put("error_seconds", ClockOffset.seconds(window.error()))
                    .put("samples", window.samples())
                    .put("round_trip_seconds", ClockOffset.seconds(last.roundTrip())));
        } else {
            out.println(last.serverTime());
            out.println(describe(window, last.roundTrip()));
        }
        return Cli.EXIT_OK;
    }

    /**
     * {@code offset +0.012 s ± 0.034 s (clocks agree within the error bar; RFC 868 has 1-second
     * resolution, narrowed by 4 samples; round trip 0.312 ms)}.
     */
    static String describe(SecondBoundary window, Duration roundTrip) {
        double s = ClockOffset.seconds(window.offset());
        double error = ClockOffset.seconds(window.error());
        String who = Math.abs(s) <= error ? "clocks agree within the error bar"
                : s > 0 ? "server ahead of the local clock" : "server behind the local clock";
        int n = window.samples();
        return String.format(Locale.ROOT, "offset %+.3f s ± %.3f s (%s; RFC 868 has 1-second resolution%s; round trip %.3f ms)",
                s, error, who, n == 1 ? "" : ", narrowed by " + n + " samples", ClockOffset.seconds(roundTrip) * 1e3);
    }

    /** The value of an RFC 868 reply; anything but 4 bytes is one clear line naming what it looks like. */
    static long value(byte[] reply, Endpoint server) throws IOException {
        if (reply.length == Rfc868.REPLY_BYTES) {
            return Rfc868.value(reply);
        }
        String got = reply.length >= MAX_REPLY_BYTES ? "at least " + reply.length + " bytes"
                : reply.length + " byte" + (reply.length == 1 ? "" : "s");
        throw new ProtocolException(server + " is not an RFC 868 time server: got " + got
                + (looksLikeText(reply) ? " (looks like daytime text: try `sockets daytime client`)" : ""));
    }

    /** Pacing towards the next second boundary, as {@link SecondBoundary#nextRequest} asks. */
    private void waitUntil(Instant when) throws IOException {
        long nanos = Duration.between(clock().instant(), when).toNanos();
        if (nanos <= 0) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
    }
}
