package dev.sockets.chat;

import dev.sockets.chat.server.session.ChatTls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockets.common.cli.Cli;
import dev.sockets.common.cli.UserError;
import dev.sockets.common.net.Endpoint;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The TLS and unregistered-limit flags of {@code chat server}. */
class ChatServerTlsFlagsTest {

    @Test
    void flagMistakesAreUsageErrors() {
        assertThat(Cli.run(new ChatMain(), "server", "--port", "0", "--tls-cert", "/x.pem")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(Cli.run(new ChatMain(), "server", "--port", "0", "--tls-key", "/x.key")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(Cli.run(new ChatMain(), "server", "--port", "0", "--tls-port", "0")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(Cli.run(new ChatMain(), "server", "--port", "0", "--tls-self-signed", "--tls-cert", "/x.pem",
                "--tls-key", "/x.key")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(Cli.run(new ChatMain(), "server", "--port", "0", "--tls-self-signed", "--tls-port", "70000"))
                .isEqualTo(Cli.EXIT_USAGE);
        assertThat(Cli.run(new ChatMain(), "server", "--port", "0", "--max-unregistered", "-1")).isEqualTo(Cli.EXIT_USAGE);
    }

    @Test
    void missingOrWrongFilesAreOneLineFailures(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Path otherKey = dir.resolve("other.pem");
        writePair(cert, key);
        writePair(dir.resolve("other-cert.pem"), otherKey);
        assertThat(Cli.run(new ChatMain(), "server", "--port", "0", "--tls-cert", cert.toString(),
                "--tls-key", dir.resolve("nope.pem").toString())).isEqualTo(Cli.EXIT_FAILURE);
        assertThat(Cli.run(new ChatMain(), "server", "--port", "0", "--tls-cert", key.toString(),
                "--tls-key", key.toString())).isEqualTo(Cli.EXIT_FAILURE);
        assertThatThrownBy(() -> parse("--tls-cert", cert.toString(), "--tls-key", otherKey.toString())
                .tls(Endpoint.loopback(0)))
                .isInstanceOf(UserError.class).hasMessageContaining("does not belong to the certificate");
        ChatTls ok = parse("--tls-cert", cert.toString(), "--tls-key", key.toString()).tls(Endpoint.loopback(6667));
        assertThat(ok.endpoint().port()).isEqualTo(6697);
    }

    @Test
    void selfSignedAndPortAndUnregisteredDefaults() {
        ChatTls tls = parse("--tls-self-signed", "--tls-port", "0").tls(Endpoint.loopback(6667));
        assertThat(tls.endpoint()).isEqualTo(Endpoint.loopback(0));
        assertThat(parse().tls(Endpoint.loopback(6667))).isNull();
        assertThat(parse().config().maxUnregistered()).isEqualTo(2500); // a quarter of the default 10000
        assertThat(parse("--max-clients", "100").config().maxUnregistered()).isEqualTo(25);
        assertThat(parse("--max-connections", "0").config().maxUnregistered()).isEqualTo(2500);
        assertThat(parse("--max-unregistered", "7").config().maxUnregistered()).isEqualTo(7);
    }

    @Test
    void helpListsTheFlags() {
        StringWriter out = new StringWriter();
        CommandLine cl = Cli.commandLine(new ChatServerCommand());
        cl.usage(new java.io.PrintWriter(out));
        assertThat(out.toString()).contains("--tls-port", "--tls-cert", "--tls-key", "--tls-self-signed",
                "--max-unregistered");
    }

    private static ChatServerCommand parse(String... args) {
        ChatServerCommand cmd = new ChatServerCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd;
    }

    private static void writePair(Path certFile, Path keyFile) throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair pair = gen.generateKeyPair();
        X500Name name = new X500Name("CN=irc.test");
        long now = System.currentTimeMillis();
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                name, BigInteger.ONE, new Date(now - 60_000), new Date(now + 86_400_000L), name, pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        try (JcaPEMWriter w = new JcaPEMWriter(Files.newBufferedWriter(certFile))) {
            w.writeObject(cert);
        }
        try (JcaPEMWriter w = new JcaPEMWriter(Files.newBufferedWriter(keyFile))) {
            w.writeObject(pair.getPrivate()); // "BEGIN RSA PRIVATE KEY" (PKCS#1)
        }
    }
}
