package dev.sockets.chat.server.session;

import dev.sockets.common.tcp.Connection;
import dev.sockets.common.tls.TlsMaterial;
import java.io.IOException;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The server side of a TLS handshake on an accepted connection: an {@link SSLSocket} in server mode is
 * layered over the connection's own socket, TLS 1.2+ only, the handshake runs on the caller's (the
 * connection's) thread, and from then on the {@link Connection} reads and writes through it, so the
 * chat session and its writer thread work unchanged. Stateless.
 */
public final class TlsHandshake {

    private TlsHandshake() {
    }

    /**
     * Completes the handshake and layers TLS under {@code connection}.
     *
     * @param readTimeout longest wait for one read of the handshake (a peer that stops mid-handshake);
     *        the total time is bounded by whoever aborts the connection
     * @throws IOException when the handshake fails (the peer's fault: wrong protocol, old TLS, plain text,
     *         silence, reset); the caller then returns and the server closes the connection
     */
    public static void serverSide(Connection connection, SSLContext context, Duration readTimeout) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory()
                .createSocket(connection.channel().socket(), null, true);
        socket.setUseClientMode(false);
        javax.net.ssl.SSLParameters parameters = TlsMaterial.serverParameters(context);
        // Asked for, never required: a client with a certificate can log in with SASL EXTERNAL.
        parameters.setWantClientAuth(true);
        socket.setSSLParameters(parameters);
        socket.setSoTimeout((int) Math.clamp(readTimeout.toMillis(), 1, Integer.MAX_VALUE));
        socket.startHandshake();
        socket.setSoTimeout(0);
        connection.layer(socket);
    }

    /**
     * The SHA-256 fingerprint (lower-case hex) of the certificate the TLS client of {@code connection}
     * presented, or null when it presented none (or the connection is plain).
     */
    public static String clientCertificateFingerprint(Connection connection) {
        if (!(connection.layered() instanceof SSLSocket socket)) {
            return null;
        }
        try {
            java.security.cert.Certificate[] chain = socket.getSession().getPeerCertificates();
            if (chain.length == 0) {
                return null;
            }
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded());
            return java.util.HexFormat.of().formatHex(d);
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return null; // no certificate: the usual case
        } catch (java.security.GeneralSecurityException e) {
            return null;
        }
    }
}
