package dev.sockets.chat.client;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.tcp.Connection;
import dev.sockets.common.tcp.TcpClient;
import dev.sockets.common.tls.TlsMaterial;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The client's connection to the server: a TCP {@link Connection} from {@link TcpClient#connect}, with
 * TLS layered on top when asked (system trust store and host name check; or {@code insecure}: any
 * certificate, for a self-signed LAN server; or a pinned SHA-256 fingerprint: exactly that certificate),
 * line by line: {@link #send} from any thread, {@link #readLine} on the reader's. The owner closes it;
 * {@link #close()} may be called from any thread and unblocks a blocked reader.
 */
final class ServerLink implements Closeable {

    private static final int MAX_RECEIVED_LINE = 16 * 1024; // IRCv3 tags may exceed 512 bytes

    private final Connection connection;
    private final Socket tls; // null for plain TCP
    private final InputStream input;
    private final OutputStream output;
    private final ReentrantLock sendLock = new ReentrantLock();

    private ServerLink(Connection connection, Socket tls) throws IOException {
        this.connection = connection;
        this.tls = tls;
        this.input = tls == null ? connection.input() : tls.getInputStream();
        this.output = tls == null ? connection.output() : tls.getOutputStream();
    }

    /**
     * Connects to {@code server}; {@code host} is the name the user gave (for TLS server name indication
     * and the certificate check).
     *
     * @throws IOException with a one-line message when connecting or the TLS handshake fails
     */
    static ServerLink connect(String host, Endpoint server, boolean useTls, boolean insecure, String pinnedFingerprint,
                              Duration timeout) throws IOException {
        Connection connection = TcpClient.connect(server, timeout);
        if (!useTls) {
            return new ServerLink(connection, null);
        }
        Pin pin = pinnedFingerprint == null ? null : new Pin(pinnedFingerprint);
        try {
            SSLContext context = pin != null ? pin.context()
                    : insecure ? TlsMaterial.trustingClientContext() : SSLContext.getDefault();
            SSLSocket socket = (SSLSocket) context.getSocketFactory()
                    .createSocket(connection.channel().socket(), host, server.port(), true);
            SSLParameters params = socket.getSSLParameters();
            // a pinned certificate is the identity: the name in it does not matter
            if (!insecure && pin == null) {
                params.setEndpointIdentificationAlgorithm("HTTPS"); // host name must match the certificate
            }
            if (!Character.isDigit(host.charAt(0)) && !host.contains(":")) {
                params.setServerNames(List.of(new SNIHostName(host)));
            }
            socket.setSSLParameters(params);
            socket.setSoTimeout((int) timeout.toMillis());
            socket.startHandshake();
            socket.setSoTimeout(0);
            return new ServerLink(connection, socket);
        } catch (SSLException e) {
            connection.close();
            if (pin != null && pin.mismatch != null) {
                throw new IOException("TLS with " + server + ": " + pin.mismatch, e);
            }
            String why = String.valueOf(e.getMessage()).contains("PKIX")
                    ? "the server's certificate is not trusted by the system trust store"
                    : e.getMessage();
            throw new IOException("TLS handshake with " + server + " failed: " + why
                    + (insecure || pin != null ? "" : " (for a self-signed certificate use --insecure or --tls-fingerprint)"), e);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            connection.close();
            throw new IOException("TLS with " + server + " failed: " + e.getMessage(), e);
        }
    }

    /** Trusts exactly the leaf certificate with this SHA-256 fingerprint; remembers why it refused one. */
    private static final class Pin implements X509TrustManager {
        private final String expected;
        private volatile String mismatch;

        Pin(String expected) {
            this.expected = expected;
        }

        SSLContext context() throws GeneralSecurityException {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {this}, null);
            return ctx;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the server sent no certificate");
            }
            String got = fingerprint(chain[0]);
            if (!got.equals(expected)) {
                mismatch = "certificate fingerprint mismatch: expected " + expected + ", got " + got;
                throw new CertificateException(mismatch);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client does not check clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }

        /** The same format the chat server logs: AB:CD:... */
        private static String fingerprint(X509Certificate certificate) throws CertificateException {
            try {
                byte[] d = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
                return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
            } catch (NoSuchAlgorithmException e) {
                throw new CertificateException("no SHA-256 in this JDK", e);
            }
        }
    }

    InputStream input() {
        return input;
    }

    /** Sends {@code line} and CRLF, whole (sends from several threads never mix); a failure closes the link, so the reader ends too. */
    void send(String line) throws IOException {
        byte[] bytes = (line + "\r\n").getBytes(StandardCharsets.UTF_8);
        sendLock.lock();
        try {
            output.write(bytes);
            output.flush();
        } catch (IOException e) {
            close();
            throw e;
        } finally {
            sendLock.unlock();
        }
    }

    /**
     * One received line: up to LF, CR stripped; UTF-8 when it decodes, else Latin-1 (IRC has no encoding
     * rule and old clients send Latin-1). Overlong lines are cut. Null at end of stream.
     */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(512);
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (line.size() < MAX_RECEIVED_LINE) {
                line.write(b);
            }
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        byte[] bytes = line.toByteArray();
        int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, len)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
        }
    }

    Endpoint remote() {
        return connection.remote();
    }

    /** Idempotent. */
    @Override
    public void close() {
        if (tls != null) {
            try {
                tls.close();
            } catch (IOException e) {
                // the TCP connection below is closed next anyway
            }
        }
        connection.close();
    }
}
