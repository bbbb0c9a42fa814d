package dev.sockets.chat.client;

import dev.sockets.chat.protocol.CaseMapping;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is on the channels we are on, as far as NAMES, JOIN, PART, KICK, QUIT and NICK have told us, and
 * which target is current: what Tab completes. The reader thread writes, the line editor reads; all
 * methods are synchronised because they are called a few times per received line at most.
 */
final class Roster {

    private final Map<String, Map<String, String>> members = new HashMap<>(); // folded channel -> folded nick -> nick
    private String current;

    synchronized void current(String target) {
        current = target;
    }

    synchronized void joined(String channel, String nick) {
        members.computeIfAbsent(CaseMapping.fold(channel), c -> new LinkedHashMap<>()).put(CaseMapping.fold(nick), nick);
    }

    /** One 353 line: nicks with their status prefixes (@, +, ...), which are not part of the nick. */
    synchronized void names(String channel, String names) {
        for (String n : names.strip().split(" +")) {
            String nick = n.replaceFirst("^[~&@%+]+", "");
            if (!nick.isEmpty()) {
                joined(channel, nick);
            }
        }
    }

    synchronized void left(String channel, String nick) {
        Map<String, String> m = members.get(CaseMapping.fold(channel));
        if (m != null) {
            m.remove(CaseMapping.fold(nick));
        }
    }

    /** We left {@code channel}: nobody there concerns us any more. */
    synchronized void forget(String channel) {
        members.remove(CaseMapping.fold(channel));
    }

    synchronized void quit(String nick) {
        members.values().forEach(m -> m.remove(CaseMapping.fold(nick)));
    }

    synchronized void renamed(String from, String to) {
        for (Map<String, String> m : members.values()) {
            if (m.remove(CaseMapping.fold(from)) != null) {
                m.put(CaseMapping.fold(to), to);
            }
        }
    }

    /** The nicks Tab offers: the current channel's members, or the nick we are talking to. */
    synchronized List<String> currentNicks() {
        if (current == null) {
            return List.of();
        }
        if (!MessageFormatter.isChannel(current)) {
            return List.of(current);
        }
        Map<String, String> m = members.get(CaseMapping.fold(current));
        return m == null ? List.of() : new ArrayList<>(m.values());
    }
}
