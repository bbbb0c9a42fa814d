package dev.sockets.common.tcp;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A server's {@link EventLoop}s; each new connection goes to the next one in turn. */
public final class EventLoops implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventLoops.class);

    private final List<EventLoop> loops;
    private final AtomicInteger next = new AtomicInteger();

    private EventLoops(List<EventLoop> loops) {
        this.loops = loops;
    }

    /**
     * How many loops a server gets: one per two cores. Each loop is one thread and the rest of the process
     * (accept, the watchdog, GC, the JIT) and often the peers need CPU too: on 2 cores one loop cost 0.68x and
     * 0.90x the server CPU per ping-pong echo of two loops, at 1.94x and 1.02x the rate (compare.sh -r 3 and
     * -r 5, 2026-12-03, load average 10-17; docs/BENCHMARKS.md). More loops spread fewer sockets over more
     * wake-ups.
     */
    public static int defaultCount() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    /**
     * Starts {@code count} loops whose threads are named {@code NAME-loop-I}, or returns null when this JDK
     * does not let virtual threads run on them (see {@link EventLoop}); the reason is logged at DEBUG.
     */
    public static EventLoops open(String name, int count) {
        Constructor<?> builder = virtualThreadBuilder();
        if (builder == null) {
            return null;
        }
        List<EventLoop> loops = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                loops.add(new EventLoop(name + "-loop-" + i, builder));
            }
            return new EventLoops(List.copyOf(loops));
        } catch (Exception e) {
            log.debug("{}: no event loops ({}); each connection gets a virtual thread", name, e.toString());
            loops.forEach(EventLoop::close);
            return null;
        }
    }

    private static Constructor<?> virtualThreadBuilder() {
        try {
            Constructor<?> c = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder")
                    .getDeclaredConstructor(Executor.class);
            c.setAccessible(true);
            return c;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("virtual threads on event loops need java --add-opens java.base/java.lang=ALL-UNNAMED "
                    + "(the jars' manifests say so); connections get a virtual thread each: {}", e.toString());
            return null;
        }
    }

    /** The loop for the next connection. */
    public EventLoop next() {
        return loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
    }

    /** How many loops there are. */
    public int size() {
        return loops.size();
    }

    @Override
    public void close() {
        loops.forEach(EventLoop::close);
    }
}
