package dev.sockets.chat.server;

import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.session.ChatTls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Limits;
import dev.sockets.common.tls.TlsMaterial;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Plain and TLS listeners in one chat server: TLS 1.2+ only, same session, timeouts, openssl interop. */
@Timeout(30)
class ChatTlsTest {

    private static SSLContext context;

    @BeforeAll
    static void identity() throws IOException {
        context = TlsMaterial.selfSigned("irc.local").serverContext();
    }

    private static ChatServer start(ChatConfig config) throws IOException {
        ChatServer chat = new ChatServer(config, Endpoint.loopback(0), new ChatTls(Endpoint.loopback(0), context),
                Limits.defaults().withGrace(Duration.ofSeconds(2)), null);
        chat.start();
        assertThat(chat.tlsEndpoint()).isNotNull().isNotEqualTo(chat.server().tcpEndpoint());
        return chat;
    }

    @Test
    void tlsAndPlainClientsChatInOneChannel() throws Exception {
        try (ChatServer chat = start(ChatConfig.builder().build());
             TlsLineClient secure = TlsLineClient.connect(chat.tlsEndpoint()).register("secure");
             TestIrc plain = TestIrc.user(chat, "plain")) {
            assertThat(secure.protocol()).isIn("TLSv1.3", "TLSv1.2");
            secure.send("JOIN #mixed").readUntil(" 366 ");
            plain.ask("JOIN #mixed");
            assertThat(secure.readUntil(" JOIN ")).isEqualTo(":plain!plain@127.0.0.1 JOIN #mixed");
            secure.send("PRIVMSG #mixed :hello from tls");
            assertThat(plain.readUntil("PRIVMSG")).isEqualTo(":secure!secure@127.0.0.1 PRIVMSG #mixed :hello from tls");
            plain.send("PRIVMSG #mixed :hello from plain");
            assertThat(secure.readUntil("PRIVMSG")).isEqualTo(":plain!plain@127.0.0.1 PRIVMSG #mixed :hello from plain");
            secure.send("PING :tok");
            assertThat(secure.readLine()).isEqualTo(":irc.local PONG irc.local :tok");
            secure.send("QUIT :done");
            assertThat(secure.readToEnd()).containsExactly("ERROR :Closing link: 127.0.0.1 (Quit: done)");
            assertThat(plain.readUntil(" QUIT ")).isEqualTo(":secure!secure@127.0.0.1 QUIT :Quit: done");
            await().atMost(Duration.ofSeconds(5)).until(() -> chat.registry().clientCount() == 1);
            assertThat(chat.unregisteredCount()).isZero();
        }
    }

    /** TLS 1.2 answers the end of input with its own close_notify: the last ERROR line must still arrive. */
    @Test
    void tls12ClientsGetTheirLastLineOnTimeoutAndShutdown() throws Exception {
        ChatConfig config = ChatConfig.builder().registerTimeout(Duration.ofMillis(400)).build();
        ChatServer chat = start(config);
        try (TlsLineClient late = TlsLineClient.connect(chat.tlsEndpoint(), "TLSv1.2");
             TlsLineClient user = TlsLineClient.connect(chat.tlsEndpoint(), "TLSv1.2")) {
            assertThat(late.protocol()).isEqualTo("TLSv1.2");
            user.register("twelve");
            late.send("NICK late");
            assertThat(late.readToEnd()).containsExactly("ERROR :Closing link: 127.0.0.1 (Registration timed out)");
            assertThat(chat.server().stop(Duration.ofSeconds(5))).isTrue();
            assertThat(user.readToEnd()).containsExactly(":irc.local NOTICE twelve :*** Server shutting down",
                    "ERROR :Server shutting down");
        } finally {
            chat.close();
        }
    }

    @Test
    void tls11IsRefusedAndTheServerKeepsServing() throws Exception {
        try (ChatServer chat = start(ChatConfig.builder().build())) {
            // The JDK will not even offer TLS 1.1 any more, so this is a hand-made TLS 1.1 ClientHello.
            try (Socket raw = new Socket(chat.tlsEndpoint().address(), chat.tlsEndpoint().port())) {
                raw.setSoTimeout(5000);
                raw.getOutputStream().write(clientHello(0x0302));
                byte[] reply = raw.getInputStream().readNBytes(7);
                assertThat(reply).as("a TLS alert record").hasSize(7);
                assertThat(reply[0]).as("content type alert").isEqualTo((byte) 21);
                assertThat(reply[5]).as("level fatal").isEqualTo((byte) 2);
                assertThat(reply[6]).as("protocol_version").isEqualTo((byte) 70);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> chat.stats().counter("tls_handshake_failures").sum() == 1);
            try (TlsLineClient ok = TlsLineClient.connect(chat.tlsEndpoint(), "TLSv1.2")) {
                ok.register("after");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> chat.unregisteredCount() == 0);
        }
    }

    @Test
    void silentAndPlainTextClientsOnTheTlsPortAreClosed() throws Exception {
        ChatConfig config = ChatConfig.builder().registerTimeout(Duration.ofMillis(300)).build();
        try (ChatServer chat = start(config)) {
            try (Socket silent = new Socket(chat.tlsEndpoint().address(), chat.tlsEndpoint().port());
                 Socket plainText = new Socket(chat.tlsEndpoint().address(), chat.tlsEndpoint().port())) {
                silent.setSoTimeout(5000);
                plainText.setSoTimeout(5000);
                silent.getOutputStream().write(0x16); // the first byte of a handshake record, then nothing
                plainText.getOutputStream().write("NICK plain\r\nUSER p 0 * :P\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(readsToEndOrReset(silent)).isTrue();
                assertThat(readsToEndOrReset(plainText)).isTrue();
            }
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertThat(chat.stats().counter("tls_handshake_failures").sum()).isEqualTo(2);
                assertThat(chat.unregisteredCount()).isZero();
                assertThat(chat.server().openConnections()).isZero();
            });
        }
    }

    /** {@code openssl s_client} (Debian package openssl) registers over TLS and gets 001. */
    @Test
    void opensslClientRegisters() throws Exception {
        try (ChatServer chat = start(ChatConfig.builder().build())) {
            Process openssl;
            try {
                openssl = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + chat.tlsEndpoint().port(),
                        "-quiet").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                throw new AssertionError("openssl is needed for this test: install the Debian package 'openssl' ("
                        + e.getMessage() + ")", e);
            }
            try {
                BlockingQueue<String> lines = new LinkedBlockingQueue<>();
                Thread.ofVirtual().start(() -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(openssl.getInputStream(),
                            StandardCharsets.ISO_8859_1))) {
                        String l;
                        while ((l = r.readLine()) != null) {
                            lines.add(l);
                        }
                    } catch (IOException e) {
                        lines.add("read failed: " + e);
                    }
                });
                OutputStream in = openssl.getOutputStream();
                in.write("NICK ossl\nUSER ossl 0 * :OpenSSL\n".getBytes(StandardCharsets.US_ASCII));
                in.flush();
                String first = lines.poll(10, TimeUnit.SECONDS);
                assertThat(first).as("first line from the server via openssl").isNotNull()
                        .startsWith(":irc.local 001 ossl :Welcome");
            } finally {
                openssl.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static boolean readsToEndOrReset(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) >= 0) {
                got.write(b);
            }
        } catch (SocketException e) {
            // reset: closed too
        }
        // whatever came was TLS (an alert), never an IRC line in plain text
        return !got.toString(StandardCharsets.ISO_8859_1).contains("irc.local");
    }

    /** A minimal ClientHello record offering only {@code version} (no supported_versions extension). */
    private static byte[] clientHello(int version) {
        ByteBuffer body = ByteBuffer.allocate(200);
        body.putShort((short) version);
        for (int i = 0; i < 32; i++) {
            body.put((byte) i);
        }
        body.put((byte) 0); // no session id
        short[] suites = {(short) 0xc009, (short) 0xc013, 0x002f, 0x0035, 0x00ff};
        body.putShort((short) (suites.length * 2));
        for (short s : suites) {
            body.putShort(s);
        }
        body.put((byte) 1).put((byte) 0); // null compression
        byte[] extensions = {0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17, // supported_groups: secp256r1
                0x00, 0x0b, 0x00, 0x02, 0x01, 0x00};                            // ec_point_formats: uncompressed
        body.putShort((short) extensions.length).put(extensions);
        body.flip();
        ByteBuffer record = ByteBuffer.allocate(5 + 4 + body.remaining());
        record.put((byte) 22).putShort((short) 0x0301).putShort((short) (4 + body.remaining()));
        record.put((byte) 1).put((byte) 0).putShort((short) body.remaining()).put(body);
        return record.array();
    }

}
