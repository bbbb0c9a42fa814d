package dev.sockets.it.harness;

import java.io.IOException;
import java.time.Duration;
import java.util.function.IntFunction;

/**
 * A process that binds a port from {@link FreePorts#tcpAndUdp()} itself (systemd-socket-activate, xinetd, one
 * of our servers): when another process took the port between the probe and the bind, it is started again on
 * another port, as {@link FreePorts} requires. {@link #close()} closes the process.
 */
public record OnFreePort(int port, ExternalProcess process) implements AutoCloseable {

    private static final int BIND_ATTEMPTS = 5;

    /** Starts the process on {@code port}. */
    @FunctionalInterface
    public interface Starter {
        ExternalProcess start(int port) throws IOException;
    }

    /**
     * Waits until the process started on {@code port} is ready: true when it is, false when the port was
     * taken; throws {@link AssertionError} on any other failure.
     */
    @FunctionalInterface
    public interface Readiness {
        boolean bound(ExternalProcess process, int port) throws IOException;
    }

    /**
     * Starts the process and waits up to {@code atMost} for {@code readyLine} of its port on its stderr; a process
     * that lost the port says "already in use" there.
     */
    public static OnFreePort start(Starter starter, IntFunction<String> readyLine, Duration atMost) throws IOException {
        return start(starter, (p, port) -> {
            try {
                p.awaitStderr(readyLine.apply(port), atMost);
                return true;
            } catch (AssertionError e) {
                if (p.stderr().contains("already in use")) {
                    return false;
                }
                throw e;
            }
        });
    }

    /** Starts the process and waits until {@code readiness} says it bound its port. */
    public static OnFreePort start(Starter starter, Readiness readiness) throws IOException {
        for (int attempt = 1; ; attempt++) {
            int port = FreePorts.tcpAndUdp();
            ExternalProcess p = starter.start(port);
            boolean bound;
            try {
                bound = readiness.bound(p, port);
            } catch (AssertionError | IOException | RuntimeException e) {
                p.close();
                throw e;
            }
            if (bound) {
                return new OnFreePort(port, p);
            }
            String state = p.describe();
            p.close();
            if (attempt == BIND_ATTEMPTS) {
                throw new AssertionError("the port was taken before the process bound it, " + BIND_ATTEMPTS
                        + " times; last: " + state);
            }
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
