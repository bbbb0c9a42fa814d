package dev.sockets.common.net;

import java.io.IOException;
import java.net.BindException;

/**
 * A passive open that could not bind its endpoint, with a message a user can act on, e.g.
 * {@code cannot bind [::]:7: permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE); try --port 7007}.
 */
public final class BindFailure extends IOException {

    private final Endpoint endpoint;

    public BindFailure(String message, Endpoint endpoint, Throwable cause) {
        super(message, cause);
        this.endpoint = endpoint;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** Turns the exception thrown by {@code bind} into a one-line explanation. */
    public static BindFailure explain(Endpoint endpoint, String transport, IOException cause) {
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        String lower = reason.toLowerCase(java.util.Locale.ROOT);
        String suggestion = String.valueOf(endpoint.isPrivileged()
                ? endpoint.port() + 7000 : endpoint.port() == 65535 ? 0 : endpoint.port() + 1);
        String what;
        if (lower.contains("permission denied") || lower.contains("access denied")) {
            what = "permission denied"
                    + (endpoint.isPrivileged() ? " (ports below 1024 need root or CAP_NET_BIND_SERVICE)" : "")
                    + "; try --port " + (endpoint.isPrivileged() ? endpoint.port() + 7000 : suggestion);
        } else if (lower.contains("in use")) {
            what = "address already in use (another server is listening there); try another --port, e.g. " + suggestion;
        } else if (lower.contains("assign requested address") || lower.contains("cannot assign")) {
            what = "the address is not on this machine; check --bind";
        } else if (lower.contains("protocol family") || lower.contains("address family")) {
            what = "IPv6 is not available here; try --bind 0.0.0.0";
        } else {
            what = reason;
        }
        String name = transport == null ? "" : transport + "/";
        if (!(cause instanceof BindException) && !lower.contains("denied") && !lower.contains("in use")) {
            what = what + " (" + cause.getClass().getSimpleName() + ")";
        }
        return new BindFailure("cannot bind " + name + endpoint + ": " + what, endpoint, cause);
    }
}
