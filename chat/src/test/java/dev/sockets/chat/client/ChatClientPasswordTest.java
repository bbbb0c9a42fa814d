package dev.sockets.chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.ChatServer;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Limits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client against our chat server started with a password (as {@code chat server --password} does). */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ChatClientPasswordTest {

    private static ChatServer chat;

    @BeforeAll
    static void startServer() throws IOException {
        chat = new ChatServer(ChatConfig.builder().password("open sesame").build(), Endpoint.loopback(0),
                Limits.defaults().withGrace(Duration.ofSeconds(1)), null);
        chat.start();
    }

    @AfterAll
    static void stopServer() {
        chat.close();
    }

    private static String[] args(String nick, String... more) {
        List<String> a = new ArrayList<>(List.of("127.0.0.1", "--port", String.valueOf(chat.server().tcpEndpoint().port()),
                "--nick", nick));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void rightPasswordLogsIn() throws Exception {
        try (ClientRun client = ClientRun.script("/quit\n", args("withpass", "--password", "open sesame"))) {
            client.awaitOutput("Welcome");
            assertThat(client.awaitExit()).isZero();
        }
    }

    @Test
    void passwordFromAFileLogsIn(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("irc-password"), "open sesame\n");
        try (ClientRun client = ClientRun.script("/quit\n", args("filepass", "--password-file", file.toString()))) {
            client.awaitOutput("Welcome");
            assertThat(client.awaitExit()).isZero();
        }
    }

    @Test
    void wrongPasswordIsOneLineAndExit1() throws Exception {
        try (ClientRun client = ClientRun.start(args("badpass", "--password", "wrong"))) {
            assertThat(client.awaitExit()).isEqualTo(1);
            assertThat(client.err().strip()).isEqualTo("client: the server refused the password (464 Password incorrect)");
        }
    }

    @Test
    void missingPasswordSaysHowToGiveOne() throws Exception {
        try (ClientRun client = ClientRun.start(args("nopass"))) {
            assertThat(client.awaitExit()).isEqualTo(1);
            assertThat(client.err().strip())
                    .isEqualTo("client: the server wants a password: give --password, --password-env or --password-file");
        }
    }

    @Test
    void theDebugLogNeverShowsASecretTheClientSends() {
        assertThat(ChatClient.loggable("PASS :open sesame")).isEqualTo("PASS <hidden>");
        assertThat(ChatClient.loggable("OPER admin hunter2")).isEqualTo("OPER admin <hidden>");
        assertThat(ChatClient.loggable("authenticate AGppbGxlcwBzZXNhbWU=")).isEqualTo("authenticate <hidden>");
        assertThat(ChatClient.loggable("REGISTER * * :s3cret pass")).isEqualTo("REGISTER * * <hidden>");
        assertThat(ChatClient.loggable("PRIVMSG #c :PASS is a word")).isEqualTo("PRIVMSG #c :PASS is a word");
        assertThat(ChatClient.loggable("OPER")).isEqualTo("OPER");
        assertThat(ChatClient.loggable("PRIVMSG nickserv :IDENTIFY sesame")).isEqualTo("PRIVMSG nickserv <hidden>");
        assertThat(ChatClient.loggable("NS IDENTIFY alice sesame")).isEqualTo("NS <hidden>");
    }
}
