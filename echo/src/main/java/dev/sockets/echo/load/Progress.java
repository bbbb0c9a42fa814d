package dev.sockets.echo.load;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Prints a progress line each second while a load runs, but only when standard output is a terminal
 * (a script reading the output gets only the result). Runs on its own daemon thread; {@link #stop()}
 * ends it.
 */
final class Progress {

    private final Thread thread;

    private Progress(Thread thread) {
        this.thread = thread;
    }

    static Progress startIfTerminal(LoadTally tally, PrintWriter out, boolean json) {
        if (json || !isTerminal()) {
            return new Progress(null);
        }
        Thread t = Thread.ofPlatform().name("echo-load-progress").daemon(true).start(() -> report(tally, out));
        return new Progress(t);
    }

    private static void report(LoadTally tally, PrintWriter out) {
        long start = System.nanoTime();
        long previous = 0;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                TimeUnit.SECONDS.sleep(1); // the reporting period itself, not synchronisation
                long now = tally.verified();
                out.println(String.format(Locale.ROOT, "%6.1fs %12d msgs/s %12d verified %6d errors %6d lost",
                        (System.nanoTime() - start) / 1e9, now - previous, now, tally.errors(), tally.lost()));
                out.flush();
                previous = now;
            }
        } catch (InterruptedException e) {
            // stopped
        }
    }

    void stop() throws InterruptedException {
        if (thread != null) {
            thread.interrupt();
            thread.join(1000);
        }
    }

    /** Whether standard output is a terminal (from Java 22 {@code System.console()} alone does not tell). */
    static boolean isTerminal() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true; // Java 21: a console exists only on a terminal
        }
    }
}
