package dev.sockets.common.server;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counters of one server, shared by its listeners, connections and datagram services, and extensible
 * by the protocol ({@link #counter(String)}). Thread-safe. {@link #toLogfmt()} renders them as one
 * {@code key=value} line, the format of every stats line of every server.
 */
public final class ServerStats {

    private final String server;
    private final LongAdder connectionsTotal = new LongAdder();
    private final LongAdder connectionsOpen = new LongAdder();
    private final LongAdder connectionsRefused = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder timeoutsIdle = new LongAdder();
    private final LongAdder timeoutsWrite = new LongAdder();
    private final Map<String, LongSupplier> extra = new ConcurrentSkipListMap<>();
    private final Map<String, LongAdder> counters = new ConcurrentSkipListMap<>();

    public ServerStats(String server) {
        this.server = server;
    }

    public String server() {
        return server;
    }

    /** A protocol counter, created on first use and shown in the stats line under {@code name}. */
    public LongAdder counter(String name) {
        return counters.computeIfAbsent(name, k -> new LongAdder());
    }

    /** A value computed when the line is rendered (e.g. channels open). */
    public void gauge(String name, LongSupplier value) {
        extra.put(name, value);
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

    /** Every counter by name, in the order of the stats line. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new java.util.LinkedHashMap<>();
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
    void countDatagrams(java.util.List<dev.sockets.common.udp.DatagramService> services) {
        if (services.isEmpty()) {
            return;
        }
        gauge("datagrams_in", () -> services.stream().mapToLong(d -> d.datagramsIn()).sum());
        gauge("datagrams_out", () -> services.stream().mapToLong(d -> d.datagramsOut()).sum());
        gauge("dropped_loop", () -> services.stream().mapToLong(d -> d.droppedByLoopGuard()).sum());
        gauge("dropped_rate", () -> services.stream().mapToLong(d -> d.droppedByRateLimit()).sum());
        gauge("dropped_oversize", () -> services.stream().mapToLong(d -> d.droppedOversize()).sum());
    }

    /** The gauge of failed accepts over every listener (nothing when there are none). */
    void countAcceptFailures(java.util.List<dev.sockets.common.tcp.TcpListener> listeners) {
        if (!listeners.isEmpty()) {
            gauge("accept_failures", () -> listeners.stream().mapToLong(l -> l.acceptFailures()).sum());
        }
    }
}
