package dev.sockets.it.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The suite's runnable jars and the JDK that runs them, located the way the README says: the jars under
 * {@code <root>/MODULE/target/MODULE.jar} ({@code sockets.root} is set by the POM to the checkout), run
 * with the java of the JDK running the tests. The commands name the protocol the way the launcher does:
 * {@code daytime.jar daytime server}, {@code daytime.jar time client}. Stateless.
 */
public enum Suite {
    ECHO("echo", null),
    DAYTIME("daytime", "daytime"),
    TIME("daytime", "time"),
    CHAT("chat", null);

    private final String module;
    private final String protocolWord;

    Suite(String module, String protocolWord) {
        this.module = module;
        this.protocolWord = protocolWord;
    }

    /** The server's name in its log lines ({@code echo: listening on ...}). */
    public String serverName() {
        return protocolWord == null ? module : protocolWord;
    }

    public static Path root() {
        String root = System.getProperty("sockets.root");
        if (root == null) {
            throw new AssertionError("system property sockets.root is not set (the failsafe configuration sets it)");
        }
        return Path.of(root).toAbsolutePath().normalize();
    }

    public Path jar() {
        Path jar = root().resolve(module).resolve("target").resolve(module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " is missing: build it first (mvn -B -DskipTests package -pl " + module
                    + " -am, or run the integration tests from the reactor)");
        }
        return jar;
    }

    /** The java launcher of the JDK running the tests. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code java -jar JAR [protocol] ROLE ARGS...}. */
    public List<String> command(String role, String... args) {
        return command(jar(), role, args);
    }

    /** Like {@link #command(String, String...)} with the jar at another place (a copy). */
    public List<String> command(Path jar, String role, String... args) {
        List<String> cmd = new ArrayList<>(List.of(java(), "-jar", jar.toString()));
        if (protocolWord != null) {
            cmd.add(protocolWord);
        }
        cmd.add(role);
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts {@code ROLE ARGS...} of this protocol as a process (a client: stdin is a pipe). */
    public ExternalProcess start(String role, String... args) {
        return ExternalProcess.named(serverName() + " " + role).command(command(role, args)).start();
    }

    /** Starts a client with stdin from {@code stdin}. */
    public ExternalProcess start(Path stdin, String role, String... args) {
        return ExternalProcess.named(serverName() + " " + role).command(command(role, args)).stdin(stdin).start();
    }
}
