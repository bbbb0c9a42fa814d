package dev.sockets.chat.server;

import dev.sockets.chat.server.session.Session;
import dev.sockets.chat.server.session.Transport;
import dev.sockets.chat.server.web.WebConfig;
import dev.sockets.chat.server.web.WebListener;
import dev.sockets.common.net.BindFailure;
import dev.sockets.common.net.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat server's web clients: starts and stops the {@link WebListener} with the server, and runs each
 * WebSocket client through the same limits (clients, unregistered connections, per address) and the same
 * session as a TCP client, so it is an ordinary user.
 */
final class WebClients {

    private static final Logger log = LoggerFactory.getLogger(WebClients.class);

    private final ChatServer chat;
    private final WebListener listener;
    /** Web sessions running; guarded by itself (stop waits on it). */
    private final int[] running = new int[1];

    WebClients(ChatServer chat, WebConfig config) {
        this.chat = chat;
        this.listener = new WebListener(config, this::serve, () -> !chat.server().isStopping());
    }

    WebListener listener() {
        return listener;
    }

    /** Binds (in the server's start, before any client is accepted); a failure fails the start with one line. */
    void start() {
        try {
            Endpoint bound = listener.start();
            log.info("chat: web chat and IRC over WebSocket on {}://{}/", listener.isTls() ? "https" : "http", bound);
        } catch (BindFailure e) {
            throw new UncheckedIOException(e);
        }
    }

    /** At the end of the server's stop: the web clients were told with the others; let them go, then close. */
    void stop(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (running) {
            while (running[0] > 0 && System.nanoTime() < deadline) {
                try {
                    running.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        listener.close();
    }

    /** One WebSocket client, on its own virtual thread, to the end of its session. */
    private void serve(Transport transport) {
        long connectedNanos = System.nanoTime();
        InetAddress ip = transport.remote().address();
        int maxClients = chat.server().limits().maxConnections();
        if (chat.server().isStopping() || (maxClients > 0 && chat.registry().clientCount() >= maxClients)) {
            refuse(transport, "ERROR :Too many connections");
            return;
        }
        if (!chat.admitUnregistered(ip, transport)) {
            refuse(transport, "ERROR :Too many unregistered connections");
            return;
        }
        synchronized (running) {
            running[0]++;
        }
        try {
            chat.runSession(new Session(chat.sessions(), transport, connectedNanos), ip);
        } finally {
            synchronized (running) {
                running[0]--;
                running.notifyAll();
            }
        }
    }

    private static void refuse(Transport transport, String error) {
        try {
            transport.write(ByteBuffer.wrap((error + "\r\n").getBytes(StandardCharsets.US_ASCII)));
            transport.finish(Duration.ofSeconds(1), 64 * 1024);
        } catch (IOException e) {
            // gone already
        }
    }
}
