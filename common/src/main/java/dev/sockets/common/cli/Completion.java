package dev.sockets.common.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Prints the bash completion script for the whole {@code sockets} launcher. Run with every module jar
 * on the class path ({@code ./sockets completion bash} does that); each protocol module supplies its
 * commands as a {@link LauncherCommands} service, and a missing module is simply left out.
 */
public final class Completion {

    @Command(name = "sockets", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
            description = "Classic client-server protocols over TCP and UDP.")
    static final class Root {
    }

    private Completion() {
    }

    /** The launcher's command tree, built from whichever protocol modules are on the class path. */
    public static CommandLine launcherCommandLine() {
        CommandLine root = new CommandLine(new Root());
        for (LauncherCommands module : java.util.ServiceLoader.load(LauncherCommands.class)) {
            module.commands().forEach(root::addSubcommand);
        }
        root.addSubcommand("test", new CommandLine(new TestCommand()));
        root.addSubcommand("completion", new CommandLine(new CompletionCommand()));
        return root;
    }

    @Command(name = "test", description = "Install the Debian packages the tests use (as root), then run mvn -B verify.")
    static final class TestCommand {
    }

    @Command(name = "completion", description = "Print a completion script: source <(./sockets completion bash)")
    static final class CompletionCommand {
        @CommandLine.Parameters(arity = "1", paramLabel = "SHELL", completionCandidates = Shells.class)
        String shell;
    }

    static final class Shells extends java.util.ArrayList<String> {
        Shells() {
            super(java.util.List.of("bash"));
        }
    }

    public static void main(String[] args) {
        // Only the script may reach stdout: nothing the commands or libraries print while loading
        // (with every module jar on the class path, logback once reported duplicate configuration there).
        java.io.PrintStream out = System.out;
        String script;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            script = AutoComplete.bash("sockets", launcherCommandLine());
        } finally {
            System.setOut(out);
        }
        out.print(script);
    }
}
