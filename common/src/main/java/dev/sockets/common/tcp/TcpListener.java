package dev.sockets.common.tcp;

import dev.sockets.common.net.BindFailure;
import dev.sockets.common.net.Endpoint;
import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passive open: binds an endpoint, listens with a backlog, and accepts on one platform thread of its
 * own. Each accepted socket is handed to a {@link Sink}, which decides who serves it.
 *
 * <p>The accept loop never dies while the listener is open: running out of file descriptors
 * ({@code EMFILE}/{@code ENFILE}) or any other accept failure is logged once per burst and retried
 * after a back-off that grows to one second, so a full descriptor table costs no CPU. Closing the
 * listener ends the loop; an adopted (inherited) socket stays open, and every client that connects
 * to it afterwards is closed unserved. {@link #close()} is idempotent.
 */
public final class TcpListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TcpListener.class);
    private static final long MIN_BACKOFF_MS = 10;
    private static final long MAX_BACKOFF_MS = 1000;
    private static final long CLOSE_WAIT_MS = 2000;

    /** Receives accepted sockets. Called on the accept thread: it must not block on I/O. */
    public interface Sink {
        /** Blocks until another connection may be accepted (a connection limit); may be a no-op. */
        void awaitCapacity() throws InterruptedException;

        /** Takes ownership of an accepted, blocking channel. */
        void accepted(SocketChannel channel);

        /** Gives back the capacity taken by {@link #awaitCapacity()} when accept failed. */
        void acceptFailed();
    }

    /** How a socket is accepted; replaceable in tests to simulate descriptor exhaustion. */
    @FunctionalInterface
    interface Acceptor {
        SocketChannel accept(ServerSocketChannel server) throws IOException;
    }

    private final String name;
    private final Endpoint requested;
    private final int backlog;
    private final Acceptor acceptor;
    private volatile ServerSocketChannel server;
    private volatile Endpoint bound;
    private volatile Thread thread;
    private volatile boolean closed;
    /**
     * An inherited socket is never closed by us: the JDK closes an inherited channel by pointing
     * descriptors 0, 1 <em>and 2</em> at /dev/null, which would swallow every later log line (the final
     * stats line included). The process exits soon after stopping, and that closes it.
     */
    private volatile boolean adopted;
    private volatile long acceptFailures;

    public TcpListener(String name, Endpoint endpoint, int backlog) {
        this(name, endpoint, backlog, ServerSocketChannel::accept);
    }

    TcpListener(String name, Endpoint endpoint, int backlog, Acceptor acceptor) {
        this.name = name;
        this.requested = endpoint;
        this.backlog = backlog;
        this.acceptor = acceptor;
    }

    /**
     * Binds and listens. Port 0 picks a free port; {@link #endpoint()} then tells which.
     *
     * @throws BindFailure with a one-line explanation (permission denied, address in use ...)
     */
    public Endpoint bind() throws BindFailure {
        try {
            ServerSocketChannel channel = openFor(requested);
            try {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                channel.bind(requested.toSocketAddress(), backlog);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            server = channel;
            bound = Endpoint.of(channel.getLocalAddress());
            return bound;
        } catch (IOException e) {
            throw BindFailure.explain(requested, "tcp", e);
        }
    }

    /**
     * Uses a socket that is already bound and listening (inherited from systemd or inetd) instead of
     * binding one; the listener owns it from now on.
     */
    public Endpoint adopt(ServerSocketChannel listening) throws IOException {
        listening.configureBlocking(true);
        adopted = true;
        server = listening;
        bound = Endpoint.of(listening.getLocalAddress());
        return bound;
    }

    private static ServerSocketChannel openFor(Endpoint endpoint) throws IOException {
        ProtocolFamily family = endpoint.address() instanceof java.net.Inet4Address
                ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        return ServerSocketChannel.open(family);
    }

    /** Starts the accept loop on a platform thread named {@code NAME-accept-PORT}. */
    public void start(Sink sink) {
        if (server == null) {
            throw new IllegalStateException("bind() first");
        }
        thread = Thread.ofPlatform().name(name + "-accept-" + bound.port()).daemon(true)
                .start(() -> acceptLoop(sink));
    }

    private void acceptLoop(Sink sink) {
        serveUntilClosed(sink);
        if (adopted && closed) {
            closeLateClients();
        }
    }

    /**
     * An adopted socket stays open after {@link #close()} (see the field), so clients can still connect
     * to it: each is closed unserved, for as long as the process lives, instead of waiting in the backlog.
     */
    private void closeLateClients() {
        while (true) {
            try {
                acceptor.accept(server).close();
            } catch (IOException | RuntimeException e) {
                if (e instanceof ClosedChannelException || !server.isOpen()) {
                    return;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(MAX_BACKOFF_MS); // back-off, not synchronisation: no spin while EMFILE
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void serveUntilClosed(Sink sink) {
        long backoffMs = 0;
        boolean reported = false;
        long burst = 0;
        while (!closed) {
            try {
                sink.awaitCapacity();
            } catch (InterruptedException e) {
                return;
            }
            SocketChannel channel;
            try {
                channel = acceptor.accept(server);
            } catch (ClosedChannelException e) {
                sink.acceptFailed();
                return;
            } catch (IOException | RuntimeException e) {
                sink.acceptFailed();
                if (closed) {
                    return;
                }
                acceptFailures++;
                burst++;
                backoffMs = backoffMs == 0 ? MIN_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, backoffMs * 2);
                if (!reported) {
                    reported = true;
                    log.warn("{}: accept failed on {}: {}; retrying{}", name, bound, e.getMessage(),
                            isDescriptorExhaustion(e) ? " while the process is out of file descriptors" : "");
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(backoffMs); // back-off, not synchronisation: no busy spin while EMFILE
                } catch (InterruptedException ie) {
                    return;
                }
                continue;
            }
            if (reported) {
                log.info("{}: accepting again on {} after {} failed accepts", name, bound, burst);
                reported = false;
            }
            burst = 0;
            backoffMs = 0;
            if (closed) { // accepted by a loop we could not wake (an adopted socket): not served
                try {
                    channel.close();
                } catch (IOException e) {
                    // nothing more to do
                }
                sink.acceptFailed();
                return;
            }
            sink.accepted(channel);
        }
    }

    static boolean isDescriptorExhaustion(Throwable e) {
        String m = e.getMessage();
        return m != null && m.toLowerCase(Locale.ROOT).contains("too many open files");
    }

    /** The bound endpoint (after {@link #bind()}). */
    public Endpoint endpoint() {
        return bound;
    }

    /** Accept calls that failed (descriptor exhaustion and others) since start. */
    public long acceptFailures() {
        return acceptFailures;
    }

    /**
     * Stops accepting and closes the listening socket; established connections are not touched. Returns
     * once the accept thread has ended (bounded wait): NIO defers the real close of a socket while a
     * thread is blocked in {@code accept}, so without the wait a client could still connect after this.
     */
    @Override
    public void close() {
        closed = true;
        if (adopted) {
            return; // see the field: the daemon accept thread may stay blocked until the process exits
        }
        ServerSocketChannel s = server;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // nothing more to do for a listening socket
            }
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt(); // wakes a loop parked in awaitCapacity() or a back-off
            if (t != Thread.currentThread()) {
                try {
                    t.join(CLOSE_WAIT_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
