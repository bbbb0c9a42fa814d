package dev.sockets.chat.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * The capabilities one client has enabled: an immutable bit set, so a client's set is replaced as a
 * whole (a CAP REQ is atomic) and any thread may read it with one volatile read. {@link #bits()} is small
 * and dense, so it indexes per-set caches of a line's tagged forms.
 */
public final class CapabilitySet {

    private static final Capability[] ALL = Capability.values();
    private static final CapabilitySet[] INTERNED = new CapabilitySet[1 << Math.min(ALL.length, 12)];

    /** Nothing negotiated: the client gets exactly the lines of RFC 1459/2812. */
    public static final CapabilitySet NONE = of(0);

    private final int bits;

    private CapabilitySet(int bits) {
        this.bits = bits;
    }

    private static CapabilitySet of(int bits) {
        if (bits < INTERNED.length) {
            CapabilitySet s = INTERNED[bits];
            if (s == null) {
                s = new CapabilitySet(bits);
                INTERNED[bits] = s;
            }
            return s;
        }
        return new CapabilitySet(bits);
    }

    public boolean contains(Capability c) {
        return (bits & (1 << c.ordinal())) != 0;
    }

    public CapabilitySet with(Capability c) {
        return of(bits | 1 << c.ordinal());
    }

    public CapabilitySet without(Capability c) {
        return of(bits & ~(1 << c.ordinal()));
    }

    public boolean isEmpty() {
        return bits == 0;
    }

    /** One bit per {@link Capability#ordinal()}. */
    public int bits() {
        return bits;
    }

    /** The enabled capabilities, in {@link Capability} order. */
    public List<Capability> toList() {
        List<Capability> l = new ArrayList<>();
        for (Capability c : ALL) {
            if (contains(c)) {
                l.add(c);
            }
        }
        return l;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapabilitySet s && s.bits == bits;
    }

    @Override
    public int hashCode() {
        return bits;
    }

    @Override
    public String toString() {
        return toList().toString();
    }
}
