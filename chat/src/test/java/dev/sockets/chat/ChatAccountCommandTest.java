package dev.sockets.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.chat.server.account.Account;
import dev.sockets.chat.server.account.PasswordHash;
import dev.sockets.chat.server.account.SqlAccounts;
import dev.sockets.chat.server.store.Store;
import dev.sockets.chat.server.store.StoreLocation;
import dev.sockets.common.cli.Cli;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code chat account}: the operator's commands on the same SQLite file a server uses; the password comes
 * from standard input, never the command line; every misuse is one line and exit 1 or 2.
 */
class ChatAccountCommandTest {

    @TempDir
    Path dir;

    /** Runs {@code chat account ARGS} with {@code stdin}; returns exit status and standard output. */
    private Result run(String stdin, String... args) {
        InputStream was = System.in;
        java.io.PrintStream wasOut = System.out;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 3];
            all[0] = "account";
            System.arraycopy(args, 0, all, 1, args.length);
            all[args.length + 1] = "--data-dir";
            all[args.length + 2] = dir.toString();
            int code = Cli.run(new ChatMain(), all);
            return new Result(code, out.toString(StandardCharsets.UTF_8).strip());
        } finally {
            System.setIn(was);
            System.setOut(wasOut);
        }
    }

    private record Result(int code, String out) { }

    private Account stored(String name) {
        try (Store s = Store.open(new StoreLocation.Embedded(dir))) {
            return new SqlAccounts(s.dataSource()).find(name).orElse(null);
        }
    }

    @Test
    void addPasswdListAndDelete() {
        assertThat(run("sesame\n", "add", "Alice")).isEqualTo(new Result(0, "account Alice added"));
        assertThat(PasswordHash.verify("sesame".getBytes(StandardCharsets.UTF_8), stored("alice").passwordHash())).isTrue();
        assertThat(run("other\n", "add", "alice").code()).isEqualTo(Cli.EXIT_FAILURE);

        assertThat(run("millet\n", "passwd", "alice")).isEqualTo(new Result(0, "password of alice changed"));
        assertThat(PasswordHash.verify("millet".getBytes(StandardCharsets.UTF_8), stored("alice").passwordHash())).isTrue();
        assertThat(run("x\n", "passwd", "nobody").code()).isEqualTo(Cli.EXIT_FAILURE);

        String fp = "AB:".repeat(31) + "AB";
        assertThat(run("", "add-cert", "alice", fp)).isEqualTo(new Result(0, "certificate " + "ab".repeat(32)
                + " logs in to alice"));
        assertThat(run("", "list").out()).startsWith("Alice registered 20").endsWith(" certificates " + "ab".repeat(32));
        assertThat(run("", "del-cert", "alice", "ab".repeat(32)).code()).isZero();
        assertThat(run("", "del-cert", "alice", "ab".repeat(32)).code()).isEqualTo(Cli.EXIT_FAILURE);

        assertThat(run("", "del", "ALICE")).isEqualTo(new Result(0, "account ALICE deleted"));
        assertThat(stored("alice")).isNull();
        assertThat(run("", "del", "alice").code()).isEqualTo(Cli.EXIT_FAILURE);
    }

    @Test
    void misuseIsOneLineAndExitTwoOrOne() {
        assertThat(run("", "add").code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(run("sesame\n", "add", "9lives").code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(run("sesame\n", "add", "a b").code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(run("", "add-cert", "alice", "not-hex").code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(run("", "add", "alice").code()).as("no password on stdin").isEqualTo(Cli.EXIT_FAILURE);
        assertThat(run("\n", "add", "alice").code()).as("empty password").isEqualTo(Cli.EXIT_FAILURE);
        assertThat(run("", "nonsense").code()).isEqualTo(Cli.EXIT_USAGE);
        assertThat(stored("alice")).isNull();
    }
}
