package dev.sockets.chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** --tls against a scripted server with a self-signed certificate (made with the JDK's keytool). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ChatClientTlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static SSLContext serverContext;

    @BeforeAll
    static void selfSignedCertificate(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "irc", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
        assertThat(keytool.waitFor(20, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(keytool.exitValue()).as(Files.readString(dir.resolve("keytool.log"))).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);
    }

    private static FakeIrcServer tlsServer() throws Exception {
        SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress());
        return new FakeIrcServer(listener);
    }

    @Test
    void insecureAcceptsASelfSignedCertificate() throws Exception {
        try (FakeIrcServer server = tlsServer();
             ClientRun client = ClientRun.script("/msg bob over tls\n/quit\n", "127.0.0.1", "--port",
                     String.valueOf(server.port()), "--nick", "sec", "--tls", "--insecure")) {
            FakeIrcServer.Peer peer = server.accept();
            peer.welcome(peer.readRegistration());
            assertThat(peer.readLine()).isEqualTo("PRIVMSG bob :over tls");
            assertThat(peer.readLine()).isEqualTo("QUIT");
            peer.close();
            assertThat(client.awaitExit()).isZero();
            assertThat(client.output()).anyMatch(l -> l.endsWith("with TLS"));
        }
    }

    @Test
    void untrustedCertificateIsExit1WithAHint() throws Exception {
        try (FakeIrcServer server = tlsServer();
             ClientRun client = ClientRun.start("127.0.0.1", "--port", String.valueOf(server.port()), "--nick", "sec", "--tls")) {
            try (FakeIrcServer.Peer peer = server.accept()) {
                // the server side handshakes on its first read; the client refuses the certificate
                assertThatThrownBy(peer::readLine).isInstanceOf(javax.net.ssl.SSLException.class);
                assertThat(client.awaitExit()).isEqualTo(1);
                assertThat(client.err()).contains("TLS handshake with 127.0.0.1:" + server.port() + " failed")
                        .contains("not trusted").contains("--insecure");
            }
        }
    }
}
