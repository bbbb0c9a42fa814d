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
                    .hasMessage("inherited socket 'stdin' is a UDP socket, but this server serves no UDP (drop --tcp/--udp or fix the socket unit)");
        }
    }

    private static ConnectionHandler says(String word) {
        return c -> c.write(ByteBuffer.wrap((word + "\r\n").getBytes(StandardCharsets.US_ASCII)));
    }

    private static String firstLine(ServerSocketChannel listening) throws Exception {
        InetSocketAddress at = (InetSocketAddress) listening.getLocalAddress();
        try (LineClient c = LineClient.connect(Endpoint.loopback(at.getPort()))) {
            return c.readLine();
        }
    }

    @Test
    void severalInheritedSocketsGoByNameThenByKindInOrder() throws Exception {
        // systemd passes a TLS socket named "tls" first and an unnamed plain one after it.
        try (ServerSocketChannel tls = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             ServerSocketChannel plain = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             DatagramChannel udp = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            Server server = Server.builder("multi").tcp(Endpoint.loopback(7), says("plain"))
                    .tcp(Endpoint.loopback(6697), says("secure"), "tls")
                    .udp(Endpoint.loopback(7), PONG, UdpPolicy.open()).build();
            server.adopt(java.util.List.of(new dev.sockets.common.net.InheritedSocket("tls", tls),
                    new dev.sockets.common.net.InheritedSocket("sockets-multi.socket", udp),
                    new dev.sockets.common.net.InheritedSocket("sockets-multi.socket", plain)));
            try (ServerFixture f = ServerFixture.start(server)) {
                assertThat(firstLine(tls)).isEqualTo("secure");
                assertThat(firstLine(plain)).isEqualTo("plain");
                try (DatagramClient c = DatagramClient.open(f.udp())) {
                    assertThat(c.exchange(new byte[0], Duration.ofSeconds(5))).hasValueSatisfying(
                            b -> assertThat(new String(b, StandardCharsets.US_ASCII)).isEqualTo("pong"));
                }
                assertThat(server.stats().snapshot()).containsKey("connections_total");
            }
        }
    }

    @Test
    void anInheritedSocketNoEndpointCanTakeIsAClearError() throws Exception {
        try (ServerSocketChannel one = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             ServerSocketChannel two = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            Server server = Server.builder("single").tcp(Endpoint.loopback(7), HELLO).build();
            server.adopt(java.util.List.of(new dev.sockets.common.net.InheritedSocket("tcp", one),
                    new dev.sockets.common.net.InheritedSocket("extra", two)));
            assertThatThrownBy(server::start).isInstanceOf(BindFailure.class).hasMessage("inherited socket 'extra' is a "
                    + "listening TCP socket, but every such endpoint of this server (tcp) already has one");
        }
    }

    @Test
    void aSocketNamedForATransportTheServerLacksIsRefusedNotServedAsAnother() throws Exception {
        try (ServerSocketChannel tls = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             ServerSocketChannel plain = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            Server server = Server.builder("plainonly").tcp(Endpoint.loopback(6667), HELLO).build();
            server.adopt(java.util.List.of(new dev.sockets.common.net.InheritedSocket("tls", tls),
                    new dev.sockets.common.net.InheritedSocket("sockets-chat.socket", plain)));
            assertThatThrownBy(server::start).isInstanceOf(BindFailure.class).hasMessage("inherited socket 'tls' is named "
                    + "for tls, but this server serves only tcp over TCP (for tls: give it --tls-cert and --tls-key or "
                    + "--tls-self-signed)");
        }
    }

    @Test
    void aSocketNamedForTheOtherKindIsRefusedNotServedByKind() throws Exception {
        try (ServerSocketChannel stream = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             DatagramChannel datagram = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            Server both = Server.builder("both").tcp(Endpoint.loopback(7), HELLO).udp(Endpoint.loopback(7), PONG, UdpPolicy.open()).build();
            both.adopt(java.util.List.of(new dev.sockets.common.net.InheritedSocket("udp", stream)));
            assertThatThrownBy(both::start).isInstanceOf(BindFailure.class).hasMessage("inherited socket 'udp' is a "
                    + "listening TCP socket, but its name asks for udp (fix FileDescriptorName= in the socket unit)");
            Server again = Server.builder("both").tcp(Endpoint.loopback(7), HELLO).udp(Endpoint.loopback(7), PONG, UdpPolicy.open()).build();
            again.adopt(java.util.List.of(new dev.sockets.common.net.InheritedSocket("tcp", datagram)));
            assertThatThrownBy(again::start).isInstanceOf(BindFailure.class).hasMessage("inherited socket 'tcp' is a "
                    + "UDP socket, but its name asks for tcp (fix FileDescriptorName= in the socket unit)");
        }
    }

    /** A name the protocol serves some other way (chat's web listener binds its own port) is refused, not served as IRC. */
    @Test
    void aSocketNamedNotAdoptableIsRefusedWithTheProtocolsReason() throws Exception {
        try (ServerSocketChannel web = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            Server server = Server.builder("chat").tcp(Endpoint.loopback(6667), HELLO)
                    .notAdoptable("web", "the web listener binds --web-port itself").build();
            server.adopt(java.util.List.of(new dev.sockets.common.net.InheritedSocket("web", web)));
            assertThatThrownBy(server::start).isInstanceOf(BindFailure.class)
                    .hasMessage("inherited socket 'web' cannot be served: the web listener binds --web-port itself");
            assertThat(server.isStopped()).isTrue();
        }
    }
}
