package dev.sockets.chat.server;

import dev.sockets.common.net.Endpoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket IRC client on the JDK's {@link WebSocket}: each message received is one line, kept with
 * whether it came as text or binary; {@link #readLine} waits at most 5 s.
 */
final class WsClient implements AutoCloseable {

    record Message(String text, boolean binary) {}

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final WebSocket ws;
    final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    private final StringBuilder text = new StringBuilder();
    private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

    private WsClient(WebSocket.Builder builder, URI uri, boolean reading, String... subprotocols) throws IOException {
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket w) {
                if (reading) {
                    w.request(1);
                }
            }

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    messages.add(new Message(text.toString(), false));
                    text.setLength(0);
                }
                w.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
                byte[] b = new byte[data.remaining()];
                data.get(b);
                binary.writeBytes(b);
                if (last) {
                    messages.add(new Message(binary.toString(StandardCharsets.UTF_8), true));
                    binary.reset();
                }
                w.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onPong(WebSocket w, ByteBuffer message) {
                pongs.add(message);
                w.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket w, int statusCode, String reason) {
                closed.complete(statusCode + " " + reason);
                return null;
            }

            @Override
            public void onError(WebSocket w, Throwable error) {
                closed.complete("error " + error);
            }
        };
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        try {
            this.ws = builder.connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, listener).get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause());
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    static URI uri(Endpoint web) {
        return URI.create("ws://" + web.hostString() + ":" + web.port() + "/");
    }

    static WsClient connect(Endpoint web, String... subprotocols) throws IOException {
        return new WsClient(HTTP.newWebSocketBuilder(), uri(web), true, subprotocols);
    }

    static WsClient withHeader(Endpoint web, String name, String value, String... subprotocols) throws IOException {
        return new WsClient(HTTP.newWebSocketBuilder().header(name, value), uri(web), true, subprotocols);
    }

    /** A client that reads nothing after the handshake (the server's writes pile up). */
    static WsClient neverReading(Endpoint web) throws IOException {
        return new WsClient(HTTP.newWebSocketBuilder(), uri(web), false);
    }

    WsClient send(String line) {
        ws.sendText(line, true).join();
        return this;
    }

    WsClient register(String nick) throws IOException {
        send("NICK " + nick).send("USER " + nick + " 0 * :web " + nick);
        readUntil(l -> l.contains(" 376 ") || l.contains(" 422 "));
        return this;
    }

    Message read() throws IOException {
        try {
            Message m = messages.poll(5, TimeUnit.SECONDS);
            if (m == null) {
                throw new IOException("no message within 5 s" + (closed.isDone() ? "; closed: " + closed.getNow("") : ""));
            }
            return m;
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    String readLine() throws IOException {
        return read().text();
    }

    String readUntil(java.util.function.Predicate<String> p) throws IOException {
        List<String> seen = new ArrayList<>();
        while (true) {
            String l;
            try {
                l = readLine();
            } catch (IOException e) {
                throw new IOException(e.getMessage() + "; seen " + seen);
            }
            if (p.test(l)) {
                return l;
            }
            seen.add(l);
        }
    }

    String readUntil(String contains) throws IOException {
        return readUntil(l -> l.contains(contains));
    }

    @Override
    public void close() {
        ws.abort();
    }
}
