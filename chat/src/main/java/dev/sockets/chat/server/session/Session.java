package dev.sockets.chat.server.session;

import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.Departure;
import dev.sockets.chat.server.state.Registry;
import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.chat.protocol.Numeric;
import dev.sockets.chat.protocol.Tags;
import dev.sockets.common.server.ServerStats;
import dev.sockets.common.server.Refusal;
import dev.sockets.common.tcp.Connection;
import java.io.IOException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reader side of one client, run on the connection's virtual thread: read a line, apply flood
 * control, parse, dispatch, until the client leaves; then remove it from the registry (peers see a
 * QUIT), let its writer flush the last lines and return so the server closes the socket.
 */
public final class Session {

    private static final Logger log = LoggerFactory.getLogger(Session.class);

    /** Runs one well-formed line from a client (the command table, in the server wiring). */
    @FunctionalInterface
    public interface Dispatcher {
        void dispatch(Client client, IrcLine line);
    }

    /**
     * What every session of one server shares, given by the server wiring.
     *
     * @param shownServer the server shown for local users in WHOIS and WHO
     * @param stopping whether the server is stopping (a client connecting then is told at once)
     * @param onRegistered a client completed registration (its unregistered slot is free)
     */
    public record Services(Supplier<ChatConfig> settings, Registry registry, Dispatcher dispatcher, ServerStats stats,
            String shownServer, BooleanSupplier stopping, Runnable countIn, IntConsumer countOut,
            Consumer<Client> onRegistered) {

        /** The configuration in force now; a session reads it when it starts (send queue, flood limits). */
        public ChatConfig config() {
            return settings.get();
        }
    }

    private final Services services;
    private final Connection connection;
    private final Client client;
    private final ClientLink link;

    /** @param connectedNanos when the connection was accepted (the registration timeout counts from it) */
    public Session(Services services, Connection connection, long connectedNanos) {
        this.services = services;
        this.connection = connection;
        ChatConfig config = services.config();
        this.client = new Client(ClientLink.hostOf(connection), config.serverName(), services.shownServer(),
                connectedNanos);
        this.link = new ClientLink(connection, client, config.sendQueueBytes(), config.quitFlush(),
                services.countOut(), services.onRegistered());
        client.attach(link);
        client.setCertificateFingerprint(TlsHandshake.clientCertificateFingerprint(connection));
    }

    public Client client() {
        return client;
    }

    public void run() {
        ChatConfig config = services.config();
        services.registry().connected(client);
        link.readBy(Thread.currentThread());
        link.outbox().start("chat-out-" + connection.remote());
        if (services.stopping().getAsBoolean()) {
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
                if (!withinTagLimits(in.buffer(), in.lineStart(), in.lineLength())) {
                    client.numeric(Numeric.ERR_INPUTTOOLONG, "Input line was too long");
                    continue;
                }
                IrcLine line = IrcLine.parse(in.buffer(), in.lineStart(), in.lineLength());
                if (line != null && !client.isLeaving()) {
                    services.countIn().run();
                    try {
                        services.dispatcher().dispatch(client, line);
                        // A long reply is produced as the client reads it; its next command waits for
                        // the end, so the replies to its commands stay in order.
                        link.outbox().awaitStreamed();
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

    /**
     * IRCv3 message-tags limits on what a client sends: at most 4094 bytes of tags, and the message after
     * them at most 510 bytes, as if there were no tags.
     */
    static boolean withinTagLimits(byte[] b, int off, int len) {
        if (len == 0 || b[off] != '@') {
            return true;
        }
        int end = off + len;
        int space = off;
        while (space < end && b[space] != ' ') {
            space++;
        }
        int rest = space;
        while (rest < end && b[rest] == ' ') {
            rest++;
        }
        return space - off - 1 <= Tags.MAX_CLIENT_TAG_BYTES && end - rest <= IrcLine.MAX_CONTENT;
    }

    private void leave() {
        Departure why = client.departure();
        if (why == null) {
            // Only a bug gets here (a runtime exception in a handler): still leave cleanly.
            client.disconnect(Departure.CONNECTION_LOST, "Internal error", "Internal error", true);
            why = client.departure();
        }
        services.stats().counter(why.counterName()).increment();
        // At shutdown everyone is leaving and gets ERROR: a QUIT for each peer would only race ahead of
        // the peer's own NOTICE and ERROR.
        byte[] quit = client.isRegistered() && why != Departure.SHUTDOWN
                ? IrcLine.formatTrailing(client.prefix(), "QUIT", client.quitMessage()) : null;
        services.registry().remove(client, quit);
        log.debug("chat: {} from {} left: {} ({})", client, connection.remote(), why, client.quitMessage());
        try {
            boolean flushed = link.outbox().awaitFinished(services.config().quitFlush());
            // Over TLS the half-close is a close_notify write, which would wait behind a writer that is
            // stuck on a peer that does not read: then just let the server close the socket.
            if (flushed || !connection.isLayered()) {
                connection.shutdownOutput();
                // A client that pasted more after its QUIT: read the rest, or closing would reset the
                // connection and could destroy the ERROR line before the client reads it.
                connection.discardInput(Refusal.LINGER, Refusal.MAX_DRAIN_BYTES);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the peer is gone already
        }
    }
}
