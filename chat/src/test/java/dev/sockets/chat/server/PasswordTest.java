package dev.sockets.chat.server;

import dev.sockets.chat.server.config.ChatConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class PasswordTest {

    @Test
    void passwordIsCheckedAtRegistration() throws Exception {
        try (ChatServer chat = TestIrc.start(ChatConfig.builder().password("sesame").build())) {
            try (TestIrc bad = TestIrc.connect(chat)) {
                bad.send("PASS wrong").send("NICK bad").send("USER b 0 * :B");
                assertThat(bad.line.readLine()).isEqualTo(":irc.local 464 bad :Password incorrect");
                assertThat(bad.line.readLine()).isEqualTo("ERROR :Closing link: 127.0.0.1 (Bad password)");
                bad.line.awaitClosed();
            }
            try (TestIrc none = TestIrc.connect(chat)) {
                none.send("NICK none").send("USER b 0 * :B");
                assertThat(none.line.readLine()).contains(" 464 ");
                none.line.awaitClosed();
            }
            try (TestIrc good = TestIrc.connect(chat)) {
                good.send("PASS sesame").send("NICK good").send("USER g 0 * :G");
                assertThat(good.line.readLine()).startsWith(":irc.local 001 good ");
            }
        }
    }

    @Test
    void passIsIgnoredWithoutConfiguredPassword() throws Exception {
        try (ChatServer chat = TestIrc.start(); TestIrc c = TestIrc.connect(chat)) {
            c.send("PASS anything").send("NICK p").send("USER p 0 * :P");
            assertThat(c.line.readLine()).startsWith(":irc.local 001 p ");
        }
    }

    @Test
    void registrationTimeout() throws Exception {
        ChatConfig config = ChatConfig.builder().registerTimeout(Duration.ofMillis(300)).build();
        try (ChatServer chat = TestIrc.start(config); TestIrc c = TestIrc.connect(chat)) {
            c.send("NICK slowpoke");
            c.line.timeout(Duration.ofSeconds(5));
            assertThat(c.readUntil("ERROR")).isEqualTo("ERROR :Closing link: 127.0.0.1 (Registration timed out)");
            c.line.awaitClosed();
            assertThat(chat.stats().counter("disconnects_register_timeout").sum()).isEqualTo(1);
        }
    }

    @Test
    void motdMissingIs422() throws Exception {
        try (ChatServer chat = TestIrc.start(); TestIrc c = TestIrc.user(chat, "m")) {
            assertThat(c.ask("MOTD")).containsExactly(":irc.local 422 m :MOTD File is missing");
        }
    }

    @Test
    void registeredUsersStillGetTheirLinesIn() throws Exception {
        try (ChatServer chat = TestIrc.start(); TestIrc c = TestIrc.user(chat, "x")) {
            assertThat(c.ask("LUSERS")).containsExactly(
                    ":irc.local 251 x :There are 1 users and 0 invisible on 1 servers",
                    ":irc.local 254 x 0 :channels formed",
                    ":irc.local 255 x :I have 1 clients and 0 servers",
                    ":irc.local 265 x 1 1 :Current local users 1, max 1",
                    ":irc.local 266 x 1 1 :Current global users 1, max 1");
            assertThat(List.of(1)).hasSize(1);
        }
    }
}
