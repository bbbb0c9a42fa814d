package dev.sockets.it.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes to a named pipe (ii's {@code in} files) with a bounded wait: opening a FIFO for writing blocks
 * until a reader has it open, so the write runs on a daemon thread and the caller gives up after the
 * timeout. Stateless.
 */
public final class Fifo {

    private Fifo() {
    }

    public static void writeLine(Path fifo, String line, Duration atMost) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofPlatform().daemon(true).name("fifo-writer").start(() -> {
            try (OutputStream out = Files.newOutputStream(fifo, StandardOpenOption.WRITE)) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("nobody read " + fifo + " within " + atMost + " (is its reader running?)");
        } catch (ExecutionException e) {
            throw new AssertionError("cannot write to " + fifo + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted writing " + fifo, e);
        }
    }
}
