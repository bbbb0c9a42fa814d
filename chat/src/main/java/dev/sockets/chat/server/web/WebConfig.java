package dev.sockets.chat.server.web;

import dev.sockets.common.net.Endpoint;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * The web listener's settings ({@code --web-port} and the options beside it).
 *
 * @param endpoint where to listen (port 0: any free port)
 * @param origins the {@code Origin}s a browser may connect from, e.g. {@code https://chat.example.org}; empty:
 *     only pages of the same host and port as the listener (a client sending no Origin is not a browser
 *     and is let in)
 * @param proxies whose {@code X-Forwarded-For} is believed
 * @param tls the TLS identity to serve {@code https://} and {@code wss://} with, or null for plain HTTP
 */
public record WebConfig(Endpoint endpoint, List<String> origins, TrustedProxies proxies, SSLContext tls) {

    public WebConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        origins = List.copyOf(origins);
        Objects.requireNonNull(proxies, "proxies");
    }

    /** Plain HTTP on {@code endpoint}, same-host origins only, no trusted proxy. */
    public static WebConfig plain(Endpoint endpoint) {
        return new WebConfig(endpoint, List.of(), TrustedProxies.NONE, null);
    }
}
