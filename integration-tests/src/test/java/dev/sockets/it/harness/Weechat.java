package dev.sockets.it.harness;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * WeeChat without a user interface ({@code weechat-headless}, Debian's package of that name) with a
 * private home: all it does is set up at start ({@code -r}): one server, the IRCv3 capabilities to ask
 * for, a channel to join and a command to send once registered. Its logger writes every buffer to a file
 * with the time WeeChat shows for each line (the server's, with server-time); the logs are the barrier on
 * WeeChat's side ({@link #awaitLog}).
 */
public final class Weechat implements AutoCloseable {

    private final Path logs;
    private final ExternalProcess process;

    private Weechat(Path logs, ExternalProcess process) {
        this.logs = logs;
        this.process = process;
    }

    /**
     * Starts WeeChat as {@code nick} on 127.0.0.1:{@code port}, asking for {@code capabilities} (comma
     * separated), joining {@code channel} and sending {@code command} once registered.
     */
    public static Weechat start(Path dir, int port, String nick, String capabilities, String channel, String command)
            throws IOException {
        String weechat = Tools.require("weechat-headless", "weechat-headless");
        Path home = Files.createDirectories(dir.resolve("weechat-" + nick));
        Path logs = home.resolve("logs");
        String setup = String.join("; ",
                "/set logger.file.path " + logs,
                "/set logger.file.flush_delay 0", // written at once: the logs are the barrier
                "/server add it 127.0.0.1/" + port + " -notls",
                "/set irc.server.it.nicks " + nick,
                "/set irc.server.it.username " + nick,
                "/set irc.server.it.capabilities \"" + capabilities + "\"",
                "/set irc.server.it.autojoin " + channel,
                "/set irc.server.it.command \"" + command + "\"",
                "/connect it");
        ExternalProcess p = ExternalProcess.named("weechat-headless")
                .command(weechat, "--dir", home.toString(), "-r", setup).start();
        p.closeStdin();
        return new Weechat(logs, p);
    }

    /** Waits until the log of one of WeeChat's buffers has a line matching {@code regex}; returns that line. */
    public String awaitLog(String regex, Duration wait) {
        Pattern p = Pattern.compile(regex, Pattern.MULTILINE);
        try {
            return await().atMost(wait).pollInterval(Duration.ofMillis(100)).until(() -> {
                java.util.regex.Matcher m = p.matcher(logs());
                return m.find() ? m.group() : null;
            }, java.util.Objects::nonNull);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no line matching /" + regex + "/ in WeeChat's logs within " + wait + ":\n"
                    + describe());
        }
    }

    /** WeeChat's logs, for a failure message. */
    public String describe() {
        return "WeeChat's logs:\n" + logs() + "\nits output:\n" + process.describe();
    }

    /** Every log file, each under its name. */
    public String logs() {
        if (!Files.isDirectory(logs)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path f : files.sorted().toList()) {
                sb.append("== ").append(f.getFileName()).append('\n').append(Files.readString(f));
            }
        } catch (IOException e) {
            sb.append("(cannot read ").append(logs).append(": ").append(e).append(')');
        }
        return sb.toString();
    }

    @Override
    public void close() {
        process.close();
    }

    /** The buffers WeeChat logged, by file name (e.g. {@code irc.it.#c.weechatlog}). */
    public List<String> logFiles() throws IOException {
        try (Stream<Path> files = Files.list(logs)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
