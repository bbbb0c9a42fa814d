package dev.sockets.chat;

import dev.sockets.chat.server.config.OperatorPassword;
import dev.sockets.common.cli.UserError;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chat server hash-password [NAME]}: reads an operator's password (from the console without echo,
 * asked twice; otherwise the first line of standard input) and prints the line for the {@code --operators}
 * file. The password is never an argument: arguments show in {@code ps} and in the shell's history.
 */
@Command(name = "hash-password", mixinStandardHelpOptions = true, versionProvider = dev.sockets.common.cli.Cli.Version.class,
        description = "Read a password (console without echo, or standard input) and print its hash for "
                + "--operators: 'NAME HASH' with NAME, else the hash alone.")
public final class HashPasswordCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The operator's name (as OPER takes it).")
    String name;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (name != null && !name.matches("[\\x21-\\x7e]{1,64}")) {
            throw UserError.usage("NAME must be 1-64 printable ASCII characters");
        }
        char[] password = read();
        try {
            if (password.length == 0) {
                throw new UserError("empty password");
            }
            String hash = OperatorPassword.hash(password);
            PrintWriter out = spec.commandLine().getOut();
            out.println(name == null ? hash : name + " " + hash);
            out.flush();
            return 0;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * JDK 21 has no console unless standard input and output are a terminal; later ones return one
     * anyway and say so with {@code isTerminal()}, which release 21 cannot name.
     */
    private static boolean isTerminal(Console console) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /**
     * A password from the console without echo, typed twice, or else the first line of standard input
     * (so scripts can pipe it); never from the command line.
     */
    static char[] read() throws IOException {
        Console console = System.console();
        if (console != null && isTerminal(console)) {
            char[] first = console.readPassword("Password: ");
            char[] again = console.readPassword("Again: ");
            if (first == null || again == null) {
                throw new UserError("no password read");
            }
            try {
                if (!Arrays.equals(first, again)) {
                    throw new UserError("the passwords differ");
                }
            } finally {
                Arrays.fill(again, '\0');
            }
            return first;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        if (line == null) {
            throw new UserError("no password on standard input");
        }
        return line.toCharArray();
    }
}
