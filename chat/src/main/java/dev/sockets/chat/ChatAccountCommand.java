package dev.sockets.chat;

import dev.sockets.chat.protocol.CaseMapping;
import dev.sockets.chat.server.account.Account;
import dev.sockets.chat.server.account.AccountStoreException;
import dev.sockets.chat.server.account.PasswordHash;
import dev.sockets.chat.server.account.SqlAccounts;
import dev.sockets.chat.server.store.Store;
import dev.sockets.common.cli.Cli;
import dev.sockets.common.cli.UserError;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chat account add|passwd|del|list|add-cert|del-cert}: the server operator's accounts, in the same
 * store the server uses ({@code --data-dir}, {@code --store}), safely while it runs (SQLite in WAL mode
 * takes one writer at a time; the server reads every login from the store, so a change counts at once).
 * Passwords are read from the console without echo (twice) or the first line of standard input, never
 * from the command line, and stored only as Argon2id hashes.
 */
@Command(name = "account", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Manage the chat server's accounts (what users log in to with SASL), in its store.",
        subcommands = {ChatAccountCommand.Add.class, ChatAccountCommand.Passwd.class, ChatAccountCommand.Del.class,
                ChatAccountCommand.ListAccounts.class, ChatAccountCommand.AddCert.class, ChatAccountCommand.DelCert.class})
public final class ChatAccountCommand implements Callable<Integer> {

    /** Longest account name (an account is a nick: within any --nicklen a server allows). */
    static final int MAX_NAME = 64;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand: add, passwd, del, list, add-cert or del-cert");
    }

    /** Where the accounts are: the options every subcommand shares, as the server spells them. */
    static final class Where {
        @Option(names = "--data-dir", paramLabel = "DIR", description = "The server's data directory "
                + "(default: ${DEFAULT-VALUE} in the working directory).")
        Path dataDir = Path.of("sockets-chat");

        @Option(names = "--store", paramLabel = "postgresql://USER:PASSWORD@HOST:PORT/DB", description =
                "The server's PostgreSQL store instead of the embedded file, as 'chat server --store' "
                + "(default: the embedded file in --data-dir).")
        String store;

        <T> T with(Function<SqlAccounts, T> work) {
            if ("none".equals(store)) {
                throw UserError.usage("--store none keeps no accounts");
            }
            try (Store opened = ChatServerCommand.openStore(store, dataDir)) {
                return work.apply(new SqlAccounts(opened.dataSource()));
            } catch (AccountStoreException e) {
                throw new UserError(e.getMessage());
            }
        }
    }

    static String checkedName(String name) {
        if (!CaseMapping.isValidNick(name, MAX_NAME)) {
            throw UserError.usage("NAME must be a valid nick (letters, digits, -[]\\`^{}|_), at most " + MAX_NAME
                    + " characters, not starting with a digit or '-'");
        }
        return name;
    }

    static String checkedFingerprint(String fingerprint) {
        String hex = fingerprint.replace(":", "").toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) {
            throw UserError.usage("FINGERPRINT must be the SHA-256 of the certificate: 64 hex digits (colons allowed)");
        }
        return hex;
    }

    /** The password hash of what the user types (or pipes); the password itself is wiped. */
    static String readHashedPassword() throws IOException {
        char[] password = HashPasswordCommand.read();
        byte[] bytes = null;
        try {
            if (password.length == 0) {
                throw new UserError("empty password");
            }
            java.nio.ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
            bytes = new byte[b.remaining()];
            b.get(bytes);
            if (bytes.length > dev.sockets.chat.server.account.AccountService.MAX_PASSWORD_BYTES) {
                throw new UserError("the password is longer than "
                        + dev.sockets.chat.server.account.AccountService.MAX_PASSWORD_BYTES + " bytes");
            }
            return PasswordHash.hash(bytes);
        } finally {
            Arrays.fill(password, '\0');
            if (bytes != null) {
                Arrays.fill(bytes, (byte) 0);
            }
        }
    }

    private static int say(CommandSpec spec, String line) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(line);
        out.flush();
        return 0;
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Register the account NAME; the password "
            + "is read from the terminal (twice, without echo) or the first line of standard input.")
    static final class Add implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @CommandLine.Mixin Where where;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            checkedName(name);
            String hash = readHashedPassword();
            if (!where.with(a -> a.create(name, hash))) {
                throw new UserError("account " + name + " exists already");
            }
            return say(spec, "account " + name + " added");
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Set a new password for the account "
            + "NAME (read as for add).")
    static final class Passwd implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @CommandLine.Mixin Where where;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            checkedName(name);
            String hash = readHashedPassword();
            if (!where.with(a -> a.setPassword(name, hash))) {
                throw new UserError("no account " + name);
            }
            return say(spec, "password of " + name + " changed");
        }
    }

    @Command(name = "del", mixinStandardHelpOptions = true, description = "Delete the account NAME and its "
            + "certificates (a user logged in to it stays so until it disconnects).")
    static final class Del implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @CommandLine.Mixin Where where;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            checkedName(name);
            if (!where.with(a -> a.delete(name))) {
                throw new UserError("no account " + name);
            }
            return say(spec, "account " + name + " deleted");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Print every account: name, when it "
            + "was registered, its certificates' fingerprints.")
    static final class ListAccounts implements Callable<Integer> {
        @CommandLine.Mixin Where where;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            List<Account> all = where.with(SqlAccounts::list);
            PrintWriter out = spec.commandLine().getOut();
            for (Account a : all) {
                out.println(a.name() + " registered " + Instant.ofEpochMilli(a.createdMillis())
                        + (a.certificates().isEmpty() ? "" : " certificates " + String.join(",", a.certificates())));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "add-cert", mixinStandardHelpOptions = true, description = "Let the TLS client certificate "
            + "with this SHA-256 FINGERPRINT log in to NAME (SASL EXTERNAL).")
    static final class AddCert implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "FINGERPRINT") String fingerprint;
        @CommandLine.Mixin Where where;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            checkedName(name);
            String fp = checkedFingerprint(fingerprint);
            if (!where.with(a -> a.addCertificate(name, fp))) {
                throw new UserError("no account " + name + ", or the certificate belongs to an account already");
            }
            return say(spec, "certificate " + fp + " logs in to " + name);
        }
    }

    @Command(name = "del-cert", mixinStandardHelpOptions = true, description = "Forget the certificate "
            + "FINGERPRINT of NAME.")
    static final class DelCert implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME") String name;
        @Parameters(index = "1", paramLabel = "FINGERPRINT") String fingerprint;
        @CommandLine.Mixin Where where;
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            checkedName(name);
            String fp = checkedFingerprint(fingerprint);
            if (!where.with(a -> a.removeCertificate(name, fp))) {
                throw new UserError("account " + name + " has no certificate " + fp);
            }
            return say(spec, "certificate " + fp + " no longer logs in to " + name);
        }
    }
}
