package dev.sockets.chat.server.web;

import dev.sockets.chat.server.session.Transport;
import dev.sockets.common.net.BindFailure;
import dev.sockets.common.net.Endpoint;
import io.helidon.common.tls.Tls;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The chat server's web listener ({@code --web-port}), Helidon WebServer 4 on virtual threads: IRC over
 * WebSocket at {@code /} (an HTTP GET with {@code Upgrade: websocket}), the chat page at {@code /} (a
 * plain GET) with its script and style, and {@code /healthz} for load balancers. Every WebSocket client
 * becomes a {@link Transport} handed to the server's session path, so it is an ordinary user.
 */
public final class WebListener implements AutoCloseable {

    /** Longest WebSocket frame taken: an IRC line with the longest tag section fits with room to spare. */
    static final int MAX_FRAME = 16 * 1024;

    /** Helidon logs through java.util.logging; its INFO lines (features, start) are noise in our log. */
    private static final Logger HELIDON_LOG = Logger.getLogger("io.helidon");
    /** Logs a port it cannot bind with a stack trace; {@link #start} says it in one line instead. */
    private static final Logger HELIDON_SERVER_LOG = Logger.getLogger("io.helidon.webserver.LoomServer");

    /** The page's scripts, in the order it loads them. */
    public static final java.util.List<String> SCRIPTS = java.util.List.of("irc.js", "view.js", "history.js", "account.js",
            "chat.js");
    private static final Map<String, String> PAGE = page();
    private static final Map<String, String> TYPES = types();
    /** The page runs only its own script and talks only to this server: IRC text can never become code. */
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self' ws: wss:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static Map<String, String> page() {
        Map<String, String> paths = new java.util.HashMap<>(Map.of("/", "index.html", "/chat.css", "chat.css"));
        SCRIPTS.forEach(js -> paths.put("/" + js, js));
        return Map.copyOf(paths);
    }

    private static Map<String, String> types() {
        Map<String, String> types = new java.util.HashMap<>(Map.of("index.html", "text/html; charset=utf-8",
                "chat.css", "text/css; charset=utf-8"));
        SCRIPTS.forEach(js -> types.put(js, "text/javascript; charset=utf-8"));
        return Map.copyOf(types);
    }

    private final WebConfig config;
    private final Consumer<Transport> sessions;
    private final java.util.function.BooleanSupplier healthy;
    private volatile WebServer server;

    /**
     * @param sessions runs one client's session to its end (on the thread it is called on)
     * @param healthy what {@code /healthz} reports: 200 while true, 503 otherwise
     */
    public WebListener(WebConfig config, Consumer<Transport> sessions, java.util.function.BooleanSupplier healthy) {
        this.config = config;
        this.sessions = sessions;
        this.healthy = healthy;
    }

    /** Binds and starts serving; returns the bound endpoint. */
    public Endpoint start() throws BindFailure {
        HELIDON_LOG.setLevel(Level.WARNING);
        HELIDON_SERVER_LOG.setLevel(Level.OFF);
        Map<String, byte[]> files = new java.util.HashMap<>();
        for (String name : TYPES.keySet()) {
            files.put(name, resource(name));
        }
        WsConfig.Builder ws = WsConfig.builder().name("websocket").maxFrameLength(MAX_FRAME);
        if (!config.origins().isEmpty()) {
            ws.origins(new HashSet<>(config.origins()));
        }
        WebServerConfig.Builder builder = WebServer.builder()
                .address(config.endpoint().address())
                .port(config.endpoint().port())
                .shutdownHook(false)
                .addProtocol(ws.build())
                .addRouting(WsRouting.builder().endpoint("/", () -> new IrcWebSocket(config.proxies(), this::serve)))
                .routing(r -> page(r, files));
        if (config.tls() != null) {
            builder.tls(Tls.builder().sslContext(config.tls()).build());
        }
        try {
            server = builder.build().start();
        } catch (RuntimeException e) {
            // Helidon reports a port it cannot bind as a wrapped exception (its own SEVERE log lines are off).
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof IOException io && !(t instanceof UncheckedIOException)) {
                    throw BindFailure.explain(config.endpoint(), "tcp", io);
                }
            }
            throw e;
        }
        if (server.port() < 0) {
            throw BindFailure.explain(config.endpoint(), "tcp", new java.net.BindException("the port is in use or the address is not available"));
        }
        return config.endpoint().withPort(server.port());
    }

    private void serve(WebTransport transport) {
        try {
            sessions.accept(transport);
        } finally {
            transport.release();
        }
    }

    private void page(HttpRouting.Builder routing, Map<String, byte[]> files) {
        routing.get("/healthz", (req, res) -> {
            boolean ok = healthy.getAsBoolean();
            res.status(ok ? 200 : 503).header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .send((ok ? "ok\n" : "stopping\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        });
        for (Map.Entry<String, String> e : PAGE.entrySet()) {
            byte[] body = files.get(e.getValue());
            String type = TYPES.get(e.getValue());
            routing.get(e.getKey(), (ServerRequest req, ServerResponse res) -> res
                    .header(HeaderNames.CONTENT_TYPE, type)
                    .header("Content-Security-Policy", CSP)
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Referrer-Policy", "no-referrer")
                    .header(HeaderNames.CACHE_CONTROL, "no-cache")
                    .send(body));
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = WebListener.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the chat page's " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bound endpoint, or null before {@link #start()}. */
    public Endpoint endpoint() {
        WebServer s = server;
        return s == null ? null : config.endpoint().withPort(s.port());
    }

    public boolean isTls() {
        return config.tls() != null;
    }

    /** Stops listening and closes every connection still open (sessions have been told and flushed by then). */
    @Override
    public void close() {
        WebServer s = server;
        if (s != null) {
            s.stop();
        }
    }
}
