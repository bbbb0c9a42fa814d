package dev.sockets.common.server;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon platform thread ({@code NAME-watchdog}) for a server's periodic checks (timeouts, the
 * stats line) and deadlines. A check that throws is logged and keeps running (an executor would cancel
 * it silently). {@link #close()} is idempotent; after it nothing more runs and new tasks are rejected.
 */
public final class Watchdog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Watchdog.class);

    private final String name;
    private final ScheduledExecutorService scheduler;

    public Watchdog(String name) {
        this.name = name;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name(name + "-watchdog").daemon(true).factory());
    }

    /**
     * How often to check timeouts so each is enforced within a quarter of itself: a quarter of the
     * shortest ({@code null} ones ignored), between 10 ms and 1 s.
     */
    public static Duration tickFor(Duration... timeouts) {
        long shortest = Long.MAX_VALUE;
        for (Duration t : timeouts) {
            if (t != null) {
                shortest = Math.min(shortest, t.toMillis());
            }
        }
        return Duration.ofMillis(Math.max(10, Math.min(1000, shortest / 4)));
    }

    /** Runs {@code check} every {@code tick} (between runs: a slow run delays the next). */
    public void repeat(String what, Duration tick, Runnable check) {
        long ms = tick.toMillis();
        scheduler.scheduleWithFixedDelay(() -> guarded(what, check), ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} at a fixed rate of once per {@code interval} (e.g. a stats line). */
    public void atRate(String what, Duration interval, Runnable task) {
        long ms = interval.toMillis();
        scheduler.scheduleAtFixedRate(() -> guarded(what, task), ms, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs {@code task} once after {@code delay} (a deadline; cancel the result when it is met).
     *
     * @throws java.util.concurrent.RejectedExecutionException once closed
     */
    public ScheduledFuture<?> after(Duration delay, Runnable task) {
        return scheduler.schedule(() -> guarded("deadline", task), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void guarded(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("{}: {} failed", name, what, e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
