package dev.sockets.common.server;

import dev.sockets.common.tcp.Connection;
import dev.sockets.common.tcp.ConnectionHandler;
import dev.sockets.common.tcp.EventLoop;
import dev.sockets.common.tcp.EventLoops;
import dev.sockets.common.tcp.TcpListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a server does with one accepted TCP connection: {@link Admission} decides on the accept thread;
 * an admitted one is served by the protocol's handler on a virtual thread of its own (carried by one of
 * the server's {@link EventLoops} for a {@link ConnectionHandler.OnLoop}, or on the accept thread for an
 * inline handler), counted while it lives; a refused one gets the {@link Refusal}. Either
 * way its places are given back exactly once and the connection is closed (an inherited one keeps its
 * descriptor). {@code IOException} from a handler is the peer's doing (DEBUG), anything else our bug
 * (ERROR).
 */
final class Serving {

    private static final Logger log = LoggerFactory.getLogger(Serving.class);

    private final String name;
    private final Admission admission;
    private final Refusal refusal;
    private final Refusal stoppingRefusal;
    private final LiveConnections connections;
    private final BooleanSupplier stopping;
    private final Predicate<SocketChannel> inherited;
    private EventLoops loops;
    private boolean loopsOpened;

    /**
     * @param stoppingRefusal what a connection refused because the server is stopping is told
     * @param stopping whether the server is stopping (an admitted connection is then closed unserved)
     * @param inherited whether a channel is the one connection the server inherited (inetd, Accept=yes)
     */
    Serving(String name, Admission admission, Refusal refusal, Refusal stoppingRefusal, LiveConnections connections,
            BooleanSupplier stopping, Predicate<SocketChannel> inherited) {
        this.name = name;
        this.admission = admission;
        this.refusal = refusal;
        this.stoppingRefusal = stoppingRefusal;
        this.connections = connections;
        this.stopping = stopping;
        this.inherited = inherited;
    }

    /** The accept loop's side: admission on the accept thread, then the connection on its thread. */
    TcpListener.Sink sink(ConnectionHandler handler, boolean inline, ServerStats.Transport counters) {
        boolean onLoops = !inline && handler instanceof ConnectionHandler.OnLoop;
        return new Sink(handler, inline, counters, onLoops ? loops() : null);
    }

    /** The server's event loops, started with the first listener that wants them; null if this JDK has none. */
    private synchronized EventLoops loops() {
        if (!loopsOpened) {
            loopsOpened = true;
            loops = EventLoops.open(name, EventLoops.defaultCount());
        }
        return loops;
    }

    /** Once the connections have ended: the loops' threads end too. */
    synchronized void closeLoops() {
        if (loops != null) {
            loops.close();
        }
    }

    /** Admission control on the accept thread; the connection itself starts on its virtual thread. */
    private final class Sink implements TcpListener.Sink {
        private final ConnectionHandler handler;
        private final boolean inline;
        private final ServerStats.Transport counters;
        private final EventLoops loops;

        Sink(ConnectionHandler handler, boolean inline, ServerStats.Transport counters, EventLoops loops) {
            this.handler = handler;
            this.inline = inline;
            this.counters = counters;
            this.loops = loops;
        }

        @Override
        public void awaitCapacity() throws InterruptedException {
            admission.awaitRoom();
        }

        @Override
        public void acceptFailed() {
            admission.acceptFailed();
        }

        @Override
        public void accepted(SocketChannel channel) {
            Admission.Verdict verdict = admission.admit(remoteAddress(channel), stopping.getAsBoolean());
            if (inline) {
                serve(channel, handler, counters, verdict, true);
                return;
            }
            try {
                // A refusal lingers on its socket's streams: blocking I/O, not for a loop.
                EventLoop loop = loops != null && verdict instanceof Admission.Admitted ? loops.next() : null;
                Runnable serve = () -> serve(channel, handler, counters, verdict, false, loop);
                Thread thread = loop == null ? Thread.ofVirtual().name(name + "-conn").unstarted(serve)
                        : loop.newThread(name + "-conn", serve);
                thread.start();
            } catch (RuntimeException | OutOfMemoryError e) {
                // The accept loop must survive; this one client is closed and its places given back.
                log.error("{}: cannot start a thread for a new connection; closing it", name, e);
                closeQuietly(channel);
                if (verdict instanceof Admission.Admitted admitted) {
                    admitted.leave();
                }
            }
        }
    }

    private static InetAddress remoteAddress(SocketChannel channel) {
        try {
            return ((InetSocketAddress) channel.getRemoteAddress()).getAddress();
        } catch (IOException | RuntimeException e) {
            return InetAddress.getLoopbackAddress(); // gone already: its handler will find out
        }
    }

    void serve(SocketChannel channel, ConnectionHandler handler, ServerStats.Transport counters,
                       Admission.Verdict verdict, boolean onAcceptThread) {
        serve(channel, handler, counters, verdict, onAcceptThread, null);
    }

    /** @param loop the event loop carrying this thread, or null */
    private void serve(SocketChannel channel, ConnectionHandler handler, ServerStats.Transport counters,
                       Admission.Verdict verdict, boolean onAcceptThread, EventLoop loop) {
        Connection connection = null;
        boolean handedOver = false; // from then on serveAdmitted gives the places back
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            connection = new Connection(channel, counters::addBytesIn, counters::addBytesOut);
            if (inherited.test(channel)) {
                connection.keepDescriptorOnClose();
            }
            if (!onAcceptThread) {
                Thread.currentThread().setName(name + "-conn-" + connection.remote());
            }
            switch (verdict) {
                case Admission.Refused refused -> refuse(connection, counters, refused, onAcceptThread);
                case Admission.Admitted admitted -> {
                    if (loop != null) {
                        connection.onLoop(loop);
                    }
                    handedOver = true;
                    serveAdmitted(connection, handler, counters, admitted);
                }
            }
        } catch (IOException e) {
            log.debug("{}: connection {} ended: {}", name, connection == null ? "?" : connection.remote(), e.toString());
        } catch (RuntimeException | Error e) {
            log.error("{}: handler failed for {}", name, connection == null ? "?" : connection.remote(), e);
        } finally {
            if (connection != null) {
                connection.close();
            } else if (!inherited.test(channel)) {
                closeQuietly(channel);
            }
            if (!handedOver && verdict instanceof Admission.Admitted admitted) {
                admitted.leave(); // never reached the handler
            }
            connections.signal();
        }
    }

    private void refuse(Connection connection, ServerStats.Transport counters, Admission.Refused refused,
                        boolean onAcceptThread) throws IOException {
        counters.connectionRefused();
        log.debug("{}: refusing {}: {}", name, connection.remote(), refused.reason());
        Refusal told = refused.why() == Admission.Why.STOPPING ? stoppingRefusal : refusal;
        if (onAcceptThread) { // never linger on the accept thread (inline handlers)
            told.tell(connection);
        } else {
            told.refuse(connection);
        }
    }

    private void serveAdmitted(Connection connection, ConnectionHandler handler, ServerStats.Transport counters,
                               Admission.Admitted admitted) throws IOException {
        counters.connectionOpened();
        connections.add(connection, counters);
        try {
            if (stopping.getAsBoolean()) {
                return;
            }
            handler.handle(connection);
        } finally {
            connection.close();
            // Places first: whoever sees one connection fewer may connect again at once.
            admitted.leave();
            // Counted before it leaves the live set: stop() waits for that set to empty and then logs
            // the final stats line, which must not still count this connection as open.
            counters.connectionClosed();
            connections.remove(connection);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }
}
