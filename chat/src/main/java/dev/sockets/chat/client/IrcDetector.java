package dev.sockets.chat.client;

import dev.sockets.common.net.Endpoint;

/**
 * Whether the peer is an IRC server, from what it sends before the welcome, and a one-line error saying
 * what it looks like instead (a TLS port, a daytime server, binary data).
 */
final class IrcDetector {

    private IrcDetector() {
    }

    /**
     * Before the welcome a server sends numerics, NOTICE, PING, CAP or ERROR, with or without a prefix;
     * a TLS record, binary data, our own lines echoed back or a daytime string is something else.
     */
    static boolean looksLikeIrc(String raw) {
        if (raw.chars().anyMatch(c -> c < ' ' && c != '\t' && c != '\u0001' && !Formatting.isCode((char) c))) {
            return false;
        }
        IrcMessage m = IrcMessage.parse(raw);
        if (m == null) {
            return true; // a blank line: odd but harmless
        }
        return m.isNumeric() || switch (m.command()) {
            case "NOTICE", "PING", "PONG", "CAP", "ERROR", "AUTHENTICATE" -> true;
            default -> !m.prefix().isEmpty() && m.command().chars().allMatch(c -> c >= 'A' && c <= 'Z');
        };
    }

    /** Why {@code server}, which sent {@code raw} before registration, is not taken for an IRC server. */
    static String notIrc(String raw, Endpoint server, boolean tls) {
        boolean tlsRecord = raw.length() >= 2 && (raw.charAt(0) == 0x15 || raw.charAt(0) == 0x16) && raw.charAt(1) == 0x03;
        if (tlsRecord && !tls) {
            return server + " does not speak IRC (it looks like a TLS port: try --tls)";
        }
        String shown = raw.codePoints().limit(40).map(c -> c < ' ' || c == 0x7f ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return server + " does not look like an IRC server: it sent \"" + shown + "\" before registration";
    }
}
