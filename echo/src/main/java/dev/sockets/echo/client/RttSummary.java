package dev.sockets.echo.client;

import dev.sockets.common.net.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The statistics of a measurement: messages sent and verified, and the round-trip times of the
 * verified ones (min, average, median, max, population standard deviation, in milliseconds). Not
 * thread-safe: filled by the measuring thread, then rendered.
 */
public final class RttSummary {

    private final List<Double> rttMillis = new ArrayList<>();
    private long sent;

    /** Records one message sent and what became of it. */
    public void add(Outcome outcome) {
        sent++;
        if (outcome.verified()) {
            rttMillis.add(outcome.rttNanos() / 1e6);
        }
    }

    public long sent() {
        return sent;
    }

    public long received() {
        return rttMillis.size();
    }

    public long lost() {
        return sent - received();
    }

    public double min() {
        return rttMillis.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    public double max() {
        return rttMillis.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    public double avg() {
        return rttMillis.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    public double median() {
        if (rttMillis.isEmpty()) {
            return Double.NaN;
        }
        double[] v = rttMillis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    public double stddev() {
        if (rttMillis.isEmpty()) {
            return Double.NaN;
        }
        double mean = avg();
        double sq = rttMillis.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
        return Math.sqrt(sq / rttMillis.size());
    }

    /** {@code 5 sent, 4 received, 1 lost (20.0%)} and the rtt line, as ping prints them. */
    public List<String> lines() {
        double lossPct = sent == 0 ? 0 : 100.0 * lost() / sent;
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "%d sent, %d received, %d lost (%.1f%%)", sent, received(), lost(), lossPct));
        if (received() > 0) {
            out.add(String.format(Locale.ROOT, "rtt min/avg/median/max/stddev = %.3f/%.3f/%.3f/%.3f/%.3f ms",
                    min(), avg(), median(), max(), stddev()));
        }
        return out;
    }

    /**
     * One JSON object, led by the keys every {@code --json} output of the suite shares ({@code server},
     * {@code transport}, and here {@code size}); the times are {@code null} when nothing came back.
     */
    public String toJson(Endpoint server, String transport, int size) {
        return String.format(Locale.ROOT,
                "{\"server\":\"%s\",\"transport\":\"%s\",\"size\":%d,\"sent\":%d,\"received\":%d,\"lost\":%d,\"min_ms\":%s,\"avg_ms\":%s,\"median_ms\":%s,\"max_ms\":%s,\"stddev_ms\":%s}",
                server, transport, size, sent, received(), lost(), json(min()), json(avg()), json(median()), json(max()), json(stddev()));
    }

    private static String json(double v) {
        return Double.isNaN(v) ? "null" : String.format(Locale.ROOT, "%.3f", v);
    }
}
