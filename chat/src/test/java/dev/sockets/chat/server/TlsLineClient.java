package dev.sockets.chat.server;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.tls.TlsMaterial;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;

/**
 * A line-oriented TLS test client that trusts any certificate (the servers under test are self-signed).
 * Every read waits at most 5 s (then a {@link java.net.SocketTimeoutException}). One test thread per
 * client; closing it closes the socket.
 */
final class TlsLineClient implements AutoCloseable {

    final SSLSocket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private final List<String> seen = new ArrayList<>();

    private TlsLineClient(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        this.out = socket.getOutputStream();
    }

    /** Connects and completes the handshake, offering only {@code protocols} when given. */
    static TlsLineClient connect(Endpoint endpoint, String... protocols) throws IOException {
        return connect(endpoint, TlsMaterial.trustingClientContext(), protocols);
    }

    /** Connects with {@code context} (one with a client certificate, say) and completes the handshake. */
    static TlsLineClient connect(Endpoint endpoint, javax.net.ssl.SSLContext context, String... protocols)
            throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket();
        try {
            s.connect(new InetSocketAddress(endpoint.address(), endpoint.port()), 5000);
            s.setSoTimeout(5000);
            if (protocols.length > 0) {
                s.setEnabledProtocols(protocols);
            }
            s.startHandshake();
            return new TlsLineClient(s);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    TlsLineClient send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    /** NICK + USER, then reads through the end of the MOTD. */
    TlsLineClient register(String nick) throws IOException {
        send("NICK " + nick).send("USER " + nick + " 0 * :TLS " + nick);
        readUntil(" 376 ", " 422 ");
        return this;
    }

    /** The next line, or null at end of stream. */
    String readLine() throws IOException {
        String l = in.readLine();
        if (l != null) {
            seen.add(l);
        }
        return l;
    }

    /** Reads until a line contains one of {@code texts}; fails on end of stream. */
    String readUntil(String... texts) throws IOException {
        while (true) {
            String l = readLine();
            if (l == null) {
                throw new AssertionError("closed while waiting for " + List.of(texts) + "; seen " + seen);
            }
            for (String t : texts) {
                if (l.contains(t)) {
                    return l;
                }
            }
        }
    }

    /** Reads to the end of the stream (the server closed), returning the lines. */
    List<String> readToEnd() throws IOException {
        List<String> lines = new ArrayList<>();
        String l;
        while ((l = readLine()) != null) {
            lines.add(l);
        }
        return lines;
    }

    String protocol() {
        return socket.getSession().getProtocol();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
