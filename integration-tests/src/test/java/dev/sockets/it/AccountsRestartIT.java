package dev.sockets.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.common.testing.LineClient;
import dev.sockets.it.harness.ExternalProcess;
import dev.sockets.it.harness.OurServer;
import dev.sockets.it.harness.Suite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat server as a process on a data directory of its own: accounts (made with REGISTER and with
 * {@code sockets chat account add} while the server runs) and a registered channel's topic and modes
 * survive SIGTERM and SIGKILL. What a user was answered about (the REGISTER SUCCESS, the PONG after a
 * MODE) is in the file when the process dies.
 */
@Timeout(180)
class AccountsRestartIT {

    @TempDir
    Path data;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private OurServer start() {
        OurServer s = OurServer.start(Suite.CHAT, "--data-dir", data.toString(), "--flood-rate", "0", "--grace", "1s");
        open.add(s);
        return s;
    }

    private LineClient connect(OurServer s) throws IOException {
        LineClient c = LineClient.connect(s.endpoint()).timeout(Duration.ofSeconds(10));
        open.add(c);
        return c;
    }

    private static void barrier(LineClient c, String token) throws IOException {
        c.send("PING :" + token);
        c.readUntil(l -> l.endsWith(token), "PONG " + token);
    }

    /** Logs in with SASL PLAIN and registers as {@code nick}; fails unless 900 comes. */
    private LineClient loggedIn(OurServer s, String nick, String password) throws IOException {
        LineClient c = connect(s);
        c.send("CAP REQ sasl").send("AUTHENTICATE PLAIN");
        c.send("AUTHENTICATE " + Base64.getEncoder().encodeToString(
                ("\0" + nick + "\0" + password).getBytes(StandardCharsets.UTF_8)));
        c.readUntil(l -> l.contains(" 900 ") || l.contains(" 904 "), "900 or 904");
        assertThat(c.seen()).anyMatch(l -> l.contains(" 900 ") && l.contains(" " + nick + " :You are now logged in"));
        c.send("CAP END").send("NICK " + nick).send("USER " + nick + " 0 * :" + nick);
        c.readUntil(l -> l.contains(" 001 "), "001");
        return c;
    }

    private static void sigkill(OurServer s) {
        ExternalProcess p = s.process();
        ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
        p.awaitExit(Duration.ofSeconds(20));
    }

    @Test
    void accountsAndARegisteredChannelSurviveSigtermAndSigkill() throws Exception {
        OurServer first = start();
        LineClient alice = connect(first);
        alice.send("CAP REQ :draft/account-registration").send("CAP END")
                .send("NICK alice").send("USER alice 0 * :Alice");
        alice.readUntil(l -> l.contains(" 001 "), "001");
        alice.send("REGISTER * * alice-passphrase");
        alice.readUntil(l -> l.contains("REGISTER SUCCESS alice"), "REGISTER SUCCESS");
        alice.send("JOIN #kept").send("PRIVMSG ChanServ :REGISTER #kept");
        alice.readUntil(l -> l.contains("NOTICE alice :#kept is now registered"), "ChanServ's NOTICE");
        alice.send("TOPIC #kept :survives restarts").send("MODE #kept +k sesame");
        barrier(alice, "saved");

        // The operator adds an account next to the running server: it counts at once.
        ExternalProcess add = Suite.CHAT.start("account", "add", "bob", "--data-dir", data.toString());
        open.add(add);
        add.write("bob-passphrase\n").closeStdin();
        assertThat(add.awaitExit(Duration.ofSeconds(60))).as(add.describe()).isZero();
        assertThat(add.stdout()).contains("account bob added");
        loggedIn(first, "bob", "bob-passphrase").send("QUIT");

        first.stop(); // SIGTERM
        OurServer second = start();
        LineClient again = loggedIn(second, "alice", "alice-passphrase");
        again.send("JOIN #kept sesame");
        assertThat(again.readUntil(l -> l.contains(" 332 "), "the topic")).endsWith(" 332 alice #kept :survives restarts");
        again.send("MODE #kept +m");
        again.readUntil(l -> l.contains("MODE #kept +m"), "MODE +m");
        barrier(again, "acknowledged");

        sigkill(second); // everything acknowledged is in the file
        OurServer third = start();
        LineClient carol = connect(third);
        carol.send("NICK carol").send("USER carol 0 * :Carol").send("JOIN #kept");
        assertThat(carol.readUntil(l -> l.contains(" 475 "), "the saved key refuses carol"))
                .contains(" 475 carol #kept :Cannot join channel (+k)");
        carol.send("JOIN #kept sesame");
        assertThat(carol.readUntil(l -> l.contains(" 332 "), "the topic")).endsWith(" 332 carol #kept :survives restarts");
        carol.send("MODE #kept");
        assertThat(carol.readUntil(l -> l.contains(" 324 "), "the modes")).contains(" 324 carol #kept +kmnt ");
        loggedIn(third, "bob", "bob-passphrase");
        assertThat(Files.exists(data.resolve("chat.db"))).isTrue();
    }
}
