package dev.sockets.chat.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.sockets.common.server.ServerStats;
import dev.sockets.common.testing.PostgresDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The history writer on a PostgreSQL reached through a network that stops carrying packets without
 * closing anything (a relay in this test, which just stops relaying): the batch in flight is given up
 * after the driver's socket timeout, counted and logged as an outage, and stored once the network is back;
 * and a migration, which may take long, is not cut off by that timeout.
 */
@Timeout(90)
class PostgresNetworkTest {

    @RegisterExtension
    static final PostgresDatabase pg = new PostgresDatabase();

    private static StoredMessage message(String msgid, long millis) {
        byte[] line = (":alice!a@h PRIVMSG #net :" + msgid + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        return new StoredMessage(new Conversation.OfChannel("#net"), msgid, millis, "PRIVMSG", null, line, null, false);
    }

    @Test
    void aNetworkThatGoesSilentMidBatchIsAnOutageWithinTheSocketTimeoutAndTheBatchIsStoredWhenItIsBack()
            throws Exception {
        CapturedLog logged = new CapturedLog();
        try (Relay relay = new Relay(pg.port());
             Store store = Store.open(StoreLocation.of(
                     pg.url().replace(":" + pg.port() + "/", ":" + relay.port() + "/"), Path.of("unused")))) {
            ServerStats stats = new ServerStats("chat");
            HistoryWriter writer = new HistoryWriter(store, 1000, null, 0, stats);
            assertThat(writer.offer(message("net-0", 1000))).isTrue();
            assertThat(writer.awaitStored(Duration.ofSeconds(10))).isTrue();

            // At once, while the writer's connection counts as just used (it is checked only after half a
            // second without a batch): the next batch goes out on it and its answer never comes.
            relay.hold();
            long heldAt = System.nanoTime();
            assertThat(writer.offer(message("net-1", 2000))).isTrue();
            await().atMost(Duration.ofMillis(Store.SOCKET_TIMEOUT_MS).plusSeconds(10))
                    .until(() -> stats.snapshot().get("history_store_failures") >= 1);
            Duration noticed = Duration.ofNanos(System.nanoTime() - heldAt);
            System.out.printf("silent network noticed after %d ms (socket timeout %d ms)%n", noticed.toMillis(),
                    Store.SOCKET_TIMEOUT_MS);
            assertThat(writer.isDown()).isTrue();
            for (int i = 2; i < 20; i++) {
                assertThat(writer.offer(message("net-" + i, 2000 + i))).isTrue(); // queued, never blocking
            }
            // Retried on new connections, which cannot log in either: each attempt ends, bounded by the pool.
            await().atMost(Duration.ofSeconds(20)).until(() -> stats.snapshot().get("history_store_failures") >= 2);

            relay.resume();
            assertThat(writer.awaitStored(Duration.ofSeconds(30))).isTrue();
            assertThat(writer.isDown()).isFalse();
            assertThat(StoredHistory.count(store, h -> h.target().equals("#net"))).isEqualTo(20);
            assertThat(stats.snapshot()).containsEntry("history_dropped", 0L);
            writer.close();
        } finally {
            logged.close();
        }
        List<ILoggingEvent> events;
        events = logged.events();
        assertThat(events).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(ILoggingEvent::getFormattedMessage).anyMatch(m -> m.contains("cannot store messages"));
        assertThat(events).extracting(ILoggingEvent::getFormattedMessage).anyMatch(m -> m.contains("storing in"));
    }

    /**
     * A migration is not cut off by the socket timeout: one that waits (here for a lock, as a V5 copying a
     * large history works) longer than that still completes and the store opens.
     */
    @Test
    void aMigrationThatTakesLongerThanTheSocketTimeoutCompletes() throws Exception {
        try (Store first = Store.open(StoreLocation.of(pg.url(), Path.of("unused")));
             Connection holder = first.connection()) {
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.execute("LOCK TABLE " + Store.SCHEMA_TABLE + " IN ACCESS EXCLUSIVE MODE");
            }
            CompletableFuture<Store> second = CompletableFuture.supplyAsync(
                    () -> Store.open(StoreLocation.of(pg.url(), Path.of("unused"))),
                    r -> Thread.ofVirtual().name("second-open").start(r));
            await().atMost(Duration.ofSeconds(20)).until(() -> !pg.psql("SELECT count(*) FROM pg_stat_activity "
                    + "WHERE application_name = 'sockets-chat' AND wait_event_type = 'Lock'").equals("0"));
            long waitingSince = System.nanoTime();
            long past = Store.SOCKET_TIMEOUT_MS * 1_000_000L + 2_000_000_000L;
            await().pollDelay(Duration.ofMillis(Store.SOCKET_TIMEOUT_MS + 2000)).atMost(Duration.ofSeconds(30))
                    .until(() -> System.nanoTime() - waitingSince >= past || second.isDone());
            assertThat(second).as("still migrating, past the socket timeout").isNotDone();

            holder.commit();
            try (Store opened = second.get(20, TimeUnit.SECONDS)) {
                assertThat(opened.schemaVersion()).isEqualTo(first.schemaVersion());
            }
        }
    }

    /**
     * A TCP relay on 127.0.0.1 to a port of 127.0.0.1 that can stop relaying, in both directions and for new
     * connections too, without closing anything: to each side the other has gone silent, as when a network
     * drops packets. What it read meanwhile goes on once it {@link #resume}s, as retransmitted packets would.
     */
    private static final class Relay implements AutoCloseable {
        private final int target;
        private final ServerSocket listener;
        private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
        private final Thread acceptor;
        private boolean relaying = true;
        private boolean closed;

        Relay(int target) throws IOException {
            this.target = target;
            this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.acceptor = Thread.ofPlatform().daemon().name("relay-accept").start(this::accept);
        }

        int port() {
            return listener.getLocalPort();
        }

        synchronized void hold() {
            relaying = false;
        }

        synchronized void resume() {
            relaying = true;
            notifyAll();
        }

        /** False once closed; otherwise returns when relaying (at once, unless held). */
        private synchronized boolean awaitRelaying() throws InterruptedException {
            while (!relaying && !closed) {
                wait(); // resume() and close() notify
            }
            return !closed;
        }

        private void accept() {
            try {
                while (true) {
                    Socket client = listener.accept();
                    sockets.add(client);
                    if (!awaitRelaying()) {
                        return;
                    }
                    Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                    sockets.add(server);
                    Thread.ofPlatform().daemon().name("relay-up").start(() -> pump(client, server));
                    Thread.ofPlatform().daemon().name("relay-down").start(() -> pump(server, client));
                }
            } catch (IOException | InterruptedException e) {
                // closed
            }
        }

        private void pump(Socket from, Socket to) {
            byte[] buffer = new byte[16 * 1024];
            try (from; to) {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (!awaitRelaying()) {
                        return;
                    }
                    out.write(buffer, 0, n);
                }
            } catch (IOException | InterruptedException e) {
                // one side is gone: so is the other (the try closes both)
            }
        }

        @Override
        public void close() throws IOException, InterruptedException {
            synchronized (this) {
                closed = true;
                notifyAll();
            }
            listener.close();
            for (Socket s : sockets) {
                s.close();
            }
            acceptor.join(Duration.ofSeconds(5));
        }
    }
}
