package dev.sockets.chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.ChatServer;
import dev.sockets.chat.server.session.ChatTls;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Limits;
import dev.sockets.common.testing.LineClient;
import dev.sockets.common.tls.TlsMaterial;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Our client with {@code --tls --insecure} against our server's self-signed TLS listener, in-process. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ChatClientTlsServerTest {

    @Test
    void clientOverTlsChatsWithAPlainPeer() throws Exception {
        ChatTls tls = new ChatTls(Endpoint.loopback(0), TlsMaterial.selfSigned("irc.local").serverContext());
        try (ChatServer chat = new ChatServer(ChatConfig.builder().floodRate(0).build(), Endpoint.loopback(0), tls,
                Limits.defaults().withGrace(Duration.ofSeconds(1)), null)) {
            chat.start();
            try (LineClient plain = LineClient.connect(chat.server().tcpEndpoint())) {
                plain.send("NICK plainpeer").send("USER p 0 * :P").send("JOIN #tls");
                plain.readUntilContains(" 366 ");
                try (ClientRun client = ClientRun.start("127.0.0.1", "--port", String.valueOf(chat.tlsEndpoint().port()),
                        "--nick", "tlsuser", "--tls", "--insecure")) {
                    client.awaitOutput("with TLS");
                    client.type("/join #tls");
                    assertThat(plain.readUntilContains(" JOIN ")).startsWith(":tlsuser!").endsWith(" JOIN #tls");
                    client.type("secret hello");
                    assertThat(plain.readLine()).startsWith(":tlsuser!").endsWith(" PRIVMSG #tls :secret hello");
                    plain.send("PRIVMSG #tls :hello back");
                    assertThat(client.awaitOutput("hello back")).contains("<plainpeer> hello back");
                    client.type("/quit bye");
                    assertThat(plain.readLine()).startsWith(":tlsuser!").endsWith(" QUIT :Quit: bye");
                    assertThat(client.awaitExit()).isZero();
                }
            }
        }
    }

    @Test
    void pinnedFingerprintAsTheServerLogsItConnectsWithoutTrustingTheIssuer() throws Exception {
        TlsMaterial material = TlsMaterial.selfSigned("irc.local");
        ChatTls tls = new ChatTls(Endpoint.loopback(0), material.serverContext());
        try (ChatServer chat = new ChatServer(ChatConfig.builder().build(), Endpoint.loopback(0), tls,
                Limits.defaults().withGrace(Duration.ofSeconds(1)), null)) {
            chat.start();
            String port = String.valueOf(chat.tlsEndpoint().port());
            String pin = material.sha256Fingerprint().toLowerCase(java.util.Locale.ROOT).replace(":", "");
            try (ClientRun client = ClientRun.script("/quit\n", "127.0.0.1", "--port", port, "--nick", "pinned",
                    "--tls", "--tls-fingerprint", pin)) {
                client.awaitOutput("Welcome");
                assertThat(client.awaitExit()).isZero();
            }
            String other = TlsMaterial.selfSigned("irc.local").sha256Fingerprint();
            try (ClientRun client = ClientRun.start("127.0.0.1", "--port", port, "--nick", "pinned2",
                    "--tls", "--tls-fingerprint", other)) {
                assertThat(client.awaitExit()).isEqualTo(1);
                assertThat(client.err().strip()).isEqualTo("client: TLS with 127.0.0.1:" + port + ": certificate fingerprint mismatch: expected "
                        + other + ", got " + material.sha256Fingerprint());
            }
        }
    }

    @Test
    void plainClientAtTheTlsPortIsToldToUseTls() throws Exception {
        ChatTls tls = new ChatTls(Endpoint.loopback(0), TlsMaterial.selfSigned("irc.local").serverContext());
        try (ChatServer chat = new ChatServer(ChatConfig.builder().build(), Endpoint.loopback(0), tls,
                Limits.defaults().withGrace(Duration.ofSeconds(1)), null)) {
            chat.start();
            String port = String.valueOf(chat.tlsEndpoint().port());
            try (ClientRun client = ClientRun.start("127.0.0.1", "--port", port, "--nick", "plain")) {
                assertThat(client.awaitExit()).isEqualTo(1);
                assertThat(client.err().strip())
                        .isEqualTo("client: 127.0.0.1:" + port + " does not speak IRC (it looks like a TLS port: try --tls)");
                assertThat(client.output()).noneMatch(l -> l.chars().anyMatch(c -> c < ' '));
            }
        }
    }
}
