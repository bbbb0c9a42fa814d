package dev.sockets.chat.client;

import dev.sockets.common.cli.Cli;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Answers CTCP VERSION and PING sent to us with a NOTICE, as the CTCP convention says, at most one a
 * second: anyone can send CTCP requests, and answering each of a flood would get us killed for flooding.
 * Used by the reader thread only.
 */
final class CtcpResponder {

    private static final Duration REPLY_INTERVAL = Duration.ofSeconds(1);

    private final Consumer<String> send;
    private final Consumer<String> show;
    private long lastReply = System.nanoTime() - REPLY_INTERVAL.toNanos();

    /**
     * @param send sends a line to the server
     * @param show tells the user something
     */
    CtcpResponder(Consumer<String> send, Consumer<String> show) {
        this.send = send;
        this.show = show;
    }

    /** Looks at a PRIVMSG; answers it if it is a CTCP request we answer. */
    void privmsg(IrcMessage m) {
        String text = m.last();
        if (!m.fromUser() || text.length() < 2 || text.charAt(0) != '\u0001') {
            return;
        }
        String inner = text.substring(1, text.endsWith("\u0001") ? text.length() - 1 : text.length());
        int space = inner.indexOf(' ');
        String command = (space < 0 ? inner : inner.substring(0, space)).toUpperCase(Locale.ROOT);
        String argument = space < 0 ? "" : inner.substring(space + 1);
        String reply = switch (command) {
            case "VERSION" -> "VERSION sockets chat client " + Cli.version();
            case "PING" -> argument.isEmpty() ? "PING" : "PING " + argument;
            default -> null;
        };
        if (reply != null && System.nanoTime() - lastReply >= REPLY_INTERVAL.toNanos()) {
            lastReply = System.nanoTime();
            send.accept("NOTICE " + m.sourceNick() + " :\u0001" + reply + "\u0001");
            show.accept("* answered CTCP " + command + " from " + m.sourceNick());
        }
    }
}
