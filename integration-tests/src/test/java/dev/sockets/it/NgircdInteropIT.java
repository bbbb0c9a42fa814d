package dev.sockets.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.it.harness.ExternalProcess;
import dev.sockets.it.harness.IrcPeer;
import dev.sockets.it.harness.Ngircd;
import dev.sockets.it.harness.Suite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our chat client against somebody else's IRC server: ngIRCd from a private config (flood penalty off)
 * on a free loopback port, with a raw peer in the same channel. Proves the client assumes nothing
 * beyond RFC 2812 (ngIRCd's 005 differs from ours: CASEMAPPING=ascii, PREFIX=(qaohv)~&@%+, ...).
 */
@Timeout(90)
class NgircdInteropIT {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path dir;

    static Ngircd ngircd;

    @BeforeAll
    static void startNgircd() throws IOException {
        ngircd = Ngircd.start(dir);
    }

    @AfterAll
    static void stopNgircd() {
        ngircd.close();
    }

    @Test
    void ourClientChatsBothWaysOnNgircd() throws IOException {
        try (IrcPeer raw = IrcPeer.register(ngircd.endpoint(), "watcher").join("#interop");
                ExternalProcess client = Suite.CHAT.start("client", "127.0.0.1", "--port",
                        String.valueOf(ngircd.port()), "--nick", "ourbot", "--channel", "#interop")) {
            raw.explainWith(client::describe);
            assertThat(raw.await("JOIN")).startsWith(":ourbot!");

            raw.send("PRIVMSG #interop :hello ourbot, from ngircd");
            client.awaitStdout("hello ourbot, from ngircd", WAIT);
            assertThat(client.stdout()).contains("<watcher> hello ourbot, from ngircd");

            client.write("hello watcher, from our client\n");
            assertThat(raw.await("PRIVMSG")).matches(":ourbot!\\S+ PRIVMSG #interop :hello watcher, from our client");

            client.write("/msg watcher a private word\n");
            assertThat(raw.await("PRIVMSG")).matches(":ourbot!\\S+ PRIVMSG watcher :a private word");

            client.write("/quit bye ngircd\n");
            assertThat(raw.await(" QUIT ")).startsWith(":ourbot!").contains("bye ngircd");
            client.closeStdin();
            assertThat(client.awaitExit(WAIT)).as(client.describe()).isZero();
        }
    }

    @Test
    void ourClientRunsAPipedScriptOnNgircd() throws IOException {
        Path script = Files.writeString(dir.resolve("script.txt"), """
                /join #scripted
                first scripted line
                second scripted line
                /quit done
                """);
        try (IrcPeer raw = IrcPeer.register(ngircd.endpoint(), "watcher2").join("#scripted");
                ExternalProcess client = Suite.CHAT.start(script, "client", "127.0.0.1", "--port",
                        String.valueOf(ngircd.port()), "--nick", "scripter")) {
            raw.explainWith(client::describe);
            assertThat(raw.await("JOIN")).startsWith(":scripter!");
            assertThat(raw.await("PRIVMSG")).matches(":scripter!\\S+ PRIVMSG #scripted :first scripted line");
            assertThat(raw.await("PRIVMSG")).matches(":scripter!\\S+ PRIVMSG #scripted :second scripted line");
            assertThat(raw.await(" QUIT ")).startsWith(":scripter!").contains("done");
            assertThat(client.awaitExit(WAIT)).as(client.describe()).isZero();
        }
    }
}
