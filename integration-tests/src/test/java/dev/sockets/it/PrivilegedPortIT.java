package dev.sockets.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.it.harness.ExternalProcess;
import dev.sockets.it.harness.Suite;
import dev.sockets.it.harness.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server started by an unprivileged user on a port below 1024 says why it cannot bind in one line,
 * with the fix, and exits 1: no stack trace, nothing on stdout. Run as root (CI), the server is started
 * as {@code nobody} with {@code setpriv}; run as anyone else, it already is unprivileged.
 */
@Timeout(60)
class PrivilegedPortIT {

    private static final Duration EXIT = Duration.ofSeconds(30);
    private static final Path UNPRIVILEGED_PORT_START = Path.of("/proc/sys/net/ipv4/ip_unprivileged_port_start");

    @TempDir
    Path dir;

    @Test
    void echoServerOnItsDefaultPortExplainsInOneLine() throws IOException {
        ExternalProcess server = startUnprivileged(Suite.ECHO, "server");
        assertOneLineExplanation(server, "echo server", "cannot bind tcp/[::]:7: permission denied "
                + "(ports below 1024 need root or CAP_NET_BIND_SERVICE); try --port 7007");
    }

    @Test
    void daytimeServerOnLoopbackPort13ExplainsInOneLine() throws IOException {
        ExternalProcess server = startUnprivileged(Suite.DAYTIME, "server", "--bind", "127.0.0.1", "--port", "13");
        assertOneLineExplanation(server, "daytime server", "cannot bind tcp/127.0.0.1:13: permission denied "
                + "(ports below 1024 need root or CAP_NET_BIND_SERVICE); try --port 7013");
    }

    /**
     * Exit 1 and one line: {@code COMMAND: EXPLANATION}. The command is named as the jar names it
     * ({@code echo server}) or as the launcher does ({@code sockets echo server}, the README's form).
     */
    private static void assertOneLineExplanation(ExternalProcess server, String command, String explanation) {
        try (server) {
            int status = server.awaitExit(EXIT);
            List<String> lines = server.stderr().lines().filter(l -> !l.isBlank()).toList();
            assertThat(status).as(server.describe()).isEqualTo(1);
            assertThat(lines).as(server.describe()).hasSize(1);
            assertThat(lines.get(0)).as(server.describe())
                    .matches("(sockets )?" + Pattern.quote(command) + ": " + Pattern.quote(explanation));
            assertThat(server.stdout()).as(server.describe()).isEmpty();
        }
    }

    /**
     * Starts {@code suite role args} without privileges. The system must treat low ports as privileged
     * (containers may set {@code ip_unprivileged_port_start} to 0); when it doesn't, the server runs in a
     * fresh network namespace, which starts with the kernel default of 1024 (and only a loopback).
     */
    private ExternalProcess startUnprivileged(Suite suite, String role, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        boolean root = isRoot();
        if (root && lowPortsNeedPrivilege()) {
            cmd.addAll(List.of(Tools.require("setpriv", "util-linux"), "--reuid=nobody", "--regid=nogroup",
                    "--clear-groups", "--"));
        } else if (root) {
            cmd.addAll(List.of(Tools.require("unshare", "util-linux"), "--net", "--", "sh", "-c",
                    Tools.require("ip", "iproute2") + " link set lo up && exec \"$@\"", "sh",
                    Tools.require("setpriv", "util-linux"), "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
        } else if (!lowPortsNeedPrivilege()) {
            throw new AssertionError("this system lets every user bind ports below 1024 ("
                    + UNPRIVILEGED_PORT_START + " is not above 13): run the tests as root, or set "
                    + "sysctl net.ipv4.ip_unprivileged_port_start=1024");
        }
        cmd.addAll(suite.command(readableByAll(suite.jar()), role, args));
        return ExternalProcess.named(suite.serverName() + " " + role + " (unprivileged)").command(cmd)
                .directory(Path.of("/")).start();
    }

    private static boolean lowPortsNeedPrivilege() throws IOException {
        if (!Files.exists(UNPRIVILEGED_PORT_START)) {
            return true; // kernels before 4.11: ports below 1024 always need privilege
        }
        return Integer.parseInt(Files.readString(UNPRIVILEGED_PORT_START).strip()) > 13;
    }

    /** The jar itself when everyone can read it where it is; else a copy in a directory everyone can read. */
    private Path readableByAll(Path jar) throws IOException {
        boolean readable = Files.getPosixFilePermissions(jar).contains(PosixFilePermission.OTHERS_READ);
        for (Path p = jar.getParent(); p != null && readable; p = p.getParent()) {
            readable = Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE);
        }
        if (readable) {
            return jar;
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Path p = dir.getParent(); p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new AssertionError(jar + " is not readable by nobody, and neither is a copy under " + p
                        + ": point java.io.tmpdir at a directory everyone can search");
            }
        }
        Path copy = Files.copy(jar, dir.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        return copy;
    }

    private static boolean isRoot() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }
}
