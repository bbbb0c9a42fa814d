package dev.sockets.chat.server.state;

import dev.sockets.chat.protocol.CaseMapping;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * WHOWAS: who held a nick, newest first, recorded when a user quits or changes nick. Bounded: the oldest
 * entries go first, so a flood of short-lived users costs at most {@link #CAPACITY} entries. In a cluster
 * every node records the departures and renames it applies, local or remote, so each answers WHOWAS for
 * the whole network from the moment it joined (history from before is not sent in a burst).
 *
 * <p>Threading: written under the registry lock by a {@link Change}; read by any thread (synchronized).
 */
public final class Whowas {

    /** Entries kept, for the whole network. */
    public static final int CAPACITY = 1000;

    /** One former holder of a nick. */
    public record Entry(String nick, String user, String host, String realName, String server, long goneMillis) { }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();

    synchronized void record(String nick, User u) {
        if (nick == null || u.user() == null) {
            return;
        }
        if (entries.size() == CAPACITY) {
            entries.removeLast();
        }
        entries.addFirst(new Entry(nick, u.user(), u.host(), u.realName() == null ? "" : u.realName(),
                u.serverName(), System.currentTimeMillis()));
    }

    /** The entries for {@code nick} (any case), newest first; at most {@code max} (0 or less: all). */
    public synchronized List<Entry> find(String nick, int max) {
        String key = CaseMapping.fold(nick);
        List<Entry> found = new ArrayList<>();
        for (Iterator<Entry> it = entries.iterator(); it.hasNext() && (max <= 0 || found.size() < max); ) {
            Entry e = it.next();
            if (CaseMapping.fold(e.nick()).equals(key)) {
                found.add(e);
            }
        }
        return found;
    }

    public synchronized int size() {
        return entries.size();
    }
}
