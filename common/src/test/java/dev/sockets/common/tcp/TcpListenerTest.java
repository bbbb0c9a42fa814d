package dev.sockets.common.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.common.net.Endpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 15, unit = TimeUnit.SECONDS)
class TcpListenerTest {

    /** Records what the listener hands over; capacity is unlimited. */
    private static final class RecordingSink implements TcpListener.Sink {
        final BlockingQueue<SocketChannel> accepted = new LinkedBlockingQueue<>();
        final AtomicInteger capacityTaken = new AtomicInteger();
        final AtomicInteger capacityGivenBack = new AtomicInteger();

        @Override
        public void awaitCapacity() {
            capacityTaken.incrementAndGet();
        }

        @Override
        public void accepted(SocketChannel channel) {
            accepted.add(channel);
        }

        @Override
        public void acceptFailed() {
            capacityGivenBack.incrementAndGet();
        }
    }

    private static Socket connect(Endpoint e) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(e.address(), e.port()), 5000);
        return s;
    }

    @Test
    void acceptLoopSurvivesDescriptorExhaustionThenServesAClient() throws Exception {
        int failures = 4;
        AtomicInteger calls = new AtomicInteger();
        TcpListener.Acceptor flaky = server -> {
            if (calls.incrementAndGet() <= failures) {
                throw new IOException("Too many open files");
            }
            return server.accept();
        };
        RecordingSink sink = new RecordingSink();
        try (TcpListener listener = new TcpListener("t", Endpoint.loopback(0), 16, flaky)) {
            Endpoint bound = listener.bind();
            listener.start(sink);
            try (Socket client = connect(bound)) {
                SocketChannel served = sink.accepted.poll(5, TimeUnit.SECONDS);
                assertThat(served).as("a client is served after the burst").isNotNull();
                assertThat(served.getRemoteAddress()).isEqualTo(client.getLocalSocketAddress());
                served.close();
            }
            assertThat(listener.acceptFailures()).isEqualTo(failures);
            // every failed accept gave its capacity back
            assertThat(sink.capacityGivenBack).hasValue(failures);
            // K failures, the successful accept, and at most the next (blocked) accept
            assertThat(calls.get()).isBetween(failures + 1, failures + 2);
        }
    }

    @Test
    void aLongBurstOfFailuresIsRetriedWithBackOffNotABusySpin() throws Exception {
        long burstNanos = TimeUnit.MILLISECONDS.toNanos(400);
        AtomicLong firstCall = new AtomicLong();
        AtomicInteger failingCalls = new AtomicInteger();
        TcpListener.Acceptor exhausted = server -> {
            long now = System.nanoTime();
            firstCall.compareAndSet(0, now);
            if (now - firstCall.get() < burstNanos) {
                failingCalls.incrementAndGet();
                throw new IOException("Too many open files");
            }
            return server.accept();
        };
        RecordingSink sink = new RecordingSink();
        try (TcpListener listener = new TcpListener("t", Endpoint.loopback(0), 16, exhausted)) {
            Endpoint bound = listener.bind();
            listener.start(sink);
            try (Socket client = connect(bound)) {
                SocketChannel served = sink.accepted.poll(5, TimeUnit.SECONDS);
                assertThat(served).isNotNull();
                served.close();
            }
            // 10, 20, 40, 80, 160, 320 ms ... : a handful of retries in 400 ms; a spinning loop would make thousands.
            assertThat(failingCalls.get()).isBetween(2, 12);
            assertThat(listener.acceptFailures()).isEqualTo(failingCalls.get());
        }
    }

    @Test
    void anyOtherAcceptFailureIsSurvivedToo() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TcpListener.Acceptor odd = server -> {
            int n = calls.incrementAndGet();
            if (n == 1) {
                throw new IllegalStateException("something unexpected");
            }
            if (n == 2) {
                throw new IOException("Software caused connection abort");
            }
            return server.accept();
        };
        RecordingSink sink = new RecordingSink();
        try (TcpListener listener = new TcpListener("t", Endpoint.loopback(0), 16, odd)) {
            Endpoint bound = listener.bind();
            listener.start(sink);
            try (Socket client = connect(bound)) {
                SocketChannel served = sink.accepted.poll(5, TimeUnit.SECONDS);
                assertThat(served).isNotNull();
                served.close();
            }
            assertThat(listener.acceptFailures()).isEqualTo(2);
        }
    }

    @Test
    void closeEndsTheAcceptThreadAndFreesThePort() throws Exception {
        RecordingSink sink = new RecordingSink();
        TcpListener listener = new TcpListener("closing", Endpoint.loopback(0), 16);
        Endpoint bound = listener.bind();
        assertThat(bound.port()).isPositive();
        listener.start(sink);
        String threadName = "closing-accept-" + bound.port();
        await().atMost(Duration.ofSeconds(5)).until(() -> threadNamed(threadName) != null);
        listener.close();
        listener.close(); // idempotent
        await().atMost(Duration.ofSeconds(5)).until(() -> threadNamed(threadName) == null);
        try (ServerSocketChannel again = ServerSocketChannel.open()) {
            again.bind(bound.toSocketAddress());
            assertThat(again.getLocalAddress()).isEqualTo(bound.toSocketAddress());
        }
        // the accept blocked when close came in gave its capacity back
        assertThat(sink.capacityGivenBack.get()).isEqualTo(sink.capacityTaken.get());
    }

    @Test
    void descriptorExhaustionIsRecognised() {
        assertThat(TcpListener.isDescriptorExhaustion(new IOException("Too many open files"))).isTrue();
        assertThat(TcpListener.isDescriptorExhaustion(new IOException("Too many open files in system"))).isTrue();
        assertThat(TcpListener.isDescriptorExhaustion(new IOException("Connection reset"))).isFalse();
        assertThat(TcpListener.isDescriptorExhaustion(new IOException())).isFalse();
    }

    private static Thread threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name) && t.isAlive()).findFirst().orElse(null);
    }
}
