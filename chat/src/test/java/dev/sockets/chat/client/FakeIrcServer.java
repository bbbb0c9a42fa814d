package dev.sockets.chat.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A scripted IRC server for tests of behaviour a real server cannot be made to show on demand (a
 * welcome delayed behind a PING, a JOIN answered late, a connection dropped): the test accepts the
 * client's connection and plays the server's side line by line. Loopback, port 0, bounded reads.
 */
final class FakeIrcServer implements AutoCloseable {

    private final ServerSocket listener;

    FakeIrcServer() throws IOException {
        this(new ServerSocket(0, 5, InetAddress.getLoopbackAddress()));
    }

    /** Serves on {@code listener} (bound already; an SSLServerSocket for TLS tests). */
    FakeIrcServer(ServerSocket listener) throws IOException {
        this.listener = listener;
        listener.setSoTimeout((int) ClientRun.WAIT.toMillis());
    }

    int port() {
        return listener.getLocalPort();
    }

    Peer accept() throws IOException {
        return new Peer(listener.accept());
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }

    /** The accepted client connection, seen from the server. */
    static final class Peer implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout((int) ClientRun.WAIT.toMillis());
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            this.out = socket.getOutputStream();
        }

        /** The next line from the client; fails after the timeout; null when the client closed. */
        String readLine() throws IOException {
            try {
                return in.readLine();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("client sent nothing within " + ClientRun.WAIT);
            }
        }

        Peer send(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return this;
        }

        /** Reads NICK and USER (in either order); returns the nick. */
        String readRegistration() throws IOException {
            String nick = null;
            boolean user = false;
            while (nick == null || !user) {
                String line = readLine();
                if (line == null) {
                    throw new AssertionError("client closed during registration");
                }
                if (line.startsWith("NICK ")) {
                    nick = line.substring(5);
                } else if (line.startsWith("USER ")) {
                    user = true;
                }
            }
            return nick;
        }

        /** Sends the welcome that completes registration. */
        Peer welcome(String nick) throws IOException {
            return send(":fake.local 001 " + nick + " :Welcome to the fake network " + nick);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
