package dev.sockets.chat.server;

import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.chat.protocol.Numeric;
import dev.sockets.common.tcp.Connection;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reader side of one client, run on the connection's virtual thread: read a line, apply flood
 * control, parse, dispatch, until the client leaves; then remove it from the registry (peers see a
 * QUIT), let its writer flush the last lines and return so the server closes the socket.
 */
final class Session {

    private static final Logger log = LoggerFactory.getLogger(Session.class);

    private final ChatServer server;
    private final Connection connection;
    private final Client client;

    /** @param connectedNanos when the connection was accepted (the registration timeout counts from it) */
    Session(ChatServer server, Connection connection, long connectedNanos) {
        this.server = server;
        this.connection = connection;
        this.client = new Client(connection, server, connectedNanos);
    }

    Client client() {
        return client;
    }

    void run() {
        ChatConfig config = server.config();
        server.registry().connected(client);
        client.outbox().start("chat-out-" + connection.remote());
        if (server.server().isStopping()) {
            // Connected just as the stopping hook went through the registry: tell this one too.
            client.disconnect(Departure.SHUTDOWN, "Server shutting down", "Server shutting down", false);
        }
        LineReader in = new LineReader(connection);
        FloodGate flood = new FloodGate(config.floodRate(), config.floodBurst());
        try {
            while (!client.isLeaving()) {
                int r = in.next();
                if (r == LineReader.EOF) {
                    client.disconnect(Departure.CONNECTION_LOST, "Remote host closed the connection", null, false);
                    break;
                }
                client.received();
                long lag = flood.take(System.nanoTime());
                if (lag > 0) {
                    if (in.buffered() + connection.input().available() > config.floodBacklogBytes()) {
                        client.disconnect(Departure.FLOOD, "Excess Flood", "Excess Flood", true);
                        break;
                    }
                    if (client.awaitLeaving(lag)) {
                        break;
                    }
                }
                if (r == LineReader.TOO_LONG) {
                    client.numeric(Numeric.ERR_INPUTTOOLONG, "Input line was too long");
                    continue;
                }
                IrcLine line = IrcLine.parse(in.buffer(), in.lineStart(), in.lineLength());
                if (line != null && !client.isLeaving()) {
                    server.countIn();
                    try {
                        server.commands().dispatch(client, line);
                    } catch (RuntimeException e) {
                        // Our bug, triggered by this line: say so, keep the client, log it once per line.
                        log.warn("chat: {} failed on a command from {}", e, connection.remote());
                        client.numeric(Numeric.ERR_UNKNOWNERROR, line.command(), "Internal error, command ignored");
                    }
                }
            }
        } catch (IOException e) {
            log.debug("chat: {}: {}", connection.remote(), e.toString());
            client.disconnect(Departure.CONNECTION_LOST, "Connection reset by peer", null, true);
        } catch (InterruptedException e) {
            client.disconnect(Departure.SHUTDOWN, "Server shutting down", null, true);
            Thread.currentThread().interrupt();
        } finally {
            leave();
        }
    }

    private void leave() {
        Departure why = client.departure();
        if (why == null) {
            // Only a bug gets here (a runtime exception in a handler): still leave cleanly.
            client.disconnect(Departure.CONNECTION_LOST, "Internal error", "Internal error", true);
            why = client.departure();
        }
        server.stats().counter(why.counterName()).increment();
        // At shutdown everyone is leaving and gets ERROR: a QUIT for each peer would only race ahead of
        // the peer's own NOTICE and ERROR.
        byte[] quit = client.isRegistered() && why != Departure.SHUTDOWN
                ? IrcLine.formatTrailing(client.prefix(), "QUIT", client.quitMessage()) : null;
        server.registry().remove(client, quit);
        log.debug("chat: {} left: {} ({})", client, why, client.quitMessage());
        try {
            boolean flushed = client.outbox().awaitFinished(config().quitFlush());
            // Over TLS the half-close is a close_notify write, which would wait behind a writer that is
            // stuck on a peer that does not read: then just let the server close the socket.
            if (flushed || !connection.isLayered()) {
                connection.shutdownOutput();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the peer is gone already
        }
    }

    private ChatConfig config() {
        return server.config();
    }
}
