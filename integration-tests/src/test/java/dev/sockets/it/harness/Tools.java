package dev.sockets.it.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the external programs the tests run. A missing program fails the test, naming the Debian
 * package that provides it: the test command installs them (.ci/install-test-deps.sh), so a missing one
 * is a broken setup, never a reason to skip. Stateless.
 */
public final class Tools {

    private Tools() {
    }

    /** The absolute path of {@code command} on PATH or in an sbin directory, or an AssertionError. */
    public static String require(String command, String debianPackage) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new AssertionError("'" + command + "' is not installed: install the Debian package '" + debianPackage
                + "' (as root: .ci/install-test-deps.sh, or apt-get install " + debianPackage + ")");
    }

    public static String nc() {
        return require("nc", "netcat-openbsd");
    }

    public static String socat() {
        return require("socat", "socat");
    }

    /** libfaketime's preload library (Debian's faketime package), for a process whose clock must differ. */
    public static String libfaketime() {
        require("faketime", "faketime");
        for (String dir : List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib")) {
            Path p = Path.of(dir, "faketime", "libfaketime.so.1");
            if (Files.isRegularFile(p)) {
                return p.toString();
            }
        }
        throw new AssertionError("libfaketime.so.1 not found: install the Debian package 'faketime'");
    }
}
