package dev.sockets.it.harness;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * irssi, the full-screen IRC client, run headless in {@link Tmux} with a private home: it connects to one
 * server, joins one channel after registration (no typing before it is connected) and logs every window
 * to files, which are the barrier on irssi's side ({@link #awaitLog}).
 */
public final class Irssi implements AutoCloseable {

    private final Path logs;
    private final Tmux tmux;

    private Irssi(Path logs, Tmux tmux) {
        this.logs = logs;
        this.tmux = tmux;
    }

    /** Starts irssi as {@code nick} on 127.0.0.1:{@code port}, autojoining {@code channel}. */
    public static Irssi start(Path dir, int port, String nick, String channel) throws IOException {
        String irssi = Tools.require("irssi", "irssi");
        Path home = Files.createDirectories(dir.resolve("irssi-" + nick));
        Path logs = home.resolve("logs");
        Files.writeString(home.resolve("config"), """
                servers = (
                  { address = "127.0.0.1"; chatnet = "it"; port = "%d"; autoconnect = "yes"; use_tls = "no"; }
                );
                chatnets = { it = { type = "IRC"; }; };
                channels = ( { name = "%s"; chatnet = "it"; autojoin = "yes"; } );
                settings = {
                  core = {
                    real_name = "irssi in the integration tests";
                    user_name = "%s";
                    nick = "%s";
                    settings_autosave = "no";
                  };
                  # irssi paces its own commands (2.2 s apart) like a flood-wary client; not needed here
                  "irc/core" = { cmd_queue_speed = "0msec"; cmds_max_at_once = "50"; };
                  "fe-common/core" = {
                    autolog = "yes";
                    autolog_path = "%s/$0.log";
                    autolog_level = "all";
                  };
                };
                """.formatted(port, channel, nick, nick, logs));
        return new Irssi(logs, Tmux.start(dir, List.of(irssi, "--home=" + home)));
    }

    /** Types a line into irssi, as a user would. */
    public void type(String text) {
        tmux.type(text);
    }

    /** Waits until irssi's logs (one file per window) hold {@code text}. */
    public void awaitLog(String text, Duration wait) {
        try {
            await().atMost(wait).pollInterval(Duration.ofMillis(50)).until(() -> logs().contains(text));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("'" + text + "' not in irssi's logs within " + wait + "; logs:\n" + logs()
                    + "\nscreen:\n" + tmux.screen());
        }
    }

    /** Waits until irssi has ended (after /quit). */
    public void awaitEnded(Duration wait) {
        tmux.awaitEnded(wait);
    }

    /** Waits until irssi's screen shows {@code text} (its status window is not logged). */
    public void awaitScreen(String text, Duration wait) {
        try {
            await().atMost(wait).pollInterval(Duration.ofMillis(100)).until(() -> tmux.screen().contains(text));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("'" + text + "' not on irssi's screen within " + wait + ":\n" + tmux.screen());
        }
    }

    /** What irssi shows and logged, for a failure message. */
    public String describe() {
        return "irssi's screen:\n" + tmux.screen() + "\nirssi's logs:\n" + logs();
    }

    /** Every log file, each under its name. */
    public String logs() {
        if (!Files.isDirectory(logs)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path f : files.sorted().toList()) {
                sb.append("== ").append(f.getFileName()).append('\n').append(read(f));
            }
        } catch (IOException e) {
            sb.append("(cannot list ").append(logs).append(": ").append(e).append(')');
        }
        return sb.toString();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        tmux.close();
    }
}
