package dev.sockets.chat;

import dev.sockets.chat.server.session.ChatTls;
import dev.sockets.chat.server.web.TrustedProxies;
import dev.sockets.chat.server.web.WebConfig;
import dev.sockets.common.cli.OptionRange;
import dev.sockets.common.cli.UserError;
import dev.sockets.common.net.Endpoint;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The chat server's web listener options: the chat page and IRC over WebSocket (off unless --web-port). */
final class WebOptions {

    @Option(names = "--web-port", paramLabel = "PORT", description = "Serve the web chat page, IRC over WebSocket "
            + "(subprotocols text.ircv3.net and binary.ircv3.net) and /healthz on this port (default: off).")
    Integer port;

    @Option(names = "--web-bind", paramLabel = "ADDR", description = "Address of the web listener (default: --bind).")
    String bind;

    @Option(names = "--web-tls", description = "Serve the web listener over TLS (https://, wss://) with the "
            + "certificate of --tls-cert/--tls-key or --tls-self-signed.")
    boolean tls;

    @Option(names = "--web-origin", paramLabel = "ORIGIN", split = ",", description = "A page origin allowed to "
            + "open a WebSocket, e.g. https://chat.example.org (repeatable; default: pages of the same host and port).")
    List<String> origins = new ArrayList<>();

    @Option(names = "--web-trusted-proxy", paramLabel = "CIDR", split = ",", description = "Address range of a "
            + "reverse proxy whose X-Forwarded-For header gives the client's address, e.g. 127.0.0.1/32 "
            + "(repeatable; default: none, the peer's address counts).")
    List<String> trustedProxies = new ArrayList<>();

    /** The web listener the flags ask for, or null (one-line errors, exit 2, for bad values). */
    WebConfig config(Endpoint plain, ChatTls chatTls) {
        if (port == null) {
            if (bind != null || tls || !origins.isEmpty() || !trustedProxies.isEmpty()) {
                throw UserError.usage("--web-bind, --web-tls, --web-origin and --web-trusted-proxy need --web-port");
            }
            return null;
        }
        OptionRange.port("--web-port", port, true);
        if (port != 0 && port == plain.port()) {
            throw UserError.usage("--web-port must differ from --port");
        }
        if (port != 0 && chatTls != null && port == chatTls.endpoint().port()) {
            throw UserError.usage("--web-port must differ from --tls-port");
        }
        if (tls && chatTls == null) {
            throw UserError.usage("--web-tls needs --tls-cert and --tls-key, or --tls-self-signed");
        }
        Endpoint endpoint;
        try {
            endpoint = bind == null ? plain.withPort(port) : new Endpoint(Endpoint.parseAddress(bind), port);
        } catch (IllegalArgumentException e) {
            throw UserError.usage("--web-bind: " + e.getMessage());
        }
        List<String> allowed = new ArrayList<>();
        for (String o : origins) {
            allowed.add(origin(o));
        }
        TrustedProxies proxies;
        try {
            proxies = TrustedProxies.parse(trustedProxies);
        } catch (IllegalArgumentException e) {
            throw UserError.usage("--web-trusted-proxy: " + e.getMessage());
        }
        return new WebConfig(endpoint, allowed, proxies, tls ? chatTls.context() : null);
    }

    /** An origin as browsers send it: scheme://host[:port], lower case, nothing after. */
    private static String origin(String text) {
        try {
            URI u = new URI(text.strip());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null
                    || (u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/"))
                    || u.getRawQuery() != null || u.getRawFragment() != null || u.getRawUserInfo() != null) {
                throw UserError.usage("--web-origin must be like https://chat.example.org[:PORT], not '" + text + "'");
            }
            return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (u.getPort() < 0 ? "" : ":" + u.getPort());
        } catch (URISyntaxException e) {
            throw UserError.usage("--web-origin must be like https://chat.example.org[:PORT], not '" + text + "'");
        }
    }
}
