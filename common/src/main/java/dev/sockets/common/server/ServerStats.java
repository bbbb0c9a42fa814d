package dev.sockets.common.server;

import dev.sockets.common.tcp.TcpListener;
import dev.sockets.common.udp.DatagramService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * Counters of one server, shared by its listeners, connections and datagram services, and extensible
 * by the protocol ({@link #counter(String)}, {@link #gauge}, {@link #distribution}). Thread-safe.
 * {@link #toLogfmt()} renders them as one {@code key=value} line, the format of every stats line of every
 * server; {@link #samples()} lists them per transport ({@code tcp}, {@code tls}, {@code udp}) for the
 * metrics endpoint. Connection and byte counters are kept per transport (one add per event, as before);
 * the stats line shows their sums, computed when it is rendered.
 */
public final class ServerStats {

    /** The transport of a listener added with {@link Server.Builder#tcp}. */
    public static final String TCP = "tcp";
    /** The transport of datagram services. */
    public static final String UDP = "udp";

    /** The names of the stats line's gauges that common adds itself and {@link #samples()} lists per transport. */
    private static final Set<String> TRANSPORT_GAUGES = Set.of("datagrams_in", "datagrams_out", "dropped_loop",
            "dropped_rate", "dropped_oversize", "accept_failures");

    private final String server;
    private final Map<String, Transport> transports = new ConcurrentSkipListMap<>();
    private final Map<String, LongSupplier> extra = new ConcurrentSkipListMap<>();
    private final Map<String, LongAdder> counters = new ConcurrentSkipListMap<>();
    private final Map<String, Distribution> distributions = new ConcurrentSkipListMap<>();
    private final Map<String, String> descriptions = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile List<DatagramService> datagramServices = List.of();
    private volatile List<TcpListener> listeners = List.of();
    private volatile List<String> listenerTransports = List.of();

    public ServerStats(String server) {
        this.server = server;
    }

    public String server() {
        return server;
    }

    /** The kind of a {@link Sample}: a counter only grows; a gauge goes up and down. */
    public enum Kind { COUNTER, GAUGE }

    /**
     * One value of {@link #samples()}: the stats line's key, its kind, the transport it counts
     * ({@code null} for a protocol's own counters and gauges, which count the whole server).
     */
    public record Sample(String name, Kind kind, String transport, long value) {
    }

    /**
     * The connection and byte counters of the connections of one transport ({@code tcp}, or a protocol's
     * name for a listener of its own, such as {@code tls}). Thread-safe.
     */
    public static final class Transport {
        private final String name;
        private final LongAdder connectionsTotal = new LongAdder();
        private final LongAdder connectionsOpen = new LongAdder();
        private final LongAdder connectionsRefused = new LongAdder();
        private final LongAdder bytesIn = new LongAdder();
        private final LongAdder bytesOut = new LongAdder();
        private final LongAdder timeoutsIdle = new LongAdder();
        private final LongAdder timeoutsWrite = new LongAdder();

        private Transport(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        void connectionOpened() {
            connectionsTotal.increment();
            connectionsOpen.increment();
        }

        void connectionClosed() {
            connectionsOpen.decrement();
        }

        void connectionRefused() {
            connectionsRefused.increment();
        }

        void idleTimeout() {
            timeoutsIdle.increment();
        }

        void writeTimeout() {
            timeoutsWrite.increment();
        }

        void addBytesIn(long n) {
            bytesIn.add(n);
        }

        void addBytesOut(long n) {
            bytesOut.add(n);
        }

        public long connectionsTotal() {
            return connectionsTotal.sum();
        }

        public long connectionsOpen() {
            return connectionsOpen.sum();
        }

        public long connectionsRefused() {
            return connectionsRefused.sum();
        }

        public long bytesIn() {
            return bytesIn.sum();
        }

        public long bytesOut() {
            return bytesOut.sum();
        }

        public long idleTimeouts() {
            return timeoutsIdle.sum();
        }

        public long writeTimeouts() {
            return timeoutsWrite.sum();
        }
    }

    /**
     * A distribution of observed values in fixed buckets (e.g. deliveries per chat line): one bucket
     * search and two lock-free adds per {@link #record}, read at scrape time. Not in the stats line.
     */
    public static final class Distribution {
        private final String help;
        private final long[] upperBounds;
        private final LongAdder[] buckets; // the last one is +Inf
        private final LongAdder sum = new LongAdder();
        private final java.util.function.Supplier<java.util.stream.LongStream> source; // null: recorded

        private Distribution(String help, long[] upperBounds) {
            this(help, upperBounds, null);
        }

        private Distribution(String help, long[] upperBounds, java.util.function.Supplier<java.util.stream.LongStream> source) {
            this.source = source;
            for (int i = 1; i < upperBounds.length; i++) {
                if (upperBounds[i] <= upperBounds[i - 1]) {
                    throw new IllegalArgumentException("bucket bounds must increase: " + java.util.Arrays.toString(upperBounds));
                }
            }
            this.help = help;
            this.upperBounds = upperBounds.clone();
            this.buckets = new LongAdder[upperBounds.length + 1];
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        /** Counts one observation of {@code value}. */
        public void record(long value) {
            if (source != null) {
                throw new IllegalStateException("a distribution of current values is computed, not recorded");
            }
            add(value);
        }

        private void add(long value) {
            int i = java.util.Arrays.binarySearch(upperBounds, value);
            buckets[i >= 0 ? i : -i - 1].increment();
            sum.add(value);
        }

        /**
         * Whether this is the distribution of values as they are now (e.g. every client's send queue),
         * computed when read, rather than of observations counted since the start.
         */
        public boolean isCurrent() {
            return source != null;
        }

        public String help() {
            return help;
        }

        /** The buckets' inclusive upper bounds, without the last (+Inf) one. */
        public long[] upperBounds() {
            return upperBounds.clone();
        }

        /** Observations per bucket (not cumulative), the last one above every bound. */
        public long[] counts() {
            if (source != null) {
                return current().counts();
            }
            long[] c = new long[buckets.length];
            for (int i = 0; i < c.length; i++) {
                c[i] = buckets[i].sum();
            }
            return c;
        }

        public long sum() {
            return source != null ? current().sum() : sum.sum();
        }

        /** The current values in buckets (use one result for counts and sum that agree). */
        public Distribution current() {
            if (source == null) {
                return this;
            }
            Distribution now = new Distribution(help, upperBounds);
            source.get().forEach(now::add);
            return now;
        }
    }

    /** A protocol counter, created on first use and shown in the stats line under {@code name}. */
    public LongAdder counter(String name) {
        return counters.computeIfAbsent(name, k -> new LongAdder());
    }

    /** What the protocol's counter or gauge {@code name} counts, in one sentence (the metric's HELP text). */
    public void describe(String name, String help) {
        descriptions.put(name, help);
    }

    /** The text given to {@link #describe} for {@code name}, or null. */
    public String description(String name) {
        return descriptions.get(name);
    }

    /** A value computed when the line is rendered (e.g. channels open). */
    public void gauge(String name, LongSupplier value) {
        extra.put(name, value);
    }

    /**
     * A protocol distribution, created on first use with these bucket bounds (inclusive, increasing);
     * listed by {@link #distributions()}, not in the stats line.
     */
    public Distribution distribution(String name, String help, long... upperBounds) {
        return distributions.computeIfAbsent(name, k -> new Distribution(help, upperBounds));
    }

    /**
     * A distribution of values as they are when read (e.g. the bytes queued for each client), computed
     * from {@code values} at every read; listed by {@link #distributions()}, not in the stats line.
     */
    public Distribution currentDistribution(String name, String help,
                                            java.util.function.Supplier<java.util.stream.LongStream> values,
                                            long... upperBounds) {
        return distributions.computeIfAbsent(name, k -> new Distribution(help, upperBounds, Objects.requireNonNull(values)));
    }

    /** Every distribution by name. */
    public Map<String, Distribution> distributions() {
        return Map.copyOf(distributions);
    }

    /** The counters of one transport, created on first use. */
    public Transport transport(String name) {
        return transports.computeIfAbsent(Objects.requireNonNull(name), Transport::new);
    }

    /** Every transport with connection counters, by name. */
    public Map<String, Transport> transports() {
        return Map.copyOf(transports);
    }

    void connectionOpened() {
        transport(TCP).connectionOpened();
    }

    void connectionClosed() {
        transport(TCP).connectionClosed();
    }

    void connectionRefused() {
        transport(TCP).connectionRefused();
    }

    void idleTimeout() {
        transport(TCP).idleTimeout();
    }

    void writeTimeout() {
        transport(TCP).writeTimeout();
    }

    void addBytesIn(long n) {
        transport(TCP).addBytesIn(n);
    }

    void addBytesOut(long n) {
        transport(TCP).addBytesOut(n);
    }

    private long sum(ToLongFunction<Transport> f) {
        long total = 0;
        for (Transport t : transports.values()) {
            total += f.applyAsLong(t);
        }
        return total;
    }

    public long connectionsTotal() {
        return sum(Transport::connectionsTotal);
    }

    public long connectionsOpen() {
        return sum(Transport::connectionsOpen);
    }

    public long connectionsRefused() {
        return sum(Transport::connectionsRefused);
    }

    public long bytesIn() {
        return sum(Transport::bytesIn);
    }

    public long bytesOut() {
        return sum(Transport::bytesOut);
    }

    public long idleTimeouts() {
        return sum(Transport::idleTimeouts);
    }

    public long writeTimeouts() {
        return sum(Transport::writeTimeouts);
    }

    /** Every counter by name, in the order of the stats line. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("connections_open", connectionsOpen());
        m.put("connections_total", connectionsTotal());
        m.put("connections_refused", connectionsRefused());
        m.put("bytes_in", bytesIn());
        m.put("bytes_out", bytesOut());
        m.put("timeouts_idle", idleTimeouts());
        m.put("timeouts_write", writeTimeouts());
        extra.forEach((k, v) -> m.put(k, v.getAsLong()));
        counters.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /**
     * Every counter of the stats line, read now, split by transport where it has one: the connection and
     * byte counters per TCP transport ({@code tcp}, {@code tls}, ...), the accept failures per transport
     * of the listeners, the datagram counters (and datagram bytes, which the stats line leaves out) as
     * {@code udp}; then the protocol's gauges and counters with no transport.
     */
    public List<Sample> samples() {
        List<Sample> out = new ArrayList<>();
        List<TcpListener> ls = listeners;
        List<String> lt = listenerTransports;
        for (Transport t : transports.values()) {
            String n = t.name();
            out.add(new Sample("connections_open", Kind.GAUGE, n, t.connectionsOpen()));
            out.add(new Sample("connections_total", Kind.COUNTER, n, t.connectionsTotal()));
            out.add(new Sample("connections_refused", Kind.COUNTER, n, t.connectionsRefused()));
            out.add(new Sample("bytes_in", Kind.COUNTER, n, t.bytesIn()));
            out.add(new Sample("bytes_out", Kind.COUNTER, n, t.bytesOut()));
            out.add(new Sample("timeouts_idle", Kind.COUNTER, n, t.idleTimeouts()));
            out.add(new Sample("timeouts_write", Kind.COUNTER, n, t.writeTimeouts()));
            if (!ls.isEmpty()) {
                long failures = 0;
                for (int i = 0; i < ls.size(); i++) {
                    if (lt.get(i).equals(n)) {
                        failures += ls.get(i).acceptFailures();
                    }
                }
                out.add(new Sample("accept_failures", Kind.COUNTER, n, failures));
            }
        }
        List<DatagramService> ds = datagramServices;
        if (!ds.isEmpty()) {
            out.add(new Sample("datagrams_in", Kind.COUNTER, UDP, ds.stream().mapToLong(DatagramService::datagramsIn).sum()));
            out.add(new Sample("datagrams_out", Kind.COUNTER, UDP, ds.stream().mapToLong(DatagramService::datagramsOut).sum()));
            out.add(new Sample("bytes_in", Kind.COUNTER, UDP, ds.stream().mapToLong(DatagramService::bytesIn).sum()));
            out.add(new Sample("bytes_out", Kind.COUNTER, UDP, ds.stream().mapToLong(DatagramService::bytesOut).sum()));
            out.add(new Sample("dropped_loop", Kind.COUNTER, UDP, ds.stream().mapToLong(DatagramService::droppedByLoopGuard).sum()));
            out.add(new Sample("dropped_rate", Kind.COUNTER, UDP, ds.stream().mapToLong(DatagramService::droppedByRateLimit).sum()));
            out.add(new Sample("dropped_oversize", Kind.COUNTER, UDP, ds.stream().mapToLong(DatagramService::droppedOversize).sum()));
        }
        extra.forEach((k, v) -> {
            if (!TRANSPORT_GAUGES.contains(k)) {
                out.add(new Sample(k, Kind.GAUGE, null, v.getAsLong()));
            }
        });
        counters.forEach((k, v) -> out.add(new Sample(k, Kind.COUNTER, null, v.sum())));
        return out;
    }

    /** {@code server=echo connections_open=0 connections_total=3 ...}. */
    public String toLogfmt() {
        StringBuilder sb = new StringBuilder("server=").append(server);
        snapshot().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }

    @Override
    public String toString() {
        return toLogfmt();
    }

    /** Gauges of what the datagram services received, sent and dropped (nothing when there are none). */
    void countDatagrams(List<DatagramService> services) {
        if (services.isEmpty()) {
            return;
        }
        datagramServices = List.copyOf(services);
        gauge("datagrams_in", () -> services.stream().mapToLong(d -> d.datagramsIn()).sum());
        gauge("datagrams_out", () -> services.stream().mapToLong(d -> d.datagramsOut()).sum());
        gauge("dropped_loop", () -> services.stream().mapToLong(d -> d.droppedByLoopGuard()).sum());
        gauge("dropped_rate", () -> services.stream().mapToLong(d -> d.droppedByRateLimit()).sum());
        gauge("dropped_oversize", () -> services.stream().mapToLong(d -> d.droppedOversize()).sum());
    }

    /**
     * The gauge of failed accepts over every listener (nothing when there are none); {@code transports}
     * names each listener's transport, in the same order.
     */
    void countAcceptFailures(List<TcpListener> tcpListeners, List<String> transportsOfListeners) {
        if (!tcpListeners.isEmpty()) {
            listenerTransports = List.copyOf(transportsOfListeners);
            listeners = List.copyOf(tcpListeners);
            gauge("accept_failures", () -> tcpListeners.stream().mapToLong(l -> l.acceptFailures()).sum());
        }
    }
}
