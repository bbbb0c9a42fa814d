package dev.sockets.chat.server.state;

import dev.sockets.chat.protocol.Capability;
import dev.sockets.chat.protocol.Numeric;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The IRCv3 metadata (draft/metadata-3) of one user or channel: keys and their values, in the order they
 * were first set, kept in memory for as long as the user is connected or the channel exists. Bounded by
 * {@link #MAX_KEYS}. Changed only through {@link Change#setMetadata}, under the registry lock; read under it.
 */
public final class Metadata {

    /** Keys one user or channel may have. */
    public static final int MAX_KEYS = Capability.METADATA_MAX_KEYS;
    /** Bytes of one value: its 761 line then fits in 512 bytes with the longest nick, target and key. */
    public static final int MAX_VALUE_BYTES = Capability.METADATA_MAX_VALUE_BYTES;
    /** Keys one client may subscribe to. */
    public static final int MAX_SUBS = Capability.METADATA_MAX_SUBS;
    /** The longest key. */
    public static final int MAX_KEY_LENGTH = 64;

    private final Map<String, String> values = new LinkedHashMap<>();

    /** The value of {@code key}, or null. */
    public String get(String key) {
        return values.get(key);
    }

    /** Every key and value, a copy. */
    public Map<String, String> entries() {
        return new LinkedHashMap<>(values);
    }

    public int size() {
        return values.size();
    }

    /** Sets ({@code value}) or removes (null) {@code key}; false when that changes nothing. */
    boolean put(String key, String value) {
        if (value == null) {
            return values.remove(key) != null;
        }
        return !value.equals(values.put(key, value));
    }

    /**
     * A key as the spec allows it: 1 to {@value #MAX_KEY_LENGTH} of {@code a-z 0-9 _ . / -}, not starting
     * with {@code -}.
     */
    public static boolean isValidKey(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || key.charAt(0) == '-') {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '/' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** What {@code to} is told of {@code key} of {@code target}: 761 with its value, or 766 when unset. */
    public static byte[] line(Client to, String target, String key, String value) {
        return value == null ? to.numericLine(Numeric.RPL_KEYNOTSET, target, key, "key not set")
                : to.numericLine(Numeric.RPL_KEYVALUE, target, key, "*", value);
    }

    /** Tells the subscribers among {@code audience} but {@code except} that {@code key} of {@code target} changed. */
    static void changed(Change tx, Iterable<User> audience, User except, String target, String key, String value) {
        for (User m : audience) {
            if (m != except && m instanceof Client w && w.subscribes(key)) {
                tx.toLocal(w, line(w, target, key, value));
            }
        }
    }

    /** After {@code u} joined {@code ch}: it hears what it subscribed to of the channel and its members, they of it. */
    static void joined(Change tx, User u, Channel ch) {
        for (User m : ch.members()) {
            if (m != u) {
                if (u instanceof Client joiner) {
                    tell(tx, joiner, m.nick(), m.metadata());
                }
                if (m instanceof Client w) {
                    tell(tx, w, u.nick(), u.metadata());
                }
            }
        }
        if (u instanceof Client joiner) {
            tell(tx, joiner, ch.name(), ch.metadata());
        }
    }

    private static void tell(Change tx, Client w, String target, Metadata md) {
        if (md.values.isEmpty() || !w.has(Capability.METADATA) || w.metadataSubs().isEmpty()) {
            return;
        }
        md.values.forEach((k, v) -> {
            if (w.metadataSubs().contains(k)) {
                tx.toLocal(w, line(w, target, k, v));
            }
        });
    }

    /** The events that tell another node all of {@code md} (a burst). */
    static void burst(java.util.List<NetworkEvent> events, String target, Metadata md) {
        md.values.forEach((k, v) -> events.add(new NetworkEvent.MetadataSet(target, k, v)));
    }
}
