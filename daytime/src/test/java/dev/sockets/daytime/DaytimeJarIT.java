package dev.sockets.daytime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The runnable jar as the launcher runs it: a server process, a client process, SIGTERM. */
@Timeout(60)
class DaytimeJarIT {

    private static final Path JAR = Path.of("target", "daytime.jar");
    private static final Pattern LISTENING = Pattern.compile("listening on tcp/127\\.0\\.0\\.1:(\\d+), udp/127\\.0\\.0\\.1:(\\d+)");

    @Test
    void serverAndClientProcessesTalkAndTheServerStopsOnSigterm() throws Exception {
        assertThat(JAR).exists();
        Path log = Files.createTempFile("time-server", ".log");
        Process server = start(new ProcessBuilder(command("time", "server", "--bind", "127.0.0.1", "--port", "0"))
                .redirectErrorStream(true).redirectOutput(log.toFile()));
        try {
            Matcher ports = awaitListening(log); // port 0: TCP and UDP each get a free port of their own
            String port = ports.group(1);
            Process tcp = java("time", "client", "127.0.0.1", "--port", port, "--json");
            Process udp = java("time", "client", "127.0.0.1", "--port", ports.group(2), "--udp");
            assertThat(tcp.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(udp.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(tcp.exitValue()).isZero();
            assertThat(udp.exitValue()).isZero();
            assertThat(read(tcp)).startsWith("{\"server\":\"127.0.0.1:" + port + "\",\"transport\":\"tcp\",\"value\":");
            assertThat(read(udp).lines().toList()).hasSize(2).last().asString().startsWith("offset ");
            server.destroy(); // SIGTERM
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(server.exitValue()).isZero();
            assertThat(Files.readString(log)).contains("time: stopped;")
                    // each client asks 4 times by default (--samples)
                    .contains("connections_total=4").contains("datagrams_out=4");
        } finally {
            server.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    @Test
    void aBadZoneIsOneLineAndExit2() throws Exception {
        Process p = java("daytime", "server", "--port", "0", "--zone", "Nowhere/Special");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(err.lines().findFirst()).hasValue("daytime server: --zone: unknown time zone 'Nowhere/Special'"
                + " (examples: UTC, Europe/Paris, America/New_York, +05:30)");
    }

    private static Matcher awaitListening(Path log) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> LISTENING.matcher(Files.readString(log)), Matcher::find);
    }

    private static String read(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static Process java(String... args) throws IOException {
        return start(new ProcessBuilder(command(args)));
    }

    private static Process start(ProcessBuilder pb) throws IOException {
        return pb.start();
    }

    private static List<String> command(String... args) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return command;
    }
}
