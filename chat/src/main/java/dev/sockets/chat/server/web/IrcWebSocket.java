package dev.sockets.chat.server.web;

import dev.sockets.common.net.Endpoint;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.socket.PeerInfo;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One WebSocket connection (Helidon makes one listener per connection): picks the subprotocol at the
 * upgrade, and once open starts the chat session on a virtual thread of its own, feeding it what the
 * client sends. Helidon calls every method on the connection's own thread.
 */
final class IrcWebSocket implements WsListener {

    private static final HeaderName PROTOCOL = HeaderNames.create("Sec-WebSocket-Protocol");
    private static final HeaderName FORWARDED_FOR = HeaderNames.create("X-Forwarded-For");

    private final TrustedProxies proxies;
    private final Consumer<WebTransport> sessions;
    private String subprotocol;
    private String forwardedFor;
    private WebTransport transport;

    IrcWebSocket(TrustedProxies proxies, Consumer<WebTransport> sessions) {
        this.proxies = proxies;
        this.sessions = sessions;
    }

    /** The first of the client's subprotocols that we speak; none asked (or none we speak) means text. */
    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
        forwardedFor = headers.contains(FORWARDED_FOR) ? String.join(",", headers.get(FORWARDED_FOR).allValues()) : null;
        if (!headers.contains(PROTOCOL)) {
            return Optional.empty();
        }
        for (String offered : headers.get(PROTOCOL).allValues(true)) {
            String p = offered.strip();
            if (p.equals(WebTransport.TEXT) || p.equals(WebTransport.BINARY)) {
                subprotocol = p;
                WritableHeaders<?> reply = WritableHeaders.create();
                reply.set(PROTOCOL, p);
                return Optional.of(reply);
            }
        }
        return Optional.empty();
    }

    @Override
    public void onOpen(WsSession session) {
        PeerInfo peer = session.socketContext().remotePeer();
        InetAddress peerAddress = peer.address() instanceof InetSocketAddress a ? a.getAddress()
                : InetAddress.getLoopbackAddress();
        InetAddress client = proxies.client(peerAddress, forwardedFor);
        int port = client.equals(peerAddress) ? peer.port() : 0;
        transport = new WebTransport(session, WebTransport.BINARY.equals(subprotocol), new Endpoint(client, port));
        WebTransport t = transport;
        Thread.ofVirtual().name("chat-web-" + t.remote()).start(() -> sessions.accept(t));
        // Helidon tells a listener nothing when the socket fails or a frame is refused (too long, malformed):
        // its connection thread, this one, just ends. Its end is the end of the client's input.
        Thread socketThread = Thread.currentThread();
        Thread.ofVirtual().name("chat-web-end-" + t.remote()).start(() -> {
            try {
                socketThread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            t.closedByPeer();
        });
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        deliver(text.getBytes(StandardCharsets.UTF_8), last);
    }

    @Override
    public void onMessage(WsSession session, BufferData buffer, boolean last) {
        deliver(buffer.readBytes(), last);
    }

    private void deliver(byte[] bytes, boolean last) {
        try {
            transport.received(bytes, last);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void onPing(WsSession session, BufferData buffer) {
        session.pong(buffer);
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        if (transport != null) {
            transport.closedByPeer();
        }
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        if (transport != null) {
            transport.closedByPeer();
        }
    }
}
