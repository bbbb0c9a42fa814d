package dev.sockets.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.it.harness.IrcPeer;
import dev.sockets.it.harness.OurServer;
import dev.sockets.it.harness.Suite;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat server's history across restarts of its process, as users run it ({@code java -jar chat.jar
 * server --data-dir DIR}): everything said before a SIGTERM is there after it (the writer flushes before
 * exit), and after a SIGKILL everything the store had acknowledged (committed: here, seen in the SQLite
 * file by another reader) is there too. #keep is a registered channel: an unregistered one's history starts
 * anew whenever it is created again, as it is after a restart.
 */
@Timeout(120)
class HistoryRestartIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path data;

    private OurServer start() {
        return OurServer.start(Suite.CHAT, "--data-dir", data.toString(), "--flood-rate", "0");
    }

    private static void say(OurServer server, int from, int to) throws IOException {
        try (IrcPeer alice = IrcPeer.register(server.endpoint(), "alice")) {
            if (from == 0) {
                alice.send("REGISTER * * sesame-sesame");
                alice.await("REGISTER SUCCESS");
            }
            alice.join("#keep");
            if (from == 0) {
                alice.send("PRIVMSG ChanServ :REGISTER #keep");
                alice.await("#keep is now registered");
            }
            for (int i = from; i < to; i++) {
                alice.send("PRIVMSG #keep :message " + i);
            }
            alice.barrier();
            alice.send("QUIT");
            alice.await("ERROR");
        }
    }

    /** The texts CHATHISTORY LATEST gives a member of #keep, oldest first. */
    private static List<String> latest(OurServer server, int limit) throws IOException {
        try (IrcPeer bob = IrcPeer.register(server.endpoint(), "bob")) {
            bob.send("CAP REQ :batch server-time message-tags draft/chathistory");
            bob.await(" ACK ");
            bob.join("#keep");
            bob.send("CHATHISTORY LATEST #keep * " + limit);
            bob.await(" BATCH +");
            List<String> texts = new ArrayList<>();
            while (true) {
                String l = bob.line().readLine();
                if (l.contains(" BATCH -")) {
                    return texts;
                }
                assertThat(l).contains(" PRIVMSG #keep :");
                texts.add(l.substring(l.indexOf(" :", l.indexOf(" PRIVMSG ")) + 2));
            }
        }
    }

    private static List<String> texts(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add("message " + i);
        }
        return out;
    }

    /**
     * Messages in the file, read as any other SQLite reader would while the server runs (WAL): a channel's are
     * counted by its chunks, a private one is a row.
     */
    private long storedRows() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("chat.db"));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM history) "
                     + "+ (SELECT COALESCE(SUM(messages), 0) FROM history_chunk)")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void historyOutlivesSigtermAndWhatWasStoredOutlivesSigkill() throws Exception {
        OurServer first = start();
        say(first, 0, 60);
        Map<String, Long> stats = first.stop();
        assertThat(stats).containsEntry("history_stored", 60L).containsEntry("history_dropped", 0L);

        try (OurServer second = start()) {
            assertThat(latest(second, 100)).isEqualTo(texts(0, 60));
            say(second, 60, 90);
            await("30 more rows committed").atMost(WAIT).until(() -> storedRows() == 90);
            ProcessHandle.of(second.process().pid()).orElseThrow().destroyForcibly();
            assertThat(second.process().awaitExit(WAIT)).isEqualTo(137);
        }

        try (OurServer third = start()) {
            assertThat(latest(third, 100)).isEqualTo(texts(0, 90));
            third.stop();
        }
    }
}
