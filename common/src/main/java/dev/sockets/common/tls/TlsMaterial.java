package dev.sockets.common.tls;

import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import javax.net.ssl.TrustManager;
import javax.net.ssl.SSLParameters;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A server's TLS identity: a certificate chain and its private key, loaded from PEM files or generated
 * self-signed at start, turned into an {@link SSLContext} that allows TLS 1.2 and 1.3 only.
 *
 * <p>Bouncy Castle is used for what the JDK has no public API for: reading PKCS#1/SEC1 keys ("BEGIN RSA
 * PRIVATE KEY", "BEGIN EC PRIVATE KEY") besides PKCS#8, and building an X.509 certificate. It is not
 * installed as a JCE provider: the JDK's providers do all the cryptography.
 */
public final class TlsMaterial {

    /** Protocols offered; anything older is refused in the handshake. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final X509Certificate[] chain;
    private final PrivateKey key;

    private TlsMaterial(X509Certificate[] chain, PrivateKey key) {
        this.chain = chain;
        this.key = key;
    }

    /**
     * Loads a PEM certificate chain (leaf first) and a PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC).
     *
     * @throws IOException with a one-line message naming the file and the problem
     */
    public static TlsMaterial fromPem(Path certificateFile, Path keyFile) throws IOException {
        X509Certificate[] chain;
        try (var in = Files.newInputStream(certificateFile)) {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(c -> (X509Certificate) c).toArray(X509Certificate[]::new);
        } catch (NoSuchFileException e) {
            throw new IOException("certificate file " + certificateFile + " does not exist");
        } catch (GeneralSecurityException e) {
            throw new IOException("certificate file " + certificateFile + " is not a PEM certificate: " + e.getMessage());
        }
        if (chain.length == 0) {
            throw new IOException("certificate file " + certificateFile + " holds no certificate");
        }
        PrivateKey key = readKey(keyFile);
        checkKeyMatches(key, chain[0], certificateFile, keyFile);
        return new TlsMaterial(chain, key);
    }

    /**
     * A key that does not belong to the certificate would only show up as failing handshakes: sign a probe
     * with the key and verify it with the certificate's public key now, so startup fails instead.
     */
    private static void checkKeyMatches(PrivateKey key, X509Certificate cert, Path certificateFile, Path keyFile)
            throws IOException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null; // e.g. RSASSA-PSS: parameters needed; the handshake will tell
        };
        if (algorithm == null) {
            return;
        }
        try {
            byte[] probe = "sockets key check".getBytes(StandardCharsets.US_ASCII);
            java.security.Signature signer = java.security.Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            java.security.Signature verifier = java.security.Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another type than the certificate's lands here too
        }
        throw new IOException("key file " + keyFile + " does not belong to the certificate in " + certificateFile);
    }

    private static PrivateKey readKey(Path keyFile) throws IOException {
        Object parsed;
        try (Reader r = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(r)) {
            parsed = pem.readObject();
        } catch (NoSuchFileException e) {
            throw new IOException("key file " + keyFile + " does not exist");
        } catch (IOException | RuntimeException e) {
            throw new IOException("key file " + keyFile + " is not a PEM private key: " + e.getMessage());
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        if (parsed instanceof PEMKeyPair pair) {
            return converter.getKeyPair(pair).getPrivate();
        }
        if (parsed instanceof PrivateKeyInfo info) {
            return converter.getPrivateKey(info);
        }
        throw new IOException("key file " + keyFile + " holds no unencrypted private key"
                + (parsed == null ? "" : " (found " + parsed.getClass().getSimpleName() + "; encrypted keys are not supported)"));
    }

    /** A new EC P-256 key and a self-signed certificate for {@code hostName}, valid for a year. */
    public static TlsMaterial selfSigned(String hostName) throws IOException {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = gen.generateKeyPair();
            X500Name subject = new X500Name("CN=" + hostName.replaceAll("[,=+<>#;\"\\\\]", "_"));
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(365))),
                    subject, pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, hostName)));
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new TlsMaterial(new X509Certificate[] {cert}, pair.getPrivate());
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IOException("cannot generate a self-signed certificate: " + e.getMessage(), e);
        }
    }

    /**
     * A server-side context with this identity; connections must also use {@link #serverParameters}. A
     * client certificate, when a connection asks for one ({@code setWantClientAuth}), is accepted whoever
     * issued it: it proves only that the client holds its key, and the server matches its fingerprint to an
     * account itself (chat's SASL EXTERNAL), as IRC servers do.
     */
    public SSLContext serverContext() throws IOException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] pw = "sockets".toCharArray();
            ks.setKeyEntry("server", key, pw, chain);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), new TrustManager[] {new AnyClientCertificate()}, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("the key does not fit the certificate or is unsupported: " + e.getMessage(), e);
        }
    }

    /**
     * A client-side context that presents this identity as its client certificate (what logs in with IRC's
     * SASL EXTERNAL) and accepts any server certificate, as {@link #trustingClientContext()} does.
     */
    public SSLContext clientContextTrustingAnyServer() throws IOException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            char[] pw = "sockets".toCharArray();
            ks.setKeyEntry("client", key, pw, chain);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), new TrustManager[] {new TrustEverything()}, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("the key does not fit the certificate or is unsupported: " + e.getMessage(), e);
        }
    }

    /**
     * A client-side context that accepts any server certificate: what a user chooses with {@code --insecure}
     * for a LAN server with a self-signed certificate (and what tests use against one).
     */
    public static SSLContext trustingClientContext() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new TrustEverything()}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JDK: " + e.getMessage(), e);
        }
    }

    /** Accepts any client certificate (its fingerprint is what counts) and no server certificate. */
    private static final class AnyClientCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("a server context verifies no server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    private static final class TrustEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** TLS 1.2+ only, server cipher preference. */
    public static SSLParameters serverParameters(SSLContext ctx) {
        SSLParameters p = ctx.getDefaultSSLParameters();
        p.setProtocols(PROTOCOLS.toArray(String[]::new));
        p.setUseCipherSuitesOrder(true);
        return p;
    }

    /** SHA-256 fingerprint of the leaf certificate, as {@code AB:CD:...}, for users to pin. */
    public String sha256Fingerprint() {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    public X509Certificate certificate() {
        return chain[0];
    }

    public Certificate[] chain() {
        return chain.clone();
    }

    @Override
    public String toString() {
        return "TlsMaterial[" + chain[0].getSubjectX500Principal().getName().toLowerCase(Locale.ROOT) + "]";
    }
}
