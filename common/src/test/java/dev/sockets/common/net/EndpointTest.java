package dev.sockets.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EndpointTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1:7          | 127.0.0.1:7",
        "  127.0.0.1:7        | 127.0.0.1:7",
        "10.1.2.3:65535       | 10.1.2.3:65535",
        "[::1]:7007           | [::1]:7007",
        "[2001:db8::1]:0      | [2001:db8::1]:0",
        "7                    | [::]:7",
        ":7                   | [::]:7",
        "0                    | [::]:0",
        "127.0.0.1            | 127.0.0.1:13",
        "::1                  | [::1]:13",
        "[::1]                | [::1]:13",
        "::                   | [::]:13",
        "0.0.0.0:80           | 0.0.0.0:80",
    })
    void parsesTheAcceptedForms(String text, String expected) {
        assertThat(Endpoint.parse(text, 13)).hasToString(expected);
    }

    @Test
    void parsedAddressesHaveTheirFamily() {
        assertThat(Endpoint.parse("127.0.0.1:1", 0).address()).isInstanceOf(Inet4Address.class);
        assertThat(Endpoint.parse("[::1]:1", 0).address()).isInstanceOf(Inet6Address.class);
        assertThat(Endpoint.parse("1", 0).isWildcard()).isTrue();
        assertThat(Endpoint.parse("[::1]:1", 0).isWildcard()).isFalse();
        assertThat(Endpoint.parse("[::1]:9", 0)).isEqualTo(new Endpoint(InetAddress.getLoopbackAddress() instanceof Inet6Address
                ? InetAddress.getLoopbackAddress() : Endpoint.parseAddress("::1"), 9));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1:65536   | port 65536 is out of range 0-65535",
        "99999             | port 99999 is out of range 0-65535",
        "-1                | port -1 is out of range 0-65535",
        "[::1]:70000       | port 70000 is out of range 0-65535",
        "127.0.0.1:123456  | '127.0.0.1:123456': port must be a number 0-65535",
        "127.0.0.1:        | '127.0.0.1:': port must be a number 0-65535",
        "127.0.0.1:http    | '127.0.0.1:http': port must be a number 0-65535",
        "127.0.0.1:-1      | '127.0.0.1:-1': port must be a number 0-65535",
        "[::1]:x           | '[::1]:x': port must be a number 0-65535",
        "[::1              | '[::1': missing ']' after an IPv6 address",
        "[::1]7            | '[::1]7': expected ':port' after ']'",
        "1.2.3             | '1.2.3' is not an IP address (use e.g. 127.0.0.1 or ::1)",
        "256.1.1.1:7       | '256.1.1.1' is not an IP address (use e.g. 127.0.0.1 or ::1)",
        "[:::1]:7          | ':::1' is not an IP address (use e.g. 127.0.0.1 or ::1)",
        "garbage!          | 'garbage!' is not an IP address (use e.g. 127.0.0.1 or ::1)",
    })
    void rejectsBadInputWithAClearMessage(String text, String message) {
        assertThatThrownBy(() -> Endpoint.parse(text, 7))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void rejectsEmptyAndNull() {
        String message = "empty endpoint (expected host:port, [v6]:port or a port)";
        assertThatThrownBy(() -> Endpoint.parse("", 7)).hasMessage(message);
        assertThatThrownBy(() -> Endpoint.parse("   ", 7)).hasMessage(message);
        assertThatThrownBy(() -> Endpoint.parse(null, 7)).hasMessage(message);
    }

    @Test
    void rejectsAnOutOfRangeDefaultPort() {
        assertThatThrownBy(() -> Endpoint.parse("127.0.0.1", 65536)).hasMessage("port 65536 is out of range 0-65535");
        assertThatThrownBy(() -> Endpoint.parse("::1", -1)).hasMessage("port -1 is out of range 0-65535");
        assertThatThrownBy(() -> new Endpoint(Endpoint.parseAddress("::1"), -1))
                .hasMessage("port -1 is out of range 0-65535");
        assertThatThrownBy(() -> Endpoint.loopback(1 << 16)).hasMessage("port 65536 is out of range 0-65535");
    }

    @Test
    void parseNeverResolvesANameButResolveDoes() {
        // A name is not an IP literal: parse must say so (a DNS lookup would have turned it into an address).
        assertThatThrownBy(() -> Endpoint.parse("localhost", 7))
                .hasMessage("'localhost' is not an IP address (use e.g. 127.0.0.1 or ::1)");
        assertThatThrownBy(() -> Endpoint.parse("localhost:7", 7))
                .hasMessage("'localhost' is not an IP address (use e.g. 127.0.0.1 or ::1)");

        Endpoint resolved = Endpoint.resolve("localhost:7", 1);
        assertThat(resolved.address().isLoopbackAddress()).isTrue();
        assertThat(resolved.port()).isEqualTo(7);
        assertThat(Endpoint.resolve("localhost", 13).port()).isEqualTo(13);
    }

    @Test
    void resolveTakesLiteralsAsTheyAreAndABarePortAsLoopback() {
        assertThat(Endpoint.resolve("[::1]:7", 1)).hasToString("[::1]:7");
        assertThat(Endpoint.resolve("10.0.0.1", 7)).hasToString("10.0.0.1:7");
        assertThat(Endpoint.resolve("7007", 1)).isEqualTo(Endpoint.loopback(7007));
        assertThatThrownBy(() -> Endpoint.resolve("localhost:99999", 1)).hasMessage("port 99999 is out of range 0-65535");
        assertThatThrownBy(() -> Endpoint.resolve("[::1", 1)).hasMessage("'[::1': missing ']' after an IPv6 address");
    }

    @Test
    void privilegedMeansPortsOneTo1023() {
        assertThat(Endpoint.loopback(0).isPrivileged()).isFalse(); // any free port: the kernel picks an unprivileged one
        assertThat(Endpoint.loopback(1).isPrivileged()).isTrue();
        assertThat(Endpoint.wildcard(7).isPrivileged()).isTrue();
        assertThat(Endpoint.wildcard(1023).isPrivileged()).isTrue();
        assertThat(Endpoint.wildcard(1024).isPrivileged()).isFalse();
        assertThat(Endpoint.wildcard(6667).isPrivileged()).isFalse();
        assertThat(Endpoint.wildcard(65535).isPrivileged()).isFalse();
    }

    @Test
    void toStringFormsBracketIpv6() {
        assertThat(Endpoint.wildcard(7)).hasToString("[::]:7");
        assertThat(Endpoint.loopback(7)).hasToString("127.0.0.1:7");
        assertThat(Endpoint.parse("[2001:DB8:0:0::1]:7", 0)).hasToString("[2001:db8::1]:7");
        assertThat(Endpoint.parse("[::1]:7", 0).hostString()).isEqualTo("[::1]");
        assertThat(Endpoint.loopback(7).hostString()).isEqualTo("127.0.0.1");
        assertThat(Endpoint.loopback(7).withPort(8)).hasToString("127.0.0.1:8");
        assertThat(Endpoint.loopback(7).toSocketAddress().getPort()).isEqualTo(7);
    }

    @Test
    void ofRejectsNonIpSocketAddresses() {
        assertThatThrownBy(() -> Endpoint.of(java.net.InetSocketAddress.createUnresolved("example.org", 7)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not an IP socket address");
    }
}
