package dev.sockets.chat.server.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** What a store's history holds, read past its layout (private rows, channel chunks): for tests to count. */
final class StoredHistory {

    /** A stored message: its conversation's key and its msgid. */
    record Held(String target, String msgid) { }

    private StoredHistory() {
    }

    static List<Held> all(Store store) throws SQLException {
        List<Held> out = new ArrayList<>();
        try (Connection c = store.connection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT target, msgid FROM history")) {
                while (rs.next()) {
                    out.add(new Held(rs.getString(1), rs.getString(2)));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT target, messages, msgids, data FROM history_chunk")) {
                while (rs.next()) {
                    String target = rs.getString(1);
                    List<StoredMessage> messages = ChannelChunks.decode(target, rs.getBytes(4));
                    if (messages.size() != rs.getInt(2)) {
                        throw new AssertionError("a chunk of " + target + " counts " + rs.getInt(2) + " but holds "
                                + messages.size());
                    }
                    StringBuilder ids = new StringBuilder(" ");
                    for (StoredMessage m : messages) {
                        out.add(new Held(target, m.msgid()));
                        ids.append(m.msgid()).append(' ');
                    }
                    if (!ids.toString().equals(rs.getString(3))) {
                        throw new AssertionError("a chunk of " + target + " lists msgids " + rs.getString(3)
                                + " but holds " + ids);
                    }
                }
            }
        }
        return out;
    }

    static long count(Store store, Predicate<Held> which) throws SQLException {
        return all(store).stream().filter(which).count();
    }
}
