package dev.sockets.common.udp;

/**
 * What a UDP service checks before answering a datagram: the loop guard (source port) and the
 * per-source reply rate limit ({@code null} = unlimited). Replies are also never larger than
 * {@code maxReplyBytes}.
 */
public record UdpPolicy(LoopGuard loopGuard, ReplyRateLimiter rateLimiter, int maxReplyBytes) {

    /** Default reply rate per source address and burst: generous for people, useless for a reflector. */
    public static final double DEFAULT_RATE = 1000;
    public static final int DEFAULT_BURST = 2000;

    public UdpPolicy {
        if (loopGuard == null) {
            loopGuard = LoopGuard.none();
        }
        if (maxReplyBytes <= 0 || maxReplyBytes > DatagramService.MAX_PAYLOAD) {
            maxReplyBytes = DatagramService.MAX_PAYLOAD;
        }
    }

    /**
     * Loop guard with the default ports and the default rate limit, loopback sources included: two
     * servers on one host that answer each other (a datagram from one sent to the other with a forged
     * or reused source port) exchange replies in lock-step, one datagram in flight, so the first reply
     * the limit withholds ends the exchange. At the default rate that is within a second.
     */
    public static UdpPolicy defaults() {
        return new UdpPolicy(LoopGuard.defaults(), new ReplyRateLimiter(DEFAULT_RATE, DEFAULT_BURST, false),
                DatagramService.MAX_PAYLOAD);
    }

    /** Like {@link #defaults()} with loopback sources exempt, as {@code --udp-exempt-loopback}: for load tests on one host. */
    public static UdpPolicy exemptingLoopback() {
        return new UdpPolicy(LoopGuard.defaults(), new ReplyRateLimiter(DEFAULT_RATE, DEFAULT_BURST, true),
                DatagramService.MAX_PAYLOAD);
    }

    /** No guard, no limit: every datagram is handed to the handler. */
    public static UdpPolicy open() {
        return new UdpPolicy(LoopGuard.none(), null, DatagramService.MAX_PAYLOAD);
    }
}
