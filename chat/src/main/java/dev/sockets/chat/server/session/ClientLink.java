package dev.sockets.chat.server.session;

import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.Departure;
import dev.sockets.chat.server.state.Link;
import dev.sockets.chat.server.state.ReplySource;
import dev.sockets.common.tcp.Connection;
import java.io.IOException;
import java.net.Inet6Address;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The transport of one connected client: its socket and its {@link Outbox}. Ending the connection
 * happens here, in one place: the final line is queued, then the reader blocked in a read is woken by
 * ending the input (unless the reader itself ends it, e.g. on QUIT: its input stays open, so the session
 * can drain what the client still sends instead of resetting the connection).
 */
final class ClientLink implements Link {

    private final Connection connection;
    private final Outbox outbox;
    private final Duration quitFlush;
    private final IntConsumer countOut;
    private final Consumer<Client> onRegistered;
    private volatile Thread reader;

    ClientLink(Connection connection, Client client, int sendQueueBytes, Duration quitFlush, IntConsumer countOut,
            Consumer<Client> onRegistered) {
        this.connection = connection;
        this.quitFlush = quitFlush;
        this.countOut = countOut;
        this.onRegistered = onRegistered;
        this.outbox = new Outbox(connection, sendQueueBytes,
                () -> client.disconnect(Departure.SENDQ, "SendQ exceeded", "SendQ exceeded", true),
                () -> client.disconnect(Departure.CONNECTION_LOST, "Connection reset by peer", null, true));
    }

    /** The host a client is known by: its address, in a form no IRC parser misreads. */
    static String hostOf(Connection connection) {
        String h = connection.remote().address().getHostAddress();
        if (connection.remote().address() instanceof Inet6Address && h.indexOf('%') >= 0) {
            h = h.substring(0, h.indexOf('%'));
        }
        // A host starting with ':' would end a prefix early in every client's parser.
        return h.startsWith(":") ? "0" + h : h;
    }

    Outbox outbox() {
        return outbox;
    }

    /** The thread that runs the read loop: a disconnect on it needs no wake-up. */
    void readBy(Thread thread) {
        reader = thread;
    }

    @Override
    public int queuedBytes() {
        return outbox.queuedBytes();
    }

    @Override
    public boolean offer(byte[] line) {
        if (outbox.offer(line)) {
            countOut.accept(1);
            return true;
        }
        return false;
    }

    @Override
    public void stream(ReplySource source) {
        outbox.stream((out, budget) -> source.fill(line -> {
            if (out.test(line)) {
                countOut.accept(1);
                return true;
            }
            return false;
        }, budget));
    }

    @Override
    public void close(byte[] lastLine, boolean dropPending) {
        outbox.close(lastLine, dropPending);
        closeInput();
    }

    @Override
    public void registered(Client client) {
        onRegistered.accept(client);
    }

    /**
     * Wakes the reader blocked in a read by ending the input. Over TLS 1.2 the end of input makes the TLS
     * layer answer with its own close_notify and refuse any later write, which would lose the final ERROR
     * line: there, the input ends only once the writer has flushed (or the flush time is up).
     */
    private void closeInput() {
        if (Thread.currentThread() == reader) {
            return; // the read loop ends by itself once it sees the client is leaving
        }
        if (!connection.isLayered()) {
            shutdownInput();
            return;
        }
        Thread.ofVirtual().name("chat-wake-" + connection.remote()).start(() -> {
            try {
                outbox.awaitFinished(quitFlush);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            shutdownInput();
        });
    }

    private void shutdownInput() {
        try {
            connection.channel().shutdownInput();
        } catch (IOException | RuntimeException e) {
            // already closed: the reader is waking up anyway
        }
    }
}
