package dev.sockets.chat.server.web;

import dev.sockets.common.net.Endpoint;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The address ranges ({@code --web-trusted-proxy}) whose {@code X-Forwarded-For} header is believed. A
 * header from anyone else is ignored, or any browser could claim any address and dodge the per-address
 * limits.
 */
public final class TrustedProxies {

    /** Nobody's header is believed. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /**
     * Parses ranges such as {@code 127.0.0.1}, {@code 10.0.0.0/8}, {@code ::1/128} (no DNS).
     *
     * @throws IllegalArgumentException naming the range that is not one
     */
    public static TrustedProxies parse(List<String> texts) {
        List<Range> ranges = new ArrayList<>();
        for (String text : texts) {
            String t = text.strip();
            int slash = t.indexOf('/');
            InetAddress address;
            try {
                address = Endpoint.parseAddress(slash < 0 ? t : t.substring(0, slash));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not an address range: '" + text + "'");
            }
            byte[] bytes = address.getAddress();
            int prefix = bytes.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(t.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not an address range: '" + text + "'");
                }
                if (prefix < 0 || prefix > bytes.length * 8) {
                    throw new IllegalArgumentException("prefix length out of range in '" + text + "'");
                }
            }
            ranges.add(new Range(bytes, prefix));
        }
        return new TrustedProxies(ranges);
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Range r : ranges) {
            if (r.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client's address: the peer's own, unless the peer is a trusted proxy; then the nearest address in
     * {@code forwardedFor} (read from the right, as each proxy appends) that is not itself a trusted proxy.
     * A malformed entry ends the walk at the last address that was believed.
     */
    public InetAddress client(InetAddress peer, String forwardedFor) {
        if (forwardedFor == null || !contains(peer)) {
            return peer;
        }
        InetAddress believed = peer;
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            InetAddress hop;
            try {
                hop = Endpoint.parseAddress(hops[i].strip());
            } catch (IllegalArgumentException e) {
                return believed;
            }
            believed = hop;
            if (!contains(hop)) {
                return hop;
            }
        }
        return believed;
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }
}
