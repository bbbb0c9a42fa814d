package dev.sockets.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.it.harness.ExternalProcess;
import dev.sockets.it.harness.FreePorts;
import dev.sockets.it.harness.OurServer;
import dev.sockets.it.harness.Suite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The echo server's TCP connections run on event loops only when the JVM opens {@code java.base/java.lang} to
 * it, which the jar's manifest does ({@code java -jar}); run from the class path, without it, the same server
 * serves each connection on a virtual thread of the JDK's scheduler and says why under {@code --verbose}.
 * Either way every byte comes back. Which one runs is told by the threads of the process
 * ({@code /proc/PID/task/}: a loop is a platform thread named {@code echo-loop-0}).
 */
@Timeout(60)
class EchoLoopsIT {

    private static final Duration EXIT = Duration.ofSeconds(20);

    private static List<String> threadNames(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            return tasks.map(t -> {
                try {
                    return Files.readString(t.resolve("comm")).strip();
                } catch (IOException e) {
                    return ""; // a thread that ended meanwhile
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertEchoes(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            for (int i = 0; i < 50; i++) {
                byte[] ping = ("ping " + i + "\n").getBytes(StandardCharsets.US_ASCII);
                s.getOutputStream().write(ping);
                assertThat(s.getInputStream().readNBytes(ping.length)).isEqualTo(ping);
            }
            s.shutdownOutput();
            assertThat(s.getInputStream().read()).as("the server's end after ours").isEqualTo(-1);
        }
    }

    @Test
    void theJarServesOnAnEventLoop() throws IOException {
        try (OurServer server = OurServer.start(Suite.ECHO, "--tcp")) {
            assertEchoes(server.port());
            assertThat(threadNames(server.process().pid())).contains("echo-loop-0");
            assertThat(server.stop()).containsEntry("connections_total", 1L).containsEntry("bytes_out", 390L);
        }
    }

    @Test
    void fromTheClassPathWithoutTheOpensEachConnectionGetsAVirtualThreadAsBefore() throws IOException {
        int port = FreePorts.tcpAndUdp();
        try (ExternalProcess server = ExternalProcess.named("echo server (class path)").command(Suite.java(), "-cp",
                Suite.ECHO.jar().toString(), "dev.sockets.echo.EchoMain", "server", "--bind", "127.0.0.1", "--port",
                String.valueOf(port), "--tcp", "--verbose").start()) {
            server.awaitStderr("echo: listening on", OurServer.START_TIMEOUT);
            assertThat(server.stderr()).contains("virtual threads on event loops need java --add-opens java.base/java.lang");
            assertEchoes(port);
            assertThat(threadNames(server.pid())).noneMatch(name -> name.startsWith("echo-loop-"));
            server.terminate();
            assertThat(server.awaitExit(EXIT)).as(server.describe()).isZero();
        }
    }
}
