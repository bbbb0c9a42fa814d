package dev.sockets.common.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TlsMaterialTest {

    @TempDir
    Path dir;

    @Test
    void selfSignedCertificateServesTls13AndPrintsAStableFingerprint() throws Exception {
        TlsMaterial tls = TlsMaterial.selfSigned("irc.local");
        assertThat(tls.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=irc.local");
        assertThat(tls.sha256Fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}").isEqualTo(tls.sha256Fingerprint());
        assertThat(handshake(tls, "TLSv1.3")).isEqualTo("TLSv1.3");
        assertThat(handshake(tls, "TLSv1.2")).isEqualTo("TLSv1.2");
    }

    @Test
    void tls11IsRefused() throws Exception {
        TlsMaterial tls = TlsMaterial.selfSigned("irc.local");
        assertThatThrownBy(() -> handshake(tls, "TLSv1.1")).isInstanceOf(IOException.class);
    }

    @Test
    void loadsPkcs8AndPkcs1KeysFromPem() throws Exception {
        TlsMaterial generated = TlsMaterial.selfSigned("lan.example");
        Path cert = dir.resolve("cert.pem");
        Files.writeString(cert, pem("CERTIFICATE", generated.certificate().getEncoded()));
        Path pkcs8 = dir.resolve("key8.pem");
        Files.writeString(pkcs8, pem("PRIVATE KEY", privateKeyOf(generated)));
        TlsMaterial loaded = TlsMaterial.fromPem(cert, pkcs8);
        assertThat(loaded.sha256Fingerprint()).isEqualTo(generated.sha256Fingerprint());
        assertThat(handshake(loaded, "TLSv1.3")).isEqualTo("TLSv1.3");

        // An RSA key in the traditional "BEGIN RSA PRIVATE KEY" form loads too, with its certificate.
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair pair = rsa.generateKeyPair();
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(pair.getPrivate());
        }
        assertThat(w.toString()).contains("BEGIN RSA PRIVATE KEY");
        Path pkcs1 = dir.resolve("key1.pem");
        Files.writeString(pkcs1, w.toString());
        Path rsaCert = dir.resolve("rsa-cert.pem");
        Files.writeString(rsaCert, pem("CERTIFICATE", selfSignedRsa(pair).getEncoded()));
        assertThat(handshake(TlsMaterial.fromPem(rsaCert, pkcs1), "TLSv1.2")).isEqualTo("TLSv1.2");

        // A key that does not belong to the certificate is refused at load time, in one line.
        assertThatThrownBy(() -> TlsMaterial.fromPem(cert, pkcs1)).isInstanceOf(IOException.class)
                .hasMessage("key file " + pkcs1 + " does not belong to the certificate in " + cert);
    }

    private static X509Certificate selfSignedRsa(KeyPair pair) throws Exception {
        var name = new org.bouncycastle.asn1.x500.X500Name("CN=rsa.example");
        long now = System.currentTimeMillis();
        var builder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name, java.math.BigInteger.TWO,
                new java.util.Date(now - 60_000), new java.util.Date(now + 86_400_000L), name, pair.getPublic());
        var signer = new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate());
        return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    @Test
    void missingOrBadFilesAreOneLineErrors() throws Exception {
        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, "not a pem file\n");
        assertThatThrownBy(() -> TlsMaterial.fromPem(dir.resolve("nope.pem"), garbage))
                .hasMessage("certificate file " + dir.resolve("nope.pem") + " does not exist");
        assertThatThrownBy(() -> TlsMaterial.fromPem(garbage, garbage))
                .hasMessageStartingWith("certificate file " + garbage);
        TlsMaterial generated = TlsMaterial.selfSigned("x");
        Path cert = dir.resolve("cert.pem");
        Files.writeString(cert, pem("CERTIFICATE", generated.certificate().getEncoded()));
        assertThatThrownBy(() -> TlsMaterial.fromPem(cert, garbage)).hasMessageStartingWith("key file " + garbage);
    }

    private static byte[] privateKeyOf(TlsMaterial m) throws Exception {
        var f = TlsMaterial.class.getDeclaredField("key");
        f.setAccessible(true);
        return ((java.security.PrivateKey) f.get(m)).getEncoded();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** Handshakes a trust-all client offering only {@code protocol}; returns the protocol agreed. */
    private static String handshake(TlsMaterial tls, String protocol) throws Exception {
        SSLContext server = tls.serverContext();
        try (SSLServerSocket ss = (SSLServerSocket) server.getServerSocketFactory().createServerSocket()) {
            ss.setSSLParameters(TlsMaterial.serverParameters(server));
            ss.bind(new InetSocketAddress("127.0.0.1", 0));
            CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.setSoTimeout(5000);
                    s.startHandshake();
                    s.getOutputStream().write('k');
                    s.getOutputStream().flush();
                } catch (IOException e) {
                    // the client sees the failure too
                }
            });
            SSLContext client = TlsMaterial.trustingClientContext();
            String agreed;
            try (SSLSocket c = (SSLSocket) client.getSocketFactory().createSocket()) {
                c.connect(ss.getLocalSocketAddress(), 5000);
                c.setSoTimeout(5000);
                c.setEnabledProtocols(new String[] {protocol});
                c.startHandshake();
                assertThat(c.getInputStream().read()).isEqualTo('k');
                agreed = c.getSession().getProtocol();
            } catch (SSLHandshakeException e) {
                throw new IOException(e);
            }
            // Closed first: a TLS 1.2 server's close waits for the client's close_notify.
            accepted.get(10, TimeUnit.SECONDS);
            return agreed;
        }
    }
}
