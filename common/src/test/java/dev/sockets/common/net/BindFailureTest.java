package dev.sockets.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockets.common.server.Server;
import dev.sockets.common.udp.DatagramService;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BindFailureTest {

    @Test
    void permissionDeniedOnAPrivilegedPortIsOneActionableLine() {
        BindFailure f = BindFailure.explain(Endpoint.wildcard(7), "tcp", new BindException("Permission denied"));
        assertThat(f.getMessage()).isEqualTo("cannot bind tcp/[::]:7: permission denied (ports below 1024 need root or "
                + "CAP_NET_BIND_SERVICE); try --port 7007");
        assertThat(f.getMessage()).doesNotContain("\n");
        assertThat(f.endpoint()).isEqualTo(Endpoint.wildcard(7));
        assertThat(f.getCause()).isInstanceOf(BindException.class);
    }

    @Test
    void permissionDeniedOnIpv4AndUdpNamesWhatFailed() {
        BindFailure f = BindFailure.explain(Endpoint.parse("0.0.0.0:13", 0), "udp", new SocketException("Permission denied"));
        assertThat(f.getMessage()).isEqualTo("cannot bind udp/0.0.0.0:13: permission denied (ports below 1024 need root or "
                + "CAP_NET_BIND_SERVICE); try --port 7013");
    }

    @Test
    void otherCausesStayOneLine() {
        assertThat(BindFailure.explain(Endpoint.loopback(7007), "tcp", new BindException("Address already in use"))
                .getMessage()).isEqualTo("cannot bind tcp/127.0.0.1:7007: address already in use (another server is "
                        + "listening there); try another --port, e.g. 7008");
        assertThat(BindFailure.explain(Endpoint.parse("10.255.255.1:7007", 0), "tcp",
                new BindException("Cannot assign requested address")).getMessage())
                .isEqualTo("cannot bind tcp/10.255.255.1:7007: the address is not on this machine; check --bind");
        assertThat(BindFailure.explain(Endpoint.wildcard(7007), null, new IOException("Protocol family unavailable"))
                .getMessage()).isEqualTo("cannot bind [::]:7007: IPv6 is not available here; try --bind 0.0.0.0 (IOException)");
        assertThat(BindFailure.explain(Endpoint.wildcard(7007), "tcp", new IOException())
                .getMessage()).isEqualTo("cannot bind tcp/[::]:7007: IOException (IOException)");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aTcpPortInUseGivesAddressAlreadyInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = taken.getLocalPort();
            Server server = Server.builder("t").tcp(Endpoint.loopback(port), c -> { }).build();
            assertThatThrownBy(server::start)
                    .isInstanceOf(BindFailure.class)
                    .hasMessage("cannot bind tcp/127.0.0.1:" + port + ": address already in use (another server is "
                            + "listening there); try another --port, e.g. " + (port + 1));
            assertThat(server.isStopped()).isTrue();
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aFailedStartLeavesNothingBound() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        int tcpPort;
        try (ServerSocket probe = new ServerSocket(0, 1, loopback)) {
            tcpPort = probe.getLocalPort();
        }
        try (DatagramSocket taken = new DatagramSocket(0, loopback)) {
            // TCP binds first and succeeds; UDP cannot: the TCP listener must be released again.
            Server server = Server.builder("t")
                    .tcp(Endpoint.loopback(tcpPort), c -> { })
                    .udp(Endpoint.loopback(taken.getLocalPort()), (s, q, r) -> false, null)
                    .build();
            assertThatThrownBy(server::start).isInstanceOf(BindFailure.class).hasMessageContaining("udp/");
        }
        try (ServerSocket again = new ServerSocket(tcpPort, 1, loopback)) {
            assertThat(again.getLocalPort()).isEqualTo(tcpPort);
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aUdpPortInUseGivesAddressAlreadyInUse() throws IOException {
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            DatagramService service = new DatagramService("t", Endpoint.loopback(port), (s, q, r) -> false, null);
            assertThatThrownBy(service::bind)
                    .isInstanceOf(BindFailure.class)
                    .hasMessageStartingWith("cannot bind udp/127.0.0.1:" + port + ": address already in use");
        }
    }
}
