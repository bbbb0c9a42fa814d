package dev.sockets.common.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockets.common.net.BindFailure;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.tcp.ConnectionHandler;
import dev.sockets.common.testing.LineClient;
import dev.sockets.common.testing.ServerFixture;
import dev.sockets.common.udp.DatagramClient;
import dev.sockets.common.udp.DatagramHandler;
import dev.sockets.common.udp.UdpPolicy;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Port 0 serving TCP and UDP on one port, the per-address connect rate limit, and serving sockets
 * handed over by systemd or inetd (adopt).
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ServerInheritedAndPortsTest {

    private static final ConnectionHandler HELLO = c -> c.write(ByteBuffer.wrap("hello\r\n".getBytes(StandardCharsets.US_ASCII)));
    private static final DatagramHandler PONG = (source, request, reply) -> {
        reply.put("pong".getBytes(StandardCharsets.US_ASCII));
        return true;
    };

    @Test
    void portZeroGivesTcpAndUdpTheSamePort() throws Exception {
        for (int i = 0; i < 5; i++) {
            Server server = Server.builder("both").tcp(Endpoint.loopback(0), HELLO)
                    .udp(Endpoint.loopback(0), PONG, UdpPolicy.open()).build();
            try (ServerFixture f = ServerFixture.start(server)) {
                assertThat(server.udpEndpoint().port()).isEqualTo(server.tcpEndpoint().port());
                try (DatagramClient c = DatagramClient.open(f.udp())) {
                    assertThat(c.exchange(new byte[0], Duration.ofSeconds(5))).isPresent();
                }
            }
        }
    }

    @Test
    void connectionsFasterThanThePerAddressRateAreRefused() throws Exception {
        Limits limits = Limits.defaults().refusingWith("slow down\r\n").withConnectRatePerIp(0.001, 2, true);
        Server server = Server.builder("rate").tcp(Endpoint.loopback(0), HELLO).limits(limits).build();
        try (ServerFixture f = ServerFixture.start(server)) {
            for (int i = 0; i < 2; i++) {
                try (LineClient c = f.connect()) {
                    assertThat(c.readLine()).isEqualTo("hello");
                }
            }
            try (LineClient c = f.connect()) {
                assertThat(c.readLine()).isEqualTo("slow down");
                c.awaitClosed();
            }
            assertThat(server.stats().snapshot()).containsEntry("refused_rate", 1L);
        }
    }

    @Test
    void loopbackIsExemptFromTheConnectRateByDefault() throws Exception {
        Limits limits = Limits.defaults().withConnectRatePerIp(0.001, 1, false);
        Server server = Server.builder("rate").tcp(Endpoint.loopback(0), HELLO).limits(limits).build();
        try (ServerFixture f = ServerFixture.start(server)) {
            for (int i = 0; i < 5; i++) {
                try (LineClient c = f.connect()) {
                    assertThat(c.readLine()).isEqualTo("hello");
                }
            }
        }
    }

    @Test
    void anInheritedListeningSocketIsServedLikeItsOwn() throws Exception {
        ServerSocketChannel listening = ServerSocketChannel.open();
        listening.bind(new InetSocketAddress("127.0.0.1", 0));
        Server server = Server.builder("inh").tcp(Endpoint.loopback(7), HELLO).build(); // port 7 never bound
        server.adopt(listening);
        try (ServerFixture f = ServerFixture.start(server)) {
            assertThat(server.tcpEndpoint()).isEqualTo(Endpoint.of(listening.getLocalAddress()));
            for (int i = 0; i < 3; i++) {
                try (LineClient c = f.connect()) {
                    assertThat(c.readLine()).isEqualTo("hello");
                }
            }
            assertThat(server.finished()).isNotDone();
        }
        // Left open on purpose (closing an inherited channel points stdin, stdout and stderr at
        // /dev/null); a client that connects after the stop is closed without being served.
        try (Socket late = new Socket()) {
            late.connect(listening.getLocalAddress(), 5000);
            late.setSoTimeout(5000);
            assertThat(late.getInputStream().read()).isEqualTo(-1);
        } finally {
            listening.close();
        }
    }

    @Test
    void anInheritedConnectedSocketIsServedOnceThenTheServerIsFinished() throws Exception {
        try (ServerSocketChannel acceptor = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             Socket client = new Socket()) {
            client.connect(acceptor.getLocalAddress(), 5000);
            SocketChannel accepted = acceptor.accept();
            Server server = Server.builder("inh").tcp(Endpoint.loopback(7), HELLO).build();
            server.adopt(accepted);
            server.start();
            try {
                client.setSoTimeout(5000);
                byte[] got = client.getInputStream().readAllBytes();
                assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo("hello\r\n");
                assertThat(server.finished()).succeedsWithin(Duration.ofSeconds(5));
            } finally {
                server.stop(Duration.ofSeconds(1));
            }
        }
    }

    @Test
    void anInheritedDatagramSocketIsTheUdpService() throws Exception {
        DatagramChannel bound = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        Server server = Server.builder("inh").udp(Endpoint.loopback(7), PONG, UdpPolicy.open()).build();
        server.adopt(bound);
        try (ServerFixture f = ServerFixture.start(server); DatagramClient c = DatagramClient.open(f.udp())) {
            assertThat(c.exchange("ping".getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(5)))
                    .hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.US_ASCII)).isEqualTo("pong"));
        }
    }

    @Test
    void anInheritedSocketOfTheWrongKindIsAClearError() throws Exception {
        DatagramChannel bound = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        try (bound) {
            Server server = Server.builder("tcponly").tcp(Endpoint.loopback(7), HELLO).build();
            server.adopt(bound);
            assertThatThrownBy(server::start).isInstanceOf(BindFailure.class)
                    .hasMessageContaining("the inherited socket is a UDP socket, but this server does not serve UDP");
        }
    }
}
