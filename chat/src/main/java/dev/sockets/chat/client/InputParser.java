package dev.sockets.chat.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns one line the user typed (or piped) into what the session does: IRC lines to send, a channel to
 * join and wait for, a target to switch to, a local answer (help, hint, refusal), or quit. Lines without
 * a leading {@code /} are messages to the current target; {@code //text} sends "/text". Messages too long
 * for one IRC line are split at spaces (at most {@value #MAX_PARTS} lines), longer input is refused.
 * A pure function of the line and the {@link Context}; never sends anything itself.
 */
final class InputParser {

    /** RFC 2812: 512 bytes per message including CR LF. */
    static final int MAX_LINE_BYTES = 510;
    /** More parts than this is a paste accident, not a message: refuse it rather than flood. */
    static final int MAX_PARTS = 8;

    /** Usage and meaning of each command, in the order /help lists them. */
    private static final List<String[]> COMMAND_HELP = List.of(
            new String[] {"/join #channel [key]", "join and make it the current target"},
            new String[] {"/part [#channel] [reason]", "leave (default: the current channel)"},
            new String[] {"/msg TARGET text", "message a nick or channel"},
            new String[] {"/notice TARGET text", "send a notice (never answered automatically)"},
            new String[] {"/me action", "CTCP ACTION to the current target"},
            new String[] {"/query NICK", "make NICK the current target (/query alone shows it)"},
            new String[] {"/nick NEW", "change your nick"},
            new String[] {"/topic [#channel] [text]", "show or set the topic"},
            new String[] {"/names [#channel]", "who is on the channel"},
            new String[] {"/list [#channels]", "channels and their topics"},
            new String[] {"/who [mask]", "users matching mask (default: the current channel)"},
            new String[] {"/whois NICK", "who NICK is"},
            new String[] {"/away [text]", "mark yourself away (no text: back)"},
            new String[] {"/quote RAW", "send a raw IRC line"},
            new String[] {"/help", "this list"},
            new String[] {"/quit [reason]", "leave the server"},
            new String[] {"text", "message the current target (//text sends \"/text\")"});

    /** The commands Tab completes, with their slash. */
    static final List<String> COMMANDS = COMMAND_HELP.stream().map(h -> h[0].split(" ")[0])
            .filter(c -> c.startsWith("/")).toList();

    /** The help text: usages in one column, meanings in the next, aligned. */
    static final String HELP = help();

    private static String help() {
        int width = COMMAND_HELP.stream().mapToInt(h -> h[0].length()).max().orElse(0) + 2;
        StringBuilder b = new StringBuilder("commands:");
        for (String[] h : COMMAND_HELP) {
            b.append("\n  ").append(h[0]).append(" ".repeat(width - h[0].length())).append(h[1]);
        }
        return b.toString();
    }

    /** What the session knows that parsing needs. */
    record Context(String nick, String target, int prefixLength) {
    }

    /** What to do with one input line. */
    sealed interface Action {
        /** Send these lines in order; show the PRIVMSG/NOTICE ones as our own messages. */
        record Send(List<String> lines) implements Action {
        }

        /** Send {@code line} (a JOIN) and wait until the server answered for each channel. */
        record Join(String line, List<String> channels) implements Action {
        }

        /** Send {@code line} (a PART) and wait until the server answered, so the next line has the new target. */
        record Part(String line, String channel) implements Action {
        }

        /** Switch the current target. */
        record Query(String target) implements Action {
        }

        /** Show {@code text} locally; nothing is sent. */
        record Show(String text) implements Action {
        }

        /** The line cannot be sent (no target, bad usage, too long): show why; nothing is sent. */
        record Refuse(String reason) implements Action {
        }

        /** Send QUIT with this reason (may be empty) and wait for the server to close. */
        record Quit(String reason) implements Action {
        }

        /** Nothing to do (an empty line). */
        record None() implements Action {
        }
    }

    private InputParser() {
    }

    static Action parse(String input, Context ctx) {
        String line = clean(input);
        if (line.isBlank()) {
            return new Action.None();
        }
        if (!line.startsWith("/") || line.startsWith("//")) {
            return say(ctx, line.startsWith("//") ? line.substring(1) : line);
        }
        int space = line.indexOf(' ');
        String command = (space < 0 ? line.substring(1) : line.substring(1, space)).toLowerCase(Locale.ROOT);
        String args = space < 0 ? "" : line.substring(space + 1).strip();
        String first = firstWord(args);
        String rest = afterFirstWord(args);
        return switch (command) {
            case "join", "j" -> join(args);
            case "part", "leave" -> part(ctx, first, rest, args);
            case "msg" -> first.isEmpty() || rest.isEmpty()
                    ? refuse("usage: /msg TARGET text")
                    : message(ctx, "PRIVMSG", first, rest, false);
            case "me" -> ctx.target() == null ? noTarget()
                    : args.isEmpty() ? refuse("usage: /me action") : message(ctx, "PRIVMSG", ctx.target(), args, true);
            case "notice" -> first.isEmpty() || rest.isEmpty()
                    ? refuse("usage: /notice TARGET text")
                    : message(ctx, "NOTICE", first, rest, false);
            case "nick" -> first.isEmpty() || !rest.isEmpty() ? refuse("usage: /nick NEW") : send("NICK " + first);
            case "topic" -> topic(ctx, first, rest, args);
            case "names" -> send(withChannel("NAMES", first.isEmpty() ? channelTarget(ctx) : first));
            case "list" -> send(args.isEmpty() ? "LIST" : "LIST " + args);
            case "who" -> send(withChannel("WHO", first.isEmpty() ? channelTarget(ctx) : first));
            case "whois" -> first.isEmpty() ? refuse("usage: /whois NICK") : send("WHOIS " + first);
            case "away" -> send(args.isEmpty() ? "AWAY" : "AWAY :" + args);
            case "query", "q" -> first.isEmpty()
                    ? new Action.Show(ctx.target() == null ? "no current target" : "current target: " + ctx.target())
                    : !rest.isEmpty() ? refuse("usage: /query NICK") : new Action.Query(first);
            case "quote", "raw" -> args.isEmpty() ? refuse("usage: /quote RAW-IRC-LINE") : send(args);
            case "help", "?" -> new Action.Show(HELP);
            case "quit", "exit" -> new Action.Quit(args);
            default -> refuse("unknown command /" + command + " (type /help for the list)");
        };
    }

    /** Splits {@code text} into pieces of at most {@code maxBytes} UTF-8 bytes, at spaces where it can. */
    static List<String> split(String text, int maxBytes) {
        List<String> parts = new ArrayList<>();
        String rest = text;
        while (utf8Length(rest) > maxBytes) {
            int cut = fittingChars(rest, maxBytes);
            int space = rest.lastIndexOf(' ', cut);
            if (space > cut / 2) { // a word boundary not too far back
                parts.add(rest.substring(0, space));
                rest = rest.substring(space + 1);
            } else {
                parts.add(rest.substring(0, cut));
                rest = rest.substring(cut);
            }
        }
        if (!rest.isEmpty() || parts.isEmpty()) {
            parts.add(rest);
        }
        return parts;
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static Action say(Context ctx, String text) {
        return ctx.target() == null ? noTarget() : message(ctx, "PRIVMSG", ctx.target(), text, false);
    }

    private static Action message(Context ctx, String command, String target, String text, boolean action) {
        String head = command + " " + target + " :";
        String open = action ? "\u0001ACTION " : "";
        String close = action ? "\u0001" : "";
        // the server relays the line with our ":nick!user@host " in front: that must fit in 510 bytes too
        int budget = MAX_LINE_BYTES - ctx.prefixLength() - utf8Length(head + open + close);
        if (budget < 32) {
            return refuse("target name too long: " + target);
        }
        List<String> parts = split(text, budget);
        if (parts.size() > MAX_PARTS) {
            return refuse("message too long (" + utf8Length(text) + " bytes): not sent; at most about "
                    + (MAX_PARTS * budget) + " bytes per line");
        }
        return new Action.Send(parts.stream().map(p -> head + open + p + close).toList());
    }

    private static Action join(String args) {
        String channels = firstWord(args);
        if (channels.isEmpty()) {
            return refuse("usage: /join #channel [key]");
        }
        if (channels.equals("0")) {
            return send("JOIN 0"); // RFC 2812: leave every channel; there is no echo to wait for
        }
        List<String> names = new ArrayList<>();
        for (String c : channels.split(",")) {
            if (!c.isEmpty()) {
                names.add(MessageFormatter.isChannel(c) ? c : "#" + c);
            }
        }
        String key = afterFirstWord(args);
        String line = "JOIN " + String.join(",", names) + (key.isEmpty() ? "" : " " + key);
        return tooLong(line) ? refuse("line too long") : new Action.Join(line, List.copyOf(names));
    }

    private static Action part(Context ctx, String first, String rest, String args) {
        Action a = onChannel(ctx, "PART", first, rest, args, "usage: /part #channel [reason] (no current channel)");
        if (a instanceof Action.Send s) {
            String line = s.lines().getFirst();
            return new Action.Part(line, firstWord(line.substring("PART ".length())));
        }
        return a;
    }

    private static Action topic(Context ctx, String first, String rest, String args) {
        return onChannel(ctx, "TOPIC", first, rest, args, "usage: /topic #channel [text] (no current channel)");
    }

    /** {@code COMMAND #channel [:text]}: the channel named first, else the current one; the rest is the text. */
    private static Action onChannel(Context ctx, String command, String first, String rest, String args, String usage) {
        boolean named = MessageFormatter.isChannel(first);
        String channel = named ? first : channelTarget(ctx);
        String text = named ? rest : args;
        if (channel == null) {
            return refuse(usage);
        }
        return send(command + " " + channel + (text.isEmpty() ? "" : " :" + text));
    }

    private static Action send(String line) {
        if (tooLong(line)) {
            return refuse("line too long (" + utf8Length(line) + " bytes; IRC allows " + MAX_LINE_BYTES + "): not sent");
        }
        return new Action.Send(List.of(line));
    }

    private static boolean tooLong(String line) {
        return utf8Length(line) > MAX_LINE_BYTES;
    }

    private static Action refuse(String text) {
        return new Action.Refuse(text);
    }

    private static Action noTarget() {
        return refuse("no current target: /join #channel or /query NICK first (or /msg TARGET text)");
    }

    private static String withChannel(String command, String channel) {
        return channel == null ? command : command + " " + channel;
    }

    private static String channelTarget(Context ctx) {
        return ctx.target() != null && MessageFormatter.isChannel(ctx.target()) ? ctx.target() : null;
    }

    /** Control characters would break the line protocol: CR, LF and NUL go; trailing whitespace too. */
    private static String clean(String input) {
        StringBuilder b = new StringBuilder(input.length());
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c != '\r' && c != '\n' && c != '\0') {
                b.append(c);
            }
        }
        return b.toString().stripTrailing();
    }

    private static String firstWord(String s) {
        int space = s.indexOf(' ');
        return space < 0 ? s : s.substring(0, space);
    }

    private static String afterFirstWord(String s) {
        int space = s.indexOf(' ');
        return space < 0 ? "" : s.substring(space + 1).strip();
    }

    /** How many chars of {@code s} fit in {@code maxBytes} UTF-8 bytes, never splitting a surrogate pair. */
    private static int fittingChars(String s, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + n > maxBytes) {
                break;
            }
            bytes += n;
            i += Character.charCount(cp);
        }
        return i;
    }
}
