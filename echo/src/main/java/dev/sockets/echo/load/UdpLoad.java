package dev.sockets.echo.load;

import dev.sockets.echo.client.Payload;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UDP load: each socket (one virtual thread) keeps up to {@code depth} datagrams in flight. A datagram
 * carries its sequence number in its first {@link LoadPlan#UDP_HEADER} bytes and a checked pattern in the
 * rest; an echo that does not come back within the timeout is counted lost (and late if it turns up
 * afterwards). Sending stops when the duration is over; the socket then waits at most the timeout for
 * the datagrams still in flight.
 */
final class UdpLoad {

    private static final Logger log = LoggerFactory.getLogger(UdpLoad.class);
    private static final long MAX_RECEIVE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final LoadPlan plan;
    private final LoadTally tally;
    private final long endNanos;
    private final Pacer pacer;

    UdpLoad(LoadPlan plan, LoadTally tally, long startNanos) {
        this.plan = plan;
        this.tally = tally;
        this.endNanos = startNanos + plan.duration().toNanos();
        this.pacer = plan.rate() > 0 ? new Pacer(plan.rate(), startNanos) : null;
    }

    /** Runs every socket to its end; returns when all are done. */
    void run() {
        try (var threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("echo-load-udp-", 0).factory())) {
            for (int id = 0; id < plan.connections(); id++) {
                int socketId = id;
                threads.submit(() -> flow(socketId));
            }
        }
    }

    private void flow(int id) {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(plan.server().toSocketAddress());
            new Flight(id, socket).run();
        } catch (IOException e) {
            tally.ioErrors.increment();
            log.debug("udp socket {}: {}", id, e.toString());
        }
    }

    /** The datagrams one socket has in flight; used by that socket's thread only. */
    private final class Flight {
        private final int id;
        private final DatagramSocket socket;
        private final long[] slotSeq;
        private final long[] slotSentAt;
        private final byte[] out;
        private final DatagramPacket reply;
        private final long timeoutNanos = plan.timeout().toNanos();
        private int inFlight;
        private long nextSeq;
        private long claimedSlot = -1;

        Flight(int id, DatagramSocket socket) {
            this.id = id;
            this.socket = socket;
            this.slotSeq = new long[plan.depth()];
            Arrays.fill(slotSeq, -1);
            this.slotSentAt = new long[plan.depth()];
            this.out = new byte[plan.size()];
            this.reply = new DatagramPacket(new byte[plan.size() + 1], plan.size() + 1);
        }

        void run() throws IOException {
            long stopNanos = endNanos + timeoutNanos;
            while (true) {
                long now = System.nanoTime();
                if (now - stopNanos >= 0 || (now - endNanos >= 0 && inFlight == 0)) {
                    break;
                }
                sendWhileAllowed();
                receive();
                expire();
            }
            tally.lost.add(inFlight);
        }

        private void sendWhileAllowed() throws IOException {
            while (inFlight < slotSeq.length && System.nanoTime() - endNanos < 0) {
                if (pacer != null) {
                    if (claimedSlot < 0) {
                        claimedSlot = pacer.claim();
                    }
                    if (claimedSlot - endNanos >= 0 || claimedSlot - System.nanoTime() > 0) {
                        return; // not our turn yet: receive meanwhile
                    }
                    claimedSlot = -1;
                }
                send();
            }
        }

        private void send() throws IOException {
            long seq = nextSeq++;
            ByteBuffer.wrap(out).putLong(seq);
            long seed = LoadPlan.seed(id, seq);
            for (int i = LoadPlan.UDP_HEADER; i < out.length; i++) {
                out[i] = Payload.at(seed, i);
            }
            int slot = freeSlot();
            slotSeq[slot] = seq;
            slotSentAt[slot] = System.nanoTime();
            inFlight++;
            socket.send(new DatagramPacket(out, out.length));
            tally.sent.increment();
        }

        private void receive() throws IOException {
            long now = System.nanoTime();
            long wait = MAX_RECEIVE_WAIT_NANOS;
            for (int s = 0; s < slotSeq.length; s++) {
                if (slotSeq[s] >= 0) {
                    wait = Math.min(wait, slotSentAt[s] + timeoutNanos - now);
                }
            }
            if (claimedSlot >= 0) {
                wait = Math.min(wait, claimedSlot - now);
            }
            if (inFlight == 0 && claimedSlot < 0) {
                return;
            }
            socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)));
            try {
                socket.receive(reply);
            } catch (SocketTimeoutException e) {
                return;
            }
            check(reply.getData(), reply.getLength());
        }

        private void check(byte[] data, int length) {
            if (length != plan.size()) {
                tally.mismatches.increment();
                return;
            }
            long seq = ByteBuffer.wrap(data).getLong();
            int slot = slotOf(seq);
            if (slot < 0) {
                if (seq >= 0 && seq < nextSeq) {
                    tally.late.increment();
                } else {
                    tally.mismatches.increment();
                }
                return;
            }
            slotSeq[slot] = -1;
            inFlight--;
            long seed = LoadPlan.seed(id, seq);
            for (int i = LoadPlan.UDP_HEADER; i < length; i++) {
                if (data[i] != Payload.at(seed, i)) {
                    tally.mismatches.increment();
                    return;
                }
            }
            tally.verified(System.nanoTime() - slotSentAt[slot]);
        }

        private void expire() {
            long now = System.nanoTime();
            for (int s = 0; s < slotSeq.length; s++) {
                if (slotSeq[s] >= 0 && now - slotSentAt[s] > timeoutNanos) {
                    slotSeq[s] = -1;
                    inFlight--;
                    tally.lost.increment();
                }
            }
        }

        private int freeSlot() {
            for (int s = 0; s < slotSeq.length; s++) {
                if (slotSeq[s] < 0) {
                    return s;
                }
            }
            throw new IllegalStateException("no free slot although fewer than depth datagrams are in flight");
        }

        private int slotOf(long seq) {
            for (int s = 0; s < slotSeq.length; s++) {
                if (slotSeq[s] == seq) {
                    return s;
                }
            }
            return -1;
        }
    }
}
