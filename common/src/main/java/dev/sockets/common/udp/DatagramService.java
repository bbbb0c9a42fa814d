package dev.sockets.common.udp;

import dev.sockets.common.net.BindFailure;
import dev.sockets.common.net.Endpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connectionless service on one UDP endpoint: one platform thread receives a datagram, checks the
 * {@link UdpPolicy} (loop guard, then per-source rate limit), lets the {@link DatagramHandler} fill the
 * reply and sends it to the source. Datagrams are never truncated: payloads up to
 * {@link #MAX_PAYLOAD} bytes (the IPv4 UDP maximum) are received and answered whole; larger ones (only
 * IPv6 can carry them) are dropped and counted, so a handler never sees more than it can answer.
 *
 * <p>Every drop is counted; a burst of drops is logged at most once per {@link #DROP_LOG_INTERVAL_NANOS}.
 * {@link #close()} is idempotent and ends the receive thread.
 */
public final class DatagramService implements AutoCloseable {

    /** 65 535 - 8 (UDP header) - 20 (IPv4 header). */
    public static final int MAX_PAYLOAD = 65_507;
    static final long DROP_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Logger log = LoggerFactory.getLogger(DatagramService.class);

    private final String name;
    private final Endpoint requested;
    private final DatagramHandler handler;
    private final UdpPolicy policy;
    private volatile DatagramChannel channel;
    private volatile Endpoint bound;
    private volatile boolean closed;
    /** Inherited sockets are left open on close: see {@code TcpListener}'s field of the same name. */
    private volatile boolean adopted;
    private Thread thread;
    private long lastDropLogNanos = System.nanoTime() - DROP_LOG_INTERVAL_NANOS;

    private final LongAdder received = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder droppedLoop = new LongAdder();
    private final LongAdder droppedRate = new LongAdder();
    private final LongAdder droppedOversize = new LongAdder();
    private final LongAdder sendErrors = new LongAdder();

    public DatagramService(String name, Endpoint endpoint, DatagramHandler handler, UdpPolicy policy) {
        this.name = name;
        this.requested = endpoint;
        this.handler = handler;
        this.policy = policy == null ? UdpPolicy.open() : policy;
    }

    /**
     * Binds the endpoint (port 0 picks a free one).
     *
     * @throws BindFailure with a one-line explanation
     */
    public Endpoint bind() throws BindFailure {
        try {
            ProtocolFamily family = requested.address() instanceof java.net.Inet4Address
                    ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
            DatagramChannel ch = DatagramChannel.open(family);
            try {
                ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
                ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
                ch.bind(requested.toSocketAddress());
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            channel = ch;
            bound = Endpoint.of(ch.getLocalAddress());
            return bound;
        } catch (IOException e) {
            throw BindFailure.explain(requested, "udp", e);
        }
    }

    /**
     * Uses a datagram socket that is already bound (inherited from systemd or inetd) instead of binding
     * one; the service owns it from now on.
     */
    public Endpoint adopt(DatagramChannel bound) throws IOException {
        bound.configureBlocking(true);
        adopted = true;
        channel = bound;
        this.bound = Endpoint.of(bound.getLocalAddress());
        return this.bound;
    }

    /** Starts the receive loop on a platform thread named {@code NAME-udp-PORT}. */
    public void start() {
        if (channel == null) {
            throw new IllegalStateException("bind() first");
        }
        thread = Thread.ofPlatform().name(name + "-udp-" + bound.port()).daemon(true).start(this::receiveLoop);
    }

    private void receiveLoop() {
        // Room for the largest IPv6 UDP payload, so an oversized datagram is seen whole and dropped.
        ByteBuffer request = ByteBuffer.allocateDirect(65_536);
        ByteBuffer reply = ByteBuffer.allocateDirect(MAX_PAYLOAD);
        // Made once: a handler cannot change the received bytes, and no view is allocated per datagram.
        ByteBuffer readOnlyRequest = request.asReadOnlyBuffer();
        while (!closed) {
            InetSocketAddress source;
            request.clear();
            try {
                source = (InetSocketAddress) channel.receive(request);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                // e.g. ICMP port unreachable surfacing on some platforms: the peer's problem
                log.debug("{}: receive failed: {}", name, e.toString());
                continue;
            }
            if (closed) {
                return; // an adopted socket we left open: stopped, so not answered
            }
            if (source == null) {
                continue;
            }
            request.flip();
            received.increment();
            bytesIn.add(request.remaining());
            if (request.remaining() > MAX_PAYLOAD) {
                droppedOversize.increment();
                logDrop("larger than " + MAX_PAYLOAD + " bytes", source);
                continue;
            }
            if (policy.loopGuard().blocks(source.getPort())) {
                droppedLoop.increment();
                logDrop("from well-known service port " + source.getPort() + " (loop guard)", source);
                continue;
            }
            ReplyRateLimiter limiter = policy.rateLimiter();
            if (limiter != null && !limiter.tryAcquire(source.getAddress(), System.nanoTime())) {
                droppedRate.increment();
                logDrop("over the per-source reply rate", source);
                continue;
            }
            reply.clear();
            reply.limit(policy.maxReplyBytes());
            readOnlyRequest.clear().limit(request.limit());
            boolean answer;
            try {
                answer = handler.handle(source, readOnlyRequest, reply);
            } catch (RuntimeException e) {
                log.error("{}: handler failed on a datagram from {}", name, source, e);
                continue;
            }
            if (!answer) {
                continue;
            }
            reply.flip();
            int n = reply.remaining();
            // Counted before sending, so a client that got the reply never sees a stale count.
            sent.increment();
            bytesOut.add(n);
            try {
                channel.send(reply, source);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                sent.decrement();
                bytesOut.add(-n);
                sendErrors.increment();
                log.debug("{}: reply to {} failed: {}", name, source, e.toString());
            }
        }
    }

    private void logDrop(String why, InetSocketAddress source) {
        long now = System.nanoTime();
        if (now - lastDropLogNanos >= DROP_LOG_INTERVAL_NANOS) {
            lastDropLogNanos = now;
            log.warn("{}: dropping datagrams {}, e.g. from {} (dropped so far: loop={} rate={} oversize={}; "
                    + "logged at most every {}s)",
                    name, why, Endpoint.of(source), droppedLoop.sum(), droppedRate.sum(), droppedOversize.sum(),
                    TimeUnit.NANOSECONDS.toSeconds(DROP_LOG_INTERVAL_NANOS));
        }
    }

    public Endpoint endpoint() {
        return bound;
    }

    public long datagramsIn() {
        return received.sum();
    }

    public long datagramsOut() {
        return sent.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    public long droppedByLoopGuard() {
        return droppedLoop.sum();
    }

    public long droppedByRateLimit() {
        return droppedRate.sum();
    }

    /** Datagrams dropped because they were larger than {@link #MAX_PAYLOAD}. */
    public long droppedOversize() {
        return droppedOversize.sum();
    }

    public long sendErrors() {
        return sendErrors.sum();
    }

    /** Stops receiving; idempotent. */
    @Override
    public void close() {
        closed = true;
        if (adopted) {
            return; // left open on purpose; the daemon receive thread ends with the process
        }
        DatagramChannel ch = channel;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // nothing more to do
            }
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
