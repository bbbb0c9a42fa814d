package dev.sockets.common.server;

import dev.sockets.common.limit.AddressRateLimiter;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides, on the accept thread, whether a new connection is served or refused: server-wide
 * {@link Capacity}, stopping, the per-address connect rate, then the per-address connection count.
 * A refused connection holds nothing: whatever it took is given back before the verdict is returned,
 * so the time its refusal takes to drain never counts against anyone (issue #16). A connection a
 * protocol's own listener accepted ({@link Server#admit}) goes through the same instance, so it counts
 * together with the server's own.
 */
final class Admission {

    /** What to do with one accepted connection. */
    sealed interface Verdict {
    }

    /** Serve it; {@link #leave()} once it has ended gives back its places. */
    record Admitted(Admission admission, InetAddress ip, boolean countedPerIp) implements Verdict {
        void leave() {
            if (countedPerIp) {
                admission.leavePerIp(ip);
            }
            admission.capacity.leave();
        }
    }

    /** Why a connection is refused. */
    enum Why {
        FULL("server full"),
        STOPPING("server stopping"),
        RATE("connecting faster than the per-address rate"),
        PER_ADDRESS("too many connections from this address");

        private final String text;

        Why(String text) {
            this.text = text;
        }
    }

    /** Refuse it (tell it {@link #reason()} in the log). */
    record Refused(Why why) implements Verdict {
        String reason() {
            return why.text;
        }
    }

    private final Capacity capacity;
    private final int maxPerIp;
    private final AddressRateLimiter connectRate;
    private final Runnable onRateRefusal;
    // Counts live in the map's atomic compute so a count never leaves the map while in use.
    private final Map<InetAddress, Integer> perIp = new ConcurrentHashMap<>();

    /** {@code onRateRefusal} counts refusals by connect rate (a counter that appears only once one happens). */
    Admission(Limits limits, Runnable onRateRefusal) {
        this.capacity = Capacity.of(limits);
        this.maxPerIp = limits.maxConnectionsPerIp();
        this.connectRate = limits.connectRatePerIp() > 0
                ? new AddressRateLimiter(limits.connectRatePerIp(), limits.connectBurstPerIp(), !limits.limitLoopback())
                : null;
        this.onRateRefusal = onRateRefusal;
    }

    void awaitRoom() throws InterruptedException {
        capacity.awaitRoom();
    }

    void acceptFailed() {
        capacity.acceptFailed();
    }

    /** Gives back the place {@link #awaitRoom()} took for a connection that is not served at all. */
    void abandon() {
        capacity.leave();
    }

    /** A connection the server's own listener accepted (after {@link #awaitRoom()}). */
    Verdict admit(InetAddress ip, boolean stopping) {
        return capacity.enter() ? admitHolding(ip, stopping) : new Refused(Why.FULL);
    }

    /** A connection accepted elsewhere (a protocol's own listener): it never waited for room, so it takes none. */
    Verdict admitAcceptedElsewhere(InetAddress ip, boolean stopping) {
        return capacity.tryEnter() ? admitHolding(ip, stopping) : new Refused(Why.FULL);
    }

    private Verdict admitHolding(InetAddress ip, boolean stopping) {
        if (stopping) {
            capacity.leave();
            return new Refused(Why.STOPPING);
        }
        if (connectRate != null && !connectRate.tryAcquire(ip, System.nanoTime())) {
            capacity.leave();
            onRateRefusal.run();
            return new Refused(Why.RATE);
        }
        if (maxPerIp > 0 && !enterPerIp(ip)) {
            capacity.leave();
            return new Refused(Why.PER_ADDRESS);
        }
        return new Admitted(this, ip, maxPerIp > 0);
    }

    private boolean enterPerIp(InetAddress ip) {
        boolean[] entered = new boolean[1];
        perIp.compute(ip, (k, v) -> {
            int n = v == null ? 0 : v;
            if (n >= maxPerIp) {
                return v;
            }
            entered[0] = true;
            return n + 1;
        });
        return entered[0];
    }

    private void leavePerIp(InetAddress ip) {
        perIp.computeIfPresent(ip, (k, v) -> v <= 1 ? null : v - 1);
    }

    /** A connection admitted without any check (the one connection inherited from inetd or systemd). */
    static Admitted unchecked() {
        return new Admitted(new Admission(Limits.defaults(), () -> { }), null, false);
    }
}
