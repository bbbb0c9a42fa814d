package dev.sockets.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Picks a port that is free for both TCP and UDP on 127.0.0.1 right now. Another process can take it
 * before ours binds it (a server in another process cannot be handed a bound port 0), so whoever uses
 * it must retry on "address already in use". Stateless.
 */
public final class FreePorts {

    private FreePorts() {
    }

    public static int tcpAndUdp() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket tcp = new ServerSocket()) {
                tcp.setReuseAddress(false);
                tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                int port = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                    return port;
                } catch (IOException taken) {
                    // UDP side busy: try another
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot bind a loopback port", e);
            }
        }
        throw new AssertionError("no port free for both TCP and UDP on 127.0.0.1 after 50 attempts");
    }
}
