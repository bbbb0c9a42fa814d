package dev.sockets.echo.load;

import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** The result of a load run, for people ({@link #lines()}) or scripts ({@link #toJson()}). Immutable. */
public final class LoadReport {

    private final LoadPlan plan;
    private final LoadTally tally;
    private final Histogram latency;
    private final double seconds;

    LoadReport(LoadPlan plan, LoadTally tally) {
        this.plan = plan;
        this.tally = tally;
        this.latency = tally.latency();
        this.seconds = plan.duration().toNanos() / 1e9;
    }

    public double msgsPerSecond() {
        return tally.verified() / seconds;
    }

    /** Echoed payload bytes per second, in 10^6 bytes. */
    public double megabytesPerSecond() {
        return tally.verified() * (double) plan.size() / 1e6 / seconds;
    }

    /** Every message sent was verified and nothing went wrong. */
    public boolean clean() {
        return tally.errors() == 0 && tally.lost() == 0 && tally.mismatches() == 0 && tally.verified() > 0
                && tally.verified() == tally.sent();
    }

    private double ms(double percentile) {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1e6;
    }

    private double maxMs() {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1e6;
    }

    List<String> lines() {
        return List.of(
                String.format(Locale.ROOT, "messages   %d sent, %d verified in %.1f s: %.0f msgs/s, %.2f MB/s",
                        tally.sent(), tally.verified(), seconds, msgsPerSecond(), megabytesPerSecond()),
                latency.getTotalCount() == 0 ? "latency    - (no echo verified)"
                        : String.format(Locale.ROOT, "latency    p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f ms",
                        ms(50), ms(90), ms(99), ms(99.9), maxMs()),
                String.format(Locale.ROOT, "errors     %d (connect %d, i/o %d, mismatches %d, unanswered %d)%s",
                        tally.errors(), tally.connectFailures(), tally.ioErrors(), tally.mismatches(), tally.unanswered(),
                        plan.udp() ? String.format(Locale.ROOT, "; lost %d, late %d", tally.lost(), tally.late()) : ""));
    }

    String toJson() {
        return String.format(Locale.ROOT, "{\"server\":\"%s\",\"transport\":\"%s\",\"connections\":%d,\"depth\":%d,\"size\":%d,"
                        + "\"duration_s\":%.3f,\"sent\":%d,\"verified\":%d,\"msgs_per_s\":%.1f,\"mb_per_s\":%.3f,"
                        + "\"p50_ms\":%s,\"p90_ms\":%s,\"p99_ms\":%s,\"p999_ms\":%s,\"max_ms\":%s,"
                        + "\"errors\":%d,\"connect_failures\":%d,\"io_errors\":%d,\"mismatches\":%d,\"unanswered\":%d,"
                        + "\"lost\":%d,\"late\":%d}",
                plan.server(), plan.udp() ? "udp" : "tcp", plan.connections(), plan.depth(), plan.size(), seconds, tally.sent(),
                tally.verified(), msgsPerSecond(), megabytesPerSecond(), json(ms(50)), json(ms(90)), json(ms(99)),
                json(ms(99.9)), json(maxMs()), tally.errors(), tally.connectFailures(), tally.ioErrors(),
                tally.mismatches(), tally.unanswered(), tally.lost(), tally.late());
    }

    private static String json(double v) {
        return Double.isNaN(v) ? "null" : String.format(Locale.ROOT, "%.3f", v);
    }
}
