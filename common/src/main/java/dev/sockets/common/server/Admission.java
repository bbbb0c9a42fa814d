package dev.sockets.common.server;

import dev.sockets.common.limit.AddressRateLimiter;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides, on the accept thread, whether a new connection is served or refused: server-wide
 * {@link Capacity}, stopping, the per-address connect rate, then the per-address connection count.
 * A refused connection holds nothing: whatever it took is given back before the verdict is returned,
 * so the time its refusal takes to drain never counts against anyone (issue #16).
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

    /** Refuse it (tell it {@code reason} in the log). */
    record Refused(String reason) implements Verdict {
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

    Verdict admit(InetAddress ip, boolean stopping) {
        if (!capacity.enter()) {
            return new Refused("server full");
        }
        if (stopping) {
            capacity.leave();
            return new Refused("server stopping");
        }
        if (connectRate != null && !connectRate.tryAcquire(ip, System.nanoTime())) {
            capacity.leave();
            onRateRefusal.run();
            return new Refused("connecting faster than the per-address rate");
        }
        if (maxPerIp > 0 && !enterPerIp(ip)) {
            capacity.leave();
            return new Refused("too many connections from this address");
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
