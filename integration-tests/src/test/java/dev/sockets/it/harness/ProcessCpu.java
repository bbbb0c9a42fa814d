package dev.sockets.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The CPU time a process has used, read from {@code /proc/PID/stat} (user + system time of all its
 * threads, in clock ticks), to tell a process that waits from one that spins. Linux only. Stateless.
 */
public final class ProcessCpu {

    private static volatile long ticksPerSecond;

    private ProcessCpu() {
    }

    /** User plus system CPU time used by process {@code pid} so far. */
    public static Duration used(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/" + pid + "/stat (has the process exited?)", e);
        }
        // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // fields 14 utime and 15 stime
        return Duration.ofNanos(ticks * 1_000_000_000L / clockTicksPerSecond());
    }

    /**
     * Watches {@code process} for {@code window} and returns the CPU it used meanwhile as a share of one
     * core (0.25 = a quarter of a core). Fails if the process exits during the window: a server that
     * died would look idle.
     */
    public static double shareOfOneCore(ExternalProcess process, Duration window) {
        ProcessHandle handle = ProcessHandle.of(process.pid())
                .orElseThrow(() -> new AssertionError("not running: " + process.describe()));
        Duration before = used(process.pid());
        long start = System.nanoTime();
        try {
            handle.onExit().get(window.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("exited while its CPU use was measured: " + process.describe());
        } catch (TimeoutException stillRunning) {
            // the whole window passed with the process alive: what we wanted
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while measuring CPU use", e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
        Duration after = used(process.pid());
        long elapsed = System.nanoTime() - start;
        return (double) after.minus(before).toNanos() / elapsed;
    }

    /** {@code getconf CLK_TCK}, the unit of the times in {@code /proc/PID/stat} (100 on every Linux we know). */
    private static long clockTicksPerSecond() {
        long t = ticksPerSecond;
        if (t == 0) {
            try (ExternalProcess getconf = ExternalProcess.named("getconf").command("getconf", "CLK_TCK").start()) {
                if (getconf.awaitExit(Duration.ofSeconds(10)) != 0) {
                    throw new AssertionError("getconf CLK_TCK failed: " + getconf.describe());
                }
                t = Long.parseLong(getconf.stdout().trim());
            }
            ticksPerSecond = t;
        }
        return t;
    }
}
