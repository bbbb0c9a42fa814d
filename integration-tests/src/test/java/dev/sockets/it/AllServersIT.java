package dev.sockets.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.common.testing.LineClient;
import dev.sockets.common.udp.DatagramClient;
import dev.sockets.it.harness.IrcPeer;
import dev.sockets.it.harness.OurServer;
import dev.sockets.it.harness.Suite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * All four servers running at once, as on a machine that offers them all: each is touched once (echo
 * over TCP and UDP, daytime over UDP, time over TCP, a chat between two peers), then all are stopped
 * with SIGTERM, and each stats line must account for exactly what was done to that server.
 */
@Timeout(90)
class AllServersIT {

    private static final Duration REPLY = Duration.ofSeconds(5);

    @Test
    void fourServersSideBySide() throws IOException {
        List<OurServer> servers = startAll(Suite.ECHO, Suite.DAYTIME, Suite.TIME, Suite.CHAT);
        try {
            OurServer echo = servers.get(0);
            OurServer daytime = servers.get(1);
            OurServer time = servers.get(2);
            OurServer chat = servers.get(3);

            try (LineClient c = LineClient.connect(echo.endpoint())) {
                c.send("all four at once");
                assertThat(c.readLine()).isEqualTo("all four at once");
                c.shutdownOutput();
                c.awaitClosed();
            }
            try (DatagramClient udp = DatagramClient.open(echo.endpoint())) {
                byte[] payload = "a datagram".getBytes(StandardCharsets.US_ASCII);
                assertThat(udp.exchange(payload, REPLY)).as("echo reply").hasValue(payload);
            }
            try (DatagramClient udp = DatagramClient.open(daytime.endpoint())) {
                byte[] reply = udp.exchange(new byte[0], REPLY).orElseThrow(() -> new AssertionError("no daytime reply"));
                String line = new String(reply, StandardCharsets.US_ASCII);
                assertThat(line).endsWith("\r\n");
                DaytimeTimeIT.assertNow(DaytimeTimeIT.parseRfc867(line.strip()));
            }
            try (LineClient c = LineClient.connect(time.endpoint())) {
                DaytimeTimeIT.assertNow(DaytimeTimeIT.rfc868(c.readBytes(4)));
                assertThat(c.readToEnd()).as("nothing after the 4 bytes").isEmpty();
            }
            try (IrcPeer alice = IrcPeer.register(chat.endpoint(), "alice").join("#all");
                    IrcPeer bob = IrcPeer.register(chat.endpoint(), "bob").join("#all")) {
                alice.await(":bob!");
                bob.send("PRIVMSG #all :hi alice");
                assertThat(alice.await("PRIVMSG")).matches(":bob!\\S+ PRIVMSG #all :hi alice");
                alice.send("QUIT :bye");
                assertThat(bob.await(" QUIT ")).startsWith(":alice!").contains("bye");
                alice.line().awaitClosed();
                bob.send("QUIT");
                bob.line().awaitClosed();
            }

            Map<String, Long> echoStats = echo.stop();
            assertThat(echoStats).containsEntry("connections_total", 1L)
                    .containsEntry("bytes_in", 18L).containsEntry("bytes_out", 18L)
                    .containsEntry("datagrams_in", 1L).containsEntry("datagrams_out", 1L);
            Map<String, Long> daytimeStats = daytime.stop();
            assertThat(daytimeStats).containsEntry("connections_total", 0L)
                    .containsEntry("datagrams_in", 1L).containsEntry("datagrams_out", 1L);
            Map<String, Long> timeStats = time.stop();
            assertThat(timeStats).containsEntry("connections_total", 1L).containsEntry("bytes_out", 4L)
                    .containsEntry("datagrams_in", 0L);
            Map<String, Long> chatStats = chat.stop();
            assertThat(chatStats).containsEntry("connections_total", 2L).containsEntry("connections_open", 0L);
        } finally {
            servers.forEach(OurServer::close);
        }
    }

    /** Starts the servers concurrently (each JVM takes a while to start); all or none. */
    private static List<OurServer> startAll(Suite... suites) {
        List<CompletableFuture<OurServer>> starts = new ArrayList<>();
        for (Suite s : suites) {
            starts.add(CompletableFuture.supplyAsync(() -> OurServer.start(s)));
        }
        List<OurServer> started = new ArrayList<>();
        Throwable failure = null;
        for (CompletableFuture<OurServer> f : starts) {
            try {
                started.add(f.join());
            } catch (CompletionException e) {
                failure = failure == null ? e.getCause() : failure;
            }
        }
        if (failure != null) {
            started.forEach(OurServer::close);
            throw failure instanceof AssertionError a ? a : new AssertionError(failure);
        }
        return started;
    }
}
