package dev.sockets.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.common.server.Limits;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --config FILE} through {@link Cli#run}, as every server command gets it. */
class ConfigFileTest {

    @TempDir
    Path dir;

    @Command(name = "proto", subcommands = ServerCommand.class)
    static final class Top implements Callable<Integer> {
        @Override
        public Integer call() {
            return 0;
        }
    }

    @Command(name = "server", mixinStandardHelpOptions = true)
    static final class ServerCommand implements Callable<Integer> {
        static ServerCommand last;

        @Mixin ServerOptions server;

        @Option(names = "--name")
        String name = "built-in";

        @Option(names = "--sendq")
        int sendq = 1000;

        @Option(names = "--quiet")
        boolean quiet;

        @Option(names = "--ping", converter = DurationConverter.class)
        Duration ping = Duration.ofSeconds(120);

        Limits limits;

        @Override
        public Integer call() {
            last = this;
            OptionRange.atLeast("--sendq", sendq, 1);
            limits = server.limits();
            return 0;
        }
    }

    private record Outcome(int status, String err) {
    }

    private Outcome run(String... args) {
        ServerCommand.last = null;
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("server"));
        all.addAll(List.of(args));
        int status = Cli.run(new Top(), all.toArray(String[]::new), new PrintWriter(err, true));
        return new Outcome(status, err.toString());
    }

    private Path file(String text) throws IOException {
        Path f = dir.resolve("test.conf");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void everyKindOfOptionIsSetFromTheFile() throws IOException {
        Path f = file("""
                # a comment, then options of the command and of its shared server options
                name = from the file
                sendq: 4096
                quiet = true
                ping = 5m
                max-connections = 77
                """);
        Outcome o = run("--config", f.toString());
        assertThat(o.status()).as(o.err()).isZero();
        ServerCommand s = ServerCommand.last;
        assertThat(s.name).isEqualTo("from the file");
        assertThat(s.sendq).isEqualTo(4096);
        assertThat(s.quiet).isTrue();
        assertThat(s.ping).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.limits.maxConnections()).isEqualTo(77);
    }

    @Test
    void theCommandLineWinsOverTheFileAndTheFileOverTheDefault() throws IOException {
        Path f = file("name = file\nsendq = 4096\n");
        Outcome o = run("--sendq", "10", "--config=" + f);
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(ServerCommand.last.sendq).isEqualTo(10);
        assertThat(ServerCommand.last.name).isEqualTo("file");
        assertThat(ServerCommand.last.ping).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void anUnknownKeyIsOneLineNamingFileAndLine() throws IOException {
        Path f = file("name = x\n\n# typo below\nmax-conections = 5\n");
        Outcome o = run("--config", f.toString());
        assertThat(o.status()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(o.err().lines().findFirst().orElseThrow())
                .isEqualTo("proto server: " + f + ":4: unknown option 'max-conections' (the keys are the long options of "
                        + "'sockets proto server --help', without --)");
        assertThat(ServerCommand.last).isNull();
    }

    @Test
    void aValueThatDoesNotConvertNamesFileAndLine() throws IOException {
        Path f = file("name = x\nsendq = lots\n");
        Outcome o = run("--config", f.toString());
        assertThat(o.status()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(o.err().lines().findFirst().orElseThrow()).startsWith("proto server: " + f + ":2: ")
                .contains("--sendq").contains("lots");
    }

    @Test
    void aValueOutOfRangeNamesFileAndLineButAFlagIsBlamedAsAFlag() throws IOException {
        Path f = file("sendq = 0\n");
        Outcome fromFile = run("--config", f.toString());
        assertThat(fromFile.status()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(fromFile.err().lines().findFirst().orElseThrow())
                .isEqualTo("proto server: " + f + ":1: --sendq must be at least 1");

        Outcome fromFlag = run("--config", f.toString(), "--sendq", "-1");
        assertThat(fromFlag.err().lines().findFirst().orElseThrow()).isEqualTo("proto server: --sendq must be at least 1");
    }

    @Test
    void aMissingFileIsOneLine() {
        Outcome o = run("--config", dir.resolve("nope.conf").toString());
        assertThat(o.status()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(o.err().lines().findFirst().orElseThrow())
                .isEqualTo("proto server: --config " + dir.resolve("nope.conf") + ": no such file");
    }

    @Test
    void aKeySetTwiceAnEmptyValueAndConfigItselfAreRefused() throws IOException {
        Outcome twice = run("--config", file("name = a\nsendq = 5\nname = b\n").toString());
        assertThat(twice.err()).contains(":3: 'name' is already set at line 1");

        Outcome empty = run("--config", file("name =\n").toString());
        assertThat(empty.err()).contains(":1: 'name' has no value");

        Outcome nested = run("--config", file("config = /etc/other.conf\n").toString());
        assertThat(nested.err()).contains(":1: 'config' cannot be set in a config file");

        Outcome help = run("--config", file("help = true\n").toString());
        assertThat(help.err()).contains(":1: unknown option 'help'");
        assertThat(List.of(twice.status(), empty.status(), nested.status(), help.status())).containsOnly(Cli.EXIT_USAGE);
    }

    @Test
    void withoutConfigNothingChanges() {
        Outcome o = run();
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(ServerCommand.last.name).isEqualTo("built-in");
        assertThat(ServerCommand.last.sendq).isEqualTo(1000);
    }
}
