package dev.sockets.echo.client;

import dev.sockets.common.net.Endpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * echoping-style measurement: {@code count} messages of {@code size} bytes, {@code interval} apart,
 * each verified byte for byte, one line per message and a summary. Runs on the calling thread and
 * closes the probe it is given.
 */
final class Measurement {

    private final Probe probe;
    private final Endpoint server;
    private final String transport;
    private final String label;
    private final int count;
    private final int size;
    private final Duration interval;
    private final boolean json;

    /** @param transport {@code tcp} or {@code udp} */
    Measurement(Probe probe, Endpoint server, String transport, int count, int size, Duration interval, boolean json) {
        this.probe = probe;
        this.server = server;
        this.transport = transport;
        this.label = server + " (" + transport + ")";
        this.count = count;
        this.size = size;
        this.interval = interval;
        this.json = json;
    }

    /** Runs every exchange, prints to {@code out}; returns the summary. */
    RttSummary run(PrintWriter out) throws IOException {
        RttSummary summary = new RttSummary();
        try (probe) {
            for (int seq = 1; seq <= count; seq++) {
                if (seq > 1 && !interval.isZero()) {
                    pause();
                }
                Outcome o = probe.exchange(seq, Payload.message(seq, size));
                summary.add(o);
                if (!json) {
                    out.println(o.verified()
                            ? String.format(Locale.ROOT, "%d bytes from %s: seq=%d time=%.3f ms", size, label, seq, o.rttNanos() / 1e6)
                            : "seq=" + seq + ": " + o.problem());
                    out.flush();
                }
            }
        }
        if (json) {
            out.println(summary.toJson(server, transport, size));
        } else {
            out.println("--- " + label + " echo statistics ---");
            summary.lines().forEach(out::println);
        }
        out.flush();
        return summary;
    }

    private void pause() {
        try {
            // Pacing between messages, as the user asked with -i; not synchronisation.
            TimeUnit.NANOSECONDS.sleep(interval.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
