package dev.sockets.chat.client;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab in the line editor: the first word of a line starting with {@code /} completes to a command, any
 * other word to a nick of the current channel (or the query partner). A nick completed as the first word
 * of a message gets the usual "nick: " address form.
 */
final class ChatCompleter implements Completer {

    private final Supplier<List<String>> nicks;

    ChatCompleter(Supplier<List<String>> nicks) {
        this.nicks = nicks;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        String word = line.word().substring(0, line.wordCursor());
        boolean first = line.wordIndex() == 0;
        if (first && word.startsWith("/")) {
            for (String command : InputParser.COMMANDS) {
                if (command.startsWith(word.toLowerCase(Locale.ROOT))) {
                    candidates.add(new Candidate(command, command, null, null, null, null, true));
                }
            }
            return;
        }
        String lower = word.toLowerCase(Locale.ROOT);
        for (String nick : nicks.get()) {
            if (nick.toLowerCase(Locale.ROOT).startsWith(lower)) {
                String value = first ? nick + ":" : nick;
                candidates.add(new Candidate(value, nick, null, null, null, null, true));
            }
        }
    }
}
