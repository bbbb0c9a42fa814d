package dev.sockets.chat.server.state;

import dev.sockets.chat.protocol.IrcLine;

/**
 * Which lines relayed from another node announce a departure or a rename (QUIT, PART, KICK, NICK): the
 * {@link Replica} applies those with the line, so whoever reads it finds the state already changed.
 * Checked on the raw bytes first, since every channel line from the bus passes here.
 */
final class DepartureLines {

    private DepartureLines() {
    }

    /** Whether {@code line} announces a departure or rename (QUIT, PART, KICK, NICK): checked cheaply. */
    static boolean isDeparture(byte[] line) {
        int i = 0;
        if (line.length > 0 && line[0] == ':') {
            while (i < line.length && line[i] != ' ') {
                i++;
            }
            i++;
        }
        return startsWithWord(line, i, "PART") || startsWithWord(line, i, "KICK")
                || startsWithWord(line, i, "QUIT") || startsWithWord(line, i, "NICK");
    }

    private static boolean startsWithWord(byte[] line, int at, String word) {
        if (at + word.length() >= line.length || line[at + word.length()] != ' ') {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (line[at + k] != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** The parsed line when it is a departure or rename, else null. */
    static IrcLine departure(byte[] line) {
        if (!isDeparture(line)) {
            return null;
        }
        return IrcLine.parseWire(line);
    }

    static String nickOf(String prefix) {
        int bang = prefix.indexOf('!');
        return bang < 0 ? prefix : prefix.substring(0, bang);
    }
}
