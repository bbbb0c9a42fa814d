package dev.sockets.common.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.tcp.ConnectionHandler;
import dev.sockets.common.testing.LineClient;
import dev.sockets.common.testing.ServerFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ServerLimitsTest {

    /** Greets with "hi <first line>", then holds the connection until the client closes it. */
    private static ConnectionHandler greeter(BlockingQueue<String> started) {
        return c -> {
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(c.input(), StandardCharsets.UTF_8));
            String first = in.readLine();
            started.add(String.valueOf(first));
            c.output().write(("hi " + first + "\r\n").getBytes(StandardCharsets.UTF_8));
            while (in.readLine() != null) {
                // hold until the client closes
            }
        };
    }

    @Test
    void theClientOverTheLimitWaitsInTheBacklogUntilOneCloses() throws Exception {
        BlockingQueue<String> started = new LinkedBlockingQueue<>();
        Server server = Server.builder("t").tcp(Endpoint.loopback(0), greeter(started))
                .limits(Limits.defaults().withMaxConnections(3)).build();
        try (ServerFixture f = ServerFixture.start(server);
             LineClient a = f.connect(); LineClient b = f.connect(); LineClient c = f.connect()) {
            for (LineClient client : new LineClient[] {a, b, c}) {
                client.send("one-of-three");
                assertThat(client.readLine()).isEqualTo("hi one-of-three");
            }
            assertThat(started).hasSize(3);
            started.clear();

            // The 4th completes the TCP handshake (the kernel's backlog) and may even send...
            try (LineClient waiting = f.connect()) {
                waiting.send("fourth");
                // ...but is not accepted while three are served: its handler does not run.
                await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2))
                        .until(() -> started.isEmpty() && server.openConnections() == 3);
                assertThat(server.stats().connectionsTotal()).isEqualTo(3);

                a.close();
                assertThat(started.poll(5, TimeUnit.SECONDS)).isEqualTo("fourth");
                assertThat(waiting.readLine()).isEqualTo("hi fourth");
                assertThat(server.openConnections()).isLessThanOrEqualTo(3);
            }
            assertThat(server.stats().connectionsRefused()).isZero();
        }
    }

    @Test
    void stopWhileFullEndsTheWaitingAcceptAndClosesTheBacklog() throws Exception {
        BlockingQueue<String> started = new LinkedBlockingQueue<>();
        Server server = Server.builder("t").tcp(Endpoint.loopback(0), greeter(started))
                .limits(Limits.defaults().withMaxConnections(1)).build();
        server.start();
        try (LineClient served = LineClient.connect(server.tcpEndpoint());
             LineClient waiting = LineClient.connect(server.tcpEndpoint())) {
            served.send("first");
            assertThat(served.readLine()).isEqualTo("hi first");
            assertThat(server.stop(Duration.ofMillis(100))).isFalse(); // first never closes by itself
            served.awaitClosed();
            waiting.awaitClosed(); // never accepted: closed (or reset) with the listening socket
            assertThat(started).containsExactly("first");
            assertThat(server.isStopped()).isTrue();
        }
    }

    @Test
    void refuseModeSendsTheMessageAndCloses() throws Exception {
        BlockingQueue<String> started = new LinkedBlockingQueue<>();
        Server server = Server.builder("t").tcp(Endpoint.loopback(0), greeter(started))
                .limits(Limits.defaults().withMaxConnections(2).refusingWith("ERROR :Too many connections\r\n")).build();
        try (ServerFixture f = ServerFixture.start(server);
             LineClient a = f.connect(); LineClient b = f.connect()) {
            a.send("a");
            b.send("b");
            assertThat(a.readLine()).isEqualTo("hi a");
            assertThat(b.readLine()).isEqualTo("hi b");
            try (LineClient refused = f.connect()) {
                // a client that speaks first (like an IRC client registering) still gets the message
                refused.send("NICK late");
                refused.send("USER late 0 * :Late");
                assertThat(refused.readLine()).isEqualTo("ERROR :Too many connections");
                refused.awaitClosed();
            }
            assertThat(server.stats().connectionsRefused()).isEqualTo(1);
            assertThat(started).containsExactlyInAnyOrder("a", "b");

            a.close();
            // capacity comes back once a's handler has ended
            await().atMost(Duration.ofSeconds(5)).until(() -> greetedAfterConnect(f, "c"));
        }
    }

    @Test
    void perIpLimitRefusesTheExcessFromOneAddressOnly() throws Exception {
        BlockingQueue<String> started = new LinkedBlockingQueue<>();
        Server server = Server.builder("t").tcp(Endpoint.loopback(0), greeter(started))
                .limits(Limits.defaults().withMaxConnectionsPerIp(2).refusingWith("busy\r\n")).build();
        try (ServerFixture f = ServerFixture.start(server);
             LineClient a = f.connect(); LineClient b = f.connect()) {
            a.send("a");
            b.send("b");
            assertThat(a.readLine()).isEqualTo("hi a");
            assertThat(b.readLine()).isEqualTo("hi b");
            try (LineClient third = f.connect()) {
                assertThat(third.readLine()).isEqualTo("busy");
                third.awaitClosed();
            }
            assertThat(server.stats().connectionsRefused()).isEqualTo(1);

            // another address of the loopback network is another source
            try (Socket other = new Socket()) {
                other.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
                other.connect(f.tcp().toSocketAddress(), 5000);
                other.setSoTimeout(5000);
                other.getOutputStream().write("other\r\n".getBytes(StandardCharsets.UTF_8));
                assertThat(new String(other.getInputStream().readNBytes(10), StandardCharsets.UTF_8)).isEqualTo("hi other\r\n");
            }
            a.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> greetedAfterConnect(f, "again"));
            assertThat(server.stats().connectionsRefused()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void aRefusedConnectionHoldsNoPerIpSlotWhileItsRefusalDrains() throws Exception {
        BlockingQueue<String> started = new LinkedBlockingQueue<>();
        Server server = Server.builder("t").tcp(Endpoint.loopback(0), greeter(started))
                .limits(Limits.defaults().withMaxConnectionsPerIp(5).refusingWith("busy\r\n")).build();
        try (ServerFixture f = ServerFixture.start(server)) {
            LineClient[] five = new LineClient[5];
            try {
                for (int i = 0; i < five.length; i++) {
                    five[i] = f.connect();
                    five[i].send("c" + i);
                    assertThat(five[i].readLine()).isEqualTo("hi c" + i);
                }
                // The sixth is refused and keeps its socket open, so the server is still draining it.
                try (LineClient sixth = f.connect()) {
                    assertThat(sixth.readLine()).isEqualTo("busy");
                    five[0].close();
                    await().atMost(Duration.ofSeconds(5)).until(() -> server.openConnections() == 4);
                    try (LineClient next = f.connect()) {
                        next.send("next");
                        assertThat(next.readLine()).isEqualTo("hi next");
                    }
                }
            } finally {
                for (LineClient c : five) {
                    if (c != null) {
                        c.close();
                    }
                }
            }
            assertThat(server.stats().connectionsRefused()).isEqualTo(1);
        }
    }

    @Test
    void perIpCountsReturnToZeroUnderChurn() throws Exception {
        // Many short connections from one address racing each other must not leak or lose per-IP counts.
        Server server = Server.builder("t").tcp(Endpoint.loopback(0), c -> c.output().write('.'))
                .limits(Limits.defaults().withMaxConnectionsPerIp(1000)).build();
        try (ServerFixture f = ServerFixture.start(server)) {
            for (int i = 0; i < 300; i++) {
                try (LineClient c = f.connect()) {
                    assertThat(c.readBytes(1)).containsExactly('.');
                }
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> server.stats().connectionsOpen() == 0);
            assertThat(server.stats().connectionsRefused()).isZero();
        }
    }

    private static boolean greetedAfterConnect(ServerFixture f, String name) throws IOException {
        try (LineClient c = f.connect()) {
            c.send(name);
            return ("hi " + name).equals(c.readLine());
        }
    }

    /**
     * A connection a protocol's own listener accepted ({@link Server#admit}) shares the per-address count with the
     * server's own connections, is counted under its transport, and a refused one gets what a TCP client is told.
     */
    @Test
    void aConnectionAcceptedElsewhereSharesTheLimitsAndTheCounts() throws Exception {
        BlockingQueue<String> started = new LinkedBlockingQueue<>();
        Server server = Server.builder("t").tcp(Endpoint.loopback(0), greeter(started))
                .limits(Limits.defaults().withMaxConnectionsPerIp(2).refusingWith("busy\r\n")
                        .refusingWhileStoppingWith("stopping\r\n")).build();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerFixture f = ServerFixture.start(server); LineClient a = f.connect()) {
            a.send("a");
            assertThat(a.readLine()).isEqualTo("hi a");
            Entry web = server.admit(loopback, "web");
            assertThat(web).isInstanceOf(Entry.Admitted.class);
            try (LineClient third = f.connect()) { // the web one holds the second place of this address
                assertThat(third.readLine()).isEqualTo("busy");
                third.awaitClosed();
            }
            Entry refused = server.admit(loopback, "web");
            assertThat(refused).isInstanceOfSatisfying(Entry.Refused.class, r -> {
                assertThat(r.stopping()).isFalse();
                assertThat(new String(r.message(), StandardCharsets.UTF_8)).isEqualTo("busy\r\n");
            });
            assertThat(server.stats().transports().get("web").connectionsOpen()).isEqualTo(1);
            assertThat(server.stats().transports().get("web").connectionsRefused()).isEqualTo(1);
            assertThat(server.stats().connectionsRefused()).isEqualTo(2);
            ((Entry.Admitted) web).leave();
            ((Entry.Admitted) web).leave(); // only the first counts
            assertThat(server.stats().transports().get("web").connectionsOpen()).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> greetedAfterConnect(f, "c"));
        }
        assertThat(server.admit(loopback, "web")).isInstanceOfSatisfying(Entry.Refused.class, r -> {
            assertThat(r.stopping()).isTrue();
            assertThat(new String(r.message(), StandardCharsets.UTF_8)).isEqualTo("stopping\r\n");
        });
    }
}
