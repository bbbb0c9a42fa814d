package dev.sockets.chat.server.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Another node's ear and mouth on a {@link MemoryBus}, for tests of one cluster part: it hears every
 * message of the bus (decoded, in bus order) and says what a test makes it say, as node {@code name}.
 */
final class BusProbe implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(5);

    final BusIdentity self;
    private final MemoryBus.Node connection;
    private final BlockingQueue<BusMessage> heard = new LinkedBlockingQueue<>();
    private final CountDownLatch subscribed = new CountDownLatch(1);
    private final Thread listener;

    BusProbe(MemoryBus bus, String name) throws InterruptedException {
        this.self = BusIdentity.of(name);
        this.connection = bus.connect();
        listener = Thread.ofPlatform().daemon(true).name("probe-" + name).start(() -> {
            try {
                connection.listen(Duration.ofMinutes(1), subscribed::countDown, b -> heard.add(BusMessage.decode(b)));
            } catch (IOException e) {
                // closed or bus down: the test is over or says so
            }
        });
        if (!subscribed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("probe did not subscribe");
        }
    }

    /** Says {@code body} on the bus as this probe's node. */
    void say(BusMessage.Body body) throws IOException {
        connection.publish(List.of(self.encode(body)));
    }

    /** The next message heard from a node other than this probe, or null within {@link #WAIT}. */
    BusMessage next() throws InterruptedException {
        while (true) {
            BusMessage m = heard.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null || !m.node().equals(self.node())) {
                return m;
            }
        }
    }

    /** The next message from others whose body is a {@code type}, skipping heartbeats and others; null if none comes. */
    <T extends BusMessage.Body> T next(Class<T> type) throws InterruptedException {
        for (BusMessage m = next(); m != null; m = next()) {
            if (type.isInstance(m.body())) {
                return type.cast(m.body());
            }
        }
        return null;
    }

    @Override
    public void close() throws InterruptedException {
        connection.close();
        listener.join(WAIT.toMillis());
    }
}
