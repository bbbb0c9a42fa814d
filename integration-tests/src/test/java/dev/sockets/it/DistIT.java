package dev.sockets.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.it.harness.ExternalProcess;
import dev.sockets.it.harness.Suite;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive and the Debian package that {@code mvn package} builds in dist/target: the archive
 * unpacked into a temporary directory serves echo and chat from its own jars with no Maven, no
 * {@code ~/.m2} (HOME is an empty directory) and no source tree on the path; the .deb holds the files,
 * dependency and maintainer scripts it should, and its units pass {@code systemd-analyze verify}.
 */
class DistIT {

    private static final Duration JVM_START = Duration.ofSeconds(30);
    private static final Pattern TCP_PORT = Pattern.compile("listening on tcp/127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path temp;

    private static Path built(String glob) throws IOException {
        Path target = Suite.root().resolve("dist/target");
        try (var files = Files.newDirectoryStream(target, glob)) {
            for (Path p : files) {
                return p;
            }
        }
        throw new AssertionError("no " + glob + " in " + target + " (mvn package builds it)");
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }

    /** The unpacked archive's launcher in an environment with nothing of this checkout: HOME empty, PATH the system's. */
    private ExternalProcess startInstalled(Path home, Path launcher, String... args) {
        List<String> words = new java.util.ArrayList<>(List.of("env", "-i", "PATH=/usr/bin:/bin", "HOME=" + home,
                launcher.toString()));
        words.addAll(List.of(args));
        return ExternalProcess.named(String.join(" ", args)).command(words).directory(home).start();
    }

    private static int port(ExternalProcess p) {
        Matcher m = TCP_PORT.matcher(p.awaitStderr("listening on", JVM_START));
        assertThat(m.find()).as(p.describe()).isTrue();
        return Integer.parseInt(m.group(1));
    }

    @Test
    void theArchiveServesEchoAndChatFromItsOwnJars() throws Exception {
        Path archive = built("sockets-*.tar.gz");
        Path unpacked = Files.createDirectories(temp.resolve("opt"));
        Path home = Files.createDirectories(temp.resolve("home"));
        run(unpacked, "tar", "xzf", archive.toString());
        Path top;
        try (Stream<Path> s = Files.list(unpacked)) {
            top = s.findFirst().orElseThrow();
        }
        assertThat(top.getFileName().toString()).matches("sockets-\\d+\\.\\d+\\.\\d+");
        for (String f : List.of("bin/sockets", "lib/echo.jar", "lib/daytime.jar", "lib/chat.jar", "README.md", "LICENSE",
                "CHANGELOG.md", "share/man/man1/sockets-chat-server.1", "share/man/man1/sockets-echo-server.1",
                "share/bash-completion/completions/sockets", "share/zsh/site-functions/sockets.zsh",
                "share/sockets/systemd/sockets-chat.service", "share/sockets/inetd/inetd.conf")) {
            assertThat(top.resolve(f)).as(f).exists();
        }
        assertThat(Files.isExecutable(top.resolve("bin/sockets"))).isTrue();
        Path launcher = top.resolve("bin/sockets");

        try (ExternalProcess version = startInstalled(home, launcher, "--version")) {
            assertThat(version.awaitExit(JVM_START)).as(version.describe()).isZero();
            assertThat(version.stdout()).as(version.describe())
                    .containsPattern("^sockets " + top.getFileName().toString().substring("sockets-".length())
                            + " \\(commit ([0-9a-f]{12}|unknown), Java \\d+");
        }
        try (ExternalProcess echo = startInstalled(home, launcher, "echo", "server", "--tcp", "--bind", "127.0.0.1", "--port", "0")) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port(echo)), 5_000);
                s.setSoTimeout(10_000);
                s.getOutputStream().write("from the archive\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine())
                        .isEqualTo("from the archive");
            }
            echo.terminate();
            assertThat(echo.awaitExit(Duration.ofSeconds(20))).as(echo.describe()).isZero();
        }
        try (ExternalProcess chat = startInstalled(home, launcher, "chat", "server", "--bind", "127.0.0.1", "--port", "0")) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port(chat)), 5_000);
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                out.write("NICK alice\r\nUSER alice 0 * :Alice\r\n".getBytes(StandardCharsets.US_ASCII));
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                String line;
                do {
                    line = in.readLine();
                    assertThat(line).as("welcome before the connection ended").isNotNull();
                } while (!line.matches(":\\S+ 001 alice .*"));
            }
            chat.terminate();
            assertThat(chat.awaitExit(Duration.ofSeconds(20))).as(chat.describe()).isZero();
        }
        // Nothing was written to the empty HOME (no Maven repository, no build).
        try (Stream<Path> s = Files.list(home)) {
            assertThat(s.map(p -> p.getFileName().toString())).doesNotContain(".m2");
        }
    }

    @Test
    void theDebianPackageInstallsFilesAndStartsNothing() throws Exception {
        Path deb = built("sockets_*_all.deb");
        String info = run(temp, "dpkg-deb", "-I", deb.toString());
        assertThat(info).contains("Package: sockets", "Architecture: all")
                .containsPattern("(?m)^ Depends: .*openjdk-21-jre-headless \\| .*java21-runtime-headless");
        String files = run(temp, "dpkg-deb", "-c", deb.toString());
        assertThat(files).contains("./usr/bin/sockets -> ../share/sockets/bin/sockets",
                "./usr/share/sockets/lib/chat.jar", "./usr/share/sockets/lib/echo.jar",
                "./usr/share/man/man1/sockets-chat-server.1.gz", "./lib/systemd/system/sockets-chat.socket",
                "./lib/systemd/system/sockets-chat.service", "./lib/systemd/system/sockets-chat-tls.socket",
                "./etc/default/sockets-chat", "./etc/sockets/chat.conf",
                "./usr/share/bash-completion/completions/sockets", "./usr/share/doc/sockets/README.md")
                .doesNotContain("/opt/");
        assertThat(files.lines().filter(l -> l.contains("./usr/bin/sockets")).findFirst().orElseThrow()).contains("root/root");

        Path control = temp.resolve("control");
        run(temp, "dpkg-deb", "-e", deb.toString(), control.toString());
        assertThat(Files.readString(control.resolve("conffiles"))).contains("/etc/default/sockets-chat", "/etc/sockets/chat.conf");
        try (Stream<Path> scripts = Files.list(control)) {
            for (Path script : scripts.filter(p -> List.of("preinst", "postinst", "prerm", "postrm")
                    .contains(p.getFileName().toString())).toList()) {
                for (String line : Files.readAllLines(script)) {
                    String code = line.strip();
                    if (code.startsWith("#")) {
                        continue;
                    }
                    assertThat(code).as(script.getFileName() + ": " + line)
                            .doesNotContainPattern("systemctl\\s+(\\S+\\s+)*(start|enable|restart|try-restart|reload-or-restart|unmask)\\b")
                            .doesNotContain("deb-systemd-invoke start", "invoke-rc.d");
                }
            }
        }

        // The units as installed, checked by systemd-analyze with ExecStart pointing at the extracted root.
        Path root = temp.resolve("root");
        run(temp, "dpkg-deb", "-x", deb.toString(), root.toString());
        Path units = Files.createDirectories(temp.resolve("units"));
        try (Stream<Path> s = Files.list(root.resolve("lib/systemd/system"))) {
            for (Path unit : s.toList()) {
                String text = Files.readString(unit);
                if (unit.toString().endsWith(".service")) {
                    assertThat(text).contains("ExecStart=/usr/bin/sockets ", "EnvironmentFile=-/etc/default/",
                            "MemoryMax=", "SOCKETS_JAVA_OPTS=-Xmx");
                    // Native socket activation: several sockets per service, not one on standard input.
                    assertThat(text).doesNotContain("StandardInput=socket");
                }
                if (unit.getFileName().toString().equals("sockets-echo.socket")) {
                    assertThat(text).contains("ListenStream=7", "ListenDatagram=7");
                }
                if (unit.getFileName().toString().equals("sockets-chat.service")) {
                    assertThat(text).contains("--config /etc/sockets/chat.conf", "ExecReload=/bin/kill -HUP $MAINPID");
                }
                Files.writeString(units.resolve(unit.getFileName()), text.replace("/usr/bin/sockets", root + "/usr/bin/sockets"));
            }
        }
        if (new java.io.File("/usr/bin/systemd-analyze").canExecute()) {
            List<String> verify = new java.util.ArrayList<>(List.of("systemd-analyze", "verify", "--man=no"));
            try (Stream<Path> s = Files.list(units)) {
                s.sorted().forEach(u -> verify.add(u.toString()));
            }
            assertThat(run(units, verify.toArray(String[]::new))).isEmpty();
        }
    }
}
