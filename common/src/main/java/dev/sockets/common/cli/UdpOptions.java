package dev.sockets.common.cli;

import dev.sockets.common.udp.LoopGuard;
import dev.sockets.common.udp.ReplyRateLimiter;
import dev.sockets.common.udp.UdpPolicy;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options of every UDP service: loop guard and per-source reply rate limit. */
public final class UdpOptions {

    @Option(names = "--udp-allow-source-ports", paramLabel = "PORT", split = ",",
            description = "Answer datagrams from these well-known service ports anyway (by default datagrams from "
                    + "ports 7, 9, 13, 17, 19, 37, 53, 123 ... are dropped so two servers cannot bounce packets forever).")
    List<Integer> allowSourcePorts = new ArrayList<>();

    @Option(names = "--udp-rate", paramLabel = "N",
            description = "Replies per second allowed to one source address (0 = no limit; default: ${DEFAULT-VALUE}).")
    double rate = UdpPolicy.DEFAULT_RATE;

    @Option(names = "--udp-burst", paramLabel = "N",
            description = "Replies one source address may get in a burst (default: ${DEFAULT-VALUE}).")
    int burst = UdpPolicy.DEFAULT_BURST;

    @Option(names = "--udp-exempt-loopback",
            description = "Exempt loopback sources from the reply rate limit, for load tests on one host. Without it, "
                    + "two servers on one host that answer each other's datagrams stop within a second.")
    boolean exemptLoopback;

    /** The policy, with replies capped at {@code maxReplyBytes}. */
    public UdpPolicy policy(int maxReplyBytes) {
        for (int p : allowSourcePorts) {
            OptionRange.port("--udp-allow-source-ports", p, true);
        }
        OptionRange.notNegative("--udp-rate", rate);
        OptionRange.atLeast("--udp-burst", burst, 1);
        ReplyRateLimiter limiter = rate == 0 ? null : new ReplyRateLimiter(rate, burst, exemptLoopback);
        return new UdpPolicy(LoopGuard.allowing(allowSourcePorts), limiter, maxReplyBytes);
    }
}
