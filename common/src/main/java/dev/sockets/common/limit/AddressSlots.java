package dev.sockets.common.limit;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code perAddress} things at once per source address (0 = no limit), such as connections that
 * have not registered yet: so one address cannot fill a budget shared with everyone else. Loopback
 * addresses count like any other (127.0.0.1 and 127.0.0.2 are different addresses).
 *
 * <p>Thread-safe. Memory is bounded by the addresses holding a slot: an address's entry goes when its
 * last slot is released.
 */
public final class AddressSlots {

    private final int perAddress;
    private final ConcurrentHashMap<InetAddress, Integer> held = new ConcurrentHashMap<>();

    public AddressSlots(int perAddress) {
        if (perAddress < 0) {
            throw new IllegalArgumentException("per-address limit must be >= 0");
        }
        this.perAddress = perAddress;
    }

    /** Takes a slot for {@code address}; false, taking nothing, when it already holds the maximum. */
    public boolean tryAcquire(InetAddress address) {
        if (perAddress == 0) {
            return true;
        }
        boolean[] taken = {false};
        held.compute(address, (a, n) -> {
            int now = n == null ? 0 : n;
            if (now >= perAddress) {
                return n;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    /** Gives back a slot taken by {@link #tryAcquire} (exactly once per successful acquire). */
    public void release(InetAddress address) {
        if (perAddress == 0) {
            return;
        }
        held.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }

    /** Slots {@code address} holds now. */
    public int held(InetAddress address) {
        return held.getOrDefault(address, 0);
    }

    /** Addresses holding at least one slot. */
    public int addresses() {
        return held.size();
    }

    public int perAddress() {
        return perAddress;
    }
}
