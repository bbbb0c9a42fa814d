package dev.sockets.it.harness;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A private tmux server running one full-screen program headless (irssi), so a test can type into it
 * ({@link #type}) and read its screen ({@link #screen}). The server's socket is in the test's own
 * directory ({@code -S}), so it shares nothing with any other tmux, and {@link #close()} ends exactly
 * this server: {@code kill-server} on that socket, then SIGKILL to its PID if it lingers. Not
 * thread-safe.
 */
public final class Tmux implements AutoCloseable {

    private static final Duration COMMAND = Duration.ofSeconds(10);
    private static final String SESSION = "it";

    private final String tmux;
    private final Path socket;
    private final long serverPid;

    private Tmux(String tmux, Path socket, long serverPid) {
        this.tmux = tmux;
        this.socket = socket;
        this.serverPid = serverPid;
    }

    /** Starts a detached session of {@code columns x rows} running {@code command}. */
    public static Tmux start(Path dir, List<String> command) {
        String tmux = Tools.require("tmux", "tmux");
        Path socket = dir.resolve("tmux.sock");
        List<String> args = new ArrayList<>(List.of("-f", "/dev/null", "new-session", "-d", "-s", SESSION,
                "-x", "200", "-y", "50", "--"));
        args.addAll(command);
        run(tmux, socket, args);
        String pid = run(tmux, socket, List.of("display-message", "-p", "-t", SESSION, "#{pid}")).strip();
        return new Tmux(tmux, socket, Long.parseLong(pid));
    }

    private static String run(String tmux, Path socket, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(tmux, "-S", socket.toString()));
        cmd.addAll(args);
        try (ExternalProcess p = ExternalProcess.named("tmux " + args.get(0)).command(cmd)
                .env("TERM", "xterm-256color").env("LANG", "C.UTF-8").start()) {
            p.closeStdin();
            int status = p.awaitExit(COMMAND);
            if (status != 0) {
                throw new AssertionError("tmux failed: " + p.describe());
            }
            return p.stdout();
        }
    }

    /** Types {@code text} literally, then Enter. */
    public void type(String text) {
        run(tmux, socket, List.of("send-keys", "-t", SESSION, "-l", text));
        run(tmux, socket, List.of("send-keys", "-t", SESSION, "Enter"));
    }

    /** The visible screen, as text. */
    public String screen() {
        if (!isRunning()) {
            return "(tmux session ended)";
        }
        return run(tmux, socket, List.of("capture-pane", "-p", "-t", SESSION));
    }

    /** True while the session (and so the program in it) runs. */
    public boolean isRunning() {
        List<String> cmd = List.of(tmux, "-S", socket.toString(), "has-session", "-t", SESSION);
        try (ExternalProcess p = ExternalProcess.named("tmux has-session").command(cmd).start()) {
            p.closeStdin();
            return p.awaitExit(COMMAND) == 0;
        }
    }

    /** Waits until the program in the session has exited (the session ends with it). */
    public void awaitEnded(Duration atMost) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> !isRunning());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the program in tmux did not exit within " + atMost + "; screen:\n" + screen());
        }
    }

    @Override
    public void close() {
        if (isRunning()) {
            try (ExternalProcess p = ExternalProcess.named("tmux kill-server")
                    .command(tmux, "-S", socket.toString(), "kill-server").start()) {
                p.closeStdin();
                p.awaitExit(COMMAND);
            }
        }
        ProcessHandle.of(serverPid).ifPresent(h -> {
            if (h.isAlive() && h.info().command().map(c -> c.endsWith("tmux")).orElse(false)) {
                h.destroyForcibly();
            }
        });
    }
}
