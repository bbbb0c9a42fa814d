package dev.sockets.chat.server.session;

import dev.sockets.common.net.Endpoint;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Where the chat server's TLS listener listens and with which identity: an endpoint (port 6697 by
 * custom) and a server {@link SSLContext}, e.g. from {@code TlsMaterial.serverContext()}. Connections on
 * it allow TLS 1.2 and 1.3 only. Immutable.
 *
 * @param endpoint the TLS listener's endpoint (port 0: any free port)
 * @param context the server-side context holding the certificate and key
 */
public record ChatTls(Endpoint endpoint, SSLContext context) {

    public ChatTls {
        Objects.requireNonNull(endpoint);
        Objects.requireNonNull(context);
    }
}
