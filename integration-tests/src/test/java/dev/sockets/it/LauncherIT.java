package dev.sockets.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.common.net.Endpoint;
import dev.sockets.common.udp.DatagramClient;
import dev.sockets.it.harness.ExternalProcess;
import dev.sockets.it.harness.OnFreePort;
import dev.sockets.it.harness.OurServer;
import dev.sockets.it.harness.Suite;
import dev.sockets.it.harness.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher as a new user meets it: the first run of a command (which builds the jars) behaves like
 * every later one, and nothing of the JVM's own ever reaches standard output, which in inetd mode is the
 * client's socket.
 */
@Timeout(300)
class LauncherIT {

    private static final Duration BUILD = Duration.ofSeconds(240);
    private static final Duration JVM_START = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /**
     * A fresh copy of the sources with no jars: the launcher must build before it runs the client, and the
     * build must not swallow the input piped to the command (Maven reads standard input when it has one).
     */
    @Test
    void pipedInputReachesTheCommandWhenTheLauncherHasToBuildFirst() throws IOException {
        Path root = dir.resolve("checkout");
        copySources(Suite.root(), root);
        Path input = dir.resolve("input.txt");
        Files.writeString(input, "hello from a pipe\n");
        try (OurServer echo = OurServer.start(Suite.ECHO);
             ExternalProcess client = ExternalProcess.named("echo client, building first")
                     .command(root.resolve("sockets").toString(), "echo", "client", "127.0.0.1:" + echo.port())
                     .stdin(input).start()) {
            assertThat(client.awaitExit(BUILD)).as(client.describe()).isZero();
            assertThat(client.stderr()).as(client.describe()).contains("building the jars");
            assertThat(client.stdout()).as(client.describe()).isEqualTo("hello from a pipe\n");
        }
        assertThat(root.resolve("echo/target/echo.jar")).exists();
    }

    /**
     * systemd hands a UDP socket over as stdin and stdout; a write to stdout on it fails (EDESTADDRREQ), so
     * anything the JVM logs there makes the run fail. The JVM is told to log to stdout (JDK_JAVA_OPTIONS,
     * as an administrator might) and the run must still serve and exit 0, on the first run and a later one.
     */
    @Test
    void jvmOutputNeverReachesAnInheritedSocketOnTheFirstRunOfARoleOrLater() throws IOException {
        Path root = dir.resolve("installed");
        Path target = root.resolve("daytime/target");
        Files.createDirectories(target);
        Files.copy(Suite.root().resolve("sockets"), root.resolve("sockets"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(Suite.DAYTIME.jar(), target.resolve("daytime.jar"));
        Files.setLastModifiedTime(target.resolve("daytime.jar"), FileTime.from(Instant.now().minusSeconds(60)));

        servesOneDatagramFromSystemd(root, "first run of the role");
        servesOneDatagramFromSystemd(root, "a later run");
        try (var files = Files.list(target)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).as("the launcher writes nothing next to the jar")
                    .containsExactly("daytime.jar");
        }
    }

    private void servesOneDatagramFromSystemd(Path root, String name) throws IOException {
        String socketActivate = Tools.require("systemd-socket-activate", "systemd");
        try (OnFreePort activated = OnFreePort.start(port -> ExternalProcess.named("socket-activated daytime udp, " + name)
                .command(socketActivate, "-E", "JDK_JAVA_OPTIONS=-Xlog:gc=info,safepoint=info",
                        "-d",
                        "-l", "127.0.0.1:" + port, "--inetd", root.resolve("sockets").toString(),
                        "daytime", "server", "--udp", "--inherited")
                .start(), port -> "Listening on 127.0.0.1:" + port, Duration.ofSeconds(10));
             DatagramClient client = DatagramClient.open(Endpoint.loopback(activated.port()))) {
            ExternalProcess p = activated.process();
            Optional<byte[]> reply = client.exchange(new byte[0], JVM_START);
            assertThat(reply).as(p.describe()).isPresent();
            assertThat(new String(reply.get(), StandardCharsets.US_ASCII)).endsWith("\r\n").contains("UTC");
            p.terminate();
            assertThat(p.awaitExit(Duration.ofSeconds(30))).as(p.describe()).isZero();
            assertThat(p.stderr()).as(p.describe()).doesNotContain("Could not flush log")
                    .contains("datagrams_out=1");
        }
    }

    /** The launcher, the POMs and every module's main sources: what a clone holds, without any build output. */
    private static void copySources(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        Files.copy(from.resolve("sockets"), to.resolve("sockets"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(from.resolve("pom.xml"), to.resolve("pom.xml"));
        for (String module : List.of("common", "echo", "daytime", "chat", "dist", "integration-tests")) {
            Files.createDirectories(to.resolve(module));
            Files.copy(from.resolve(module).resolve("pom.xml"), to.resolve(module).resolve("pom.xml"));
            Path src = from.resolve(module).resolve("src/main");
            if (!Files.isDirectory(src)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path copy = to.resolve(module).resolve("src/main").resolve(src.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(f, copy);
                    }
                }
            }
        }
    }
}
