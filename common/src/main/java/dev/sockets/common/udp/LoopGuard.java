package dev.sockets.common.udp;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Drops datagrams from well-known service ports that answer datagrams (CERT CA-1996-01): without it,
 * a forged datagram from one echo server's port to another makes the two bounce packets forever.
 */
public final class LoopGuard {

    /** echo, discard, daytime, qotd, chargen, time, domain, tftp?, ntp, snmp ... that reply to datagrams. */
    public static final Set<Integer> DEFAULT_PORTS = Set.of(7, 9, 13, 17, 19, 37, 53, 69, 111, 123, 137, 161, 389, 1900, 5353, 11211);

    private static final LoopGuard NONE = new LoopGuard(Set.of());
    private final BitSet blocked = new BitSet(65536);
    private final Set<Integer> ports;

    public LoopGuard(Collection<Integer> blockedSourcePorts) {
        TreeSet<Integer> sorted = new TreeSet<>(blockedSourcePorts);
        this.ports = Set.copyOf(sorted);
        sorted.forEach(blocked::set);
    }

    /** The default guard, minus the ports the user allows. */
    public static LoopGuard allowing(Collection<Integer> allowedSourcePorts) {
        TreeSet<Integer> p = new TreeSet<>(DEFAULT_PORTS);
        p.removeAll(allowedSourcePorts);
        return new LoopGuard(p);
    }

    public static LoopGuard defaults() {
        return new LoopGuard(DEFAULT_PORTS);
    }

    public static LoopGuard none() {
        return NONE;
    }

    /** Whether a datagram from this source port must not be answered. */
    public boolean blocks(int sourcePort) {
        return sourcePort >= 0 && sourcePort < 65536 && blocked.get(sourcePort);
    }

    public Set<Integer> ports() {
        return ports;
    }

    @Override
    public String toString() {
        return "LoopGuard" + Arrays.toString(ports.stream().sorted().toArray());
    }
}
