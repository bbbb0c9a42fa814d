package dev.sockets.chat.server;

import dev.sockets.chat.server.session.Session;
import dev.sockets.chat.server.session.Transport;
import dev.sockets.chat.server.web.WebConfig;
import dev.sockets.chat.server.web.WebListener;
import dev.sockets.common.net.BindFailure;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Entry;
import dev.sockets.common.server.Refusal;
import dev.sockets.common.server.Server;
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
 * WebSocket client through the same admission as a TCP client ({@link Server#admit}: clients at once,
 * stopping, connect rate and connections per address, one address's TCP and WebSocket connections counted
 * together, refusals told the same ERROR line and counted under the transport {@code web}), then the
 * unregistered limits and the same session, so it is an ordinary user.
 */
final class WebClients {

    private static final Logger log = LoggerFactory.getLogger(WebClients.class);
    /** The stats' name for WebSocket connections (beside {@code tcp} and {@code tls}). */
    static final String TRANSPORT = "web";
    private static final byte[] TOO_MANY_UNREGISTERED =
            "ERROR :Too many unregistered connections\r\n".getBytes(StandardCharsets.US_ASCII);

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
        Entry entry = chat.server().admit(ip, TRANSPORT);
        if (entry instanceof Entry.Refused refused) {
            refuse(transport, refused.message());
            return;
        }
        Entry.Admitted admitted = (Entry.Admitted) entry;
        synchronized (running) {
            running[0]++;
        }
        try {
            if (!chat.admitUnregistered(ip, transport)) {
                refuse(transport, TOO_MANY_UNREGISTERED);
                return;
            }
            chat.runSession(new Session(chat.sessions(), new CountedTransport(transport, admitted), connectedNanos), ip);
        } finally {
            admitted.leave();
            synchronized (running) {
                running[0]--;
                running.notifyAll();
            }
        }
    }

    private static void refuse(Transport transport, byte[] error) {
        try {
            if (error.length > 0) {
                transport.write(ByteBuffer.wrap(error));
            }
            transport.finish(Refusal.LINGER, Refusal.MAX_DRAIN_BYTES);
        } catch (IOException e) {
            // gone already
        }
    }
}
