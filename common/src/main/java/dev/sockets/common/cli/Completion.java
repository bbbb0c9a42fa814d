package dev.sockets.common.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Prints the completion script for the whole {@code sockets} launcher, for bash or zsh (picocli's
 * script runs in zsh through bashcompinit). Run with every module jar on the class path
 * ({@code ./sockets completion bash} does that); each protocol module supplies its commands as a
 * {@link LauncherCommands} service, and a missing module is simply left out.
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
        lowerCaseEnumValues(root);
        return root;
    }

    /**
     * Enum options complete to the values the documentation shows and the converters accept
     * ({@code iso8601-ms}), not to picocli's default of the Java constant names ({@code ISO8601_MS}).
     */
    private static void lowerCaseEnumValues(CommandLine cl) {
        CommandLine.Model.CommandSpec spec = cl.getCommandSpec();
        for (CommandLine.Model.OptionSpec o : new java.util.ArrayList<>(spec.options())) {
            if (o.type().isEnum()) {
                java.util.List<String> values = new java.util.ArrayList<>();
                for (Object constant : o.type().getEnumConstants()) {
                    values.add(((Enum<?>) constant).name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
                }
                spec.remove(o);
                spec.addOption(o.toBuilder().completionCandidates(values).build());
            }
        }
        for (CommandLine sub : new java.util.LinkedHashSet<>(cl.getSubcommands().values())) {
            lowerCaseEnumValues(sub);
        }
    }

    @Command(name = "test", description = "Install the Debian packages the tests use (as root), then run mvn -B verify.")
    static final class TestCommand {
    }

    @Command(name = "completion", description = "Print a completion script: source <(./sockets completion bash), or zsh")
    static final class CompletionCommand {
        @CommandLine.Parameters(arity = "1", paramLabel = "SHELL", completionCandidates = Shells.class)
        String shell;
    }

    static final class Shells extends java.util.ArrayList<String> {
        Shells() {
            super(java.util.List.of("bash", "zsh"));
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
