package dev.sockets.chat.server.state;

import dev.sockets.chat.protocol.CaseMapping;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MONITOR: which local clients watch which nicks (folded). Only this server's clients watch here; they
 * hear of users of every node signing on and off because every node applies the other nodes' intros,
 * quits and nick changes through the same {@link Change} mutators, which tell the watchers. So nothing
 * of it needs replicating.
 *
 * <p>Threading: changed by a client's own reader thread (MONITOR) and read under the registry lock by a
 * {@link Change}; concurrent sets.
 */
public final class Monitors {

    /** Nicks one client may watch (005 {@code MONITOR=}). */
    public static final int LIMIT = 100;

    private final Map<String, Set<Client>> watchers = new ConcurrentHashMap<>();

    /** {@code c} watches {@code nick} from now on (the caller keeps its own list, bounded). */
    public void watch(Client c, String nick) {
        watchers.computeIfAbsent(CaseMapping.fold(nick), k -> ConcurrentHashMap.newKeySet()).add(c);
    }

    /** {@code c} no longer watches {@code nick}. */
    public void unwatch(Client c, String nick) {
        String key = CaseMapping.fold(nick);
        watchers.computeIfPresent(key, (k, set) -> {
            set.remove(c);
            return set.isEmpty() ? null : set;
        });
    }

    /** The clients watching {@code nick} now. */
    Set<Client> watching(String nick) {
        Set<Client> s = watchers.get(CaseMapping.fold(nick));
        return s == null ? Set.of() : s;
    }
}
