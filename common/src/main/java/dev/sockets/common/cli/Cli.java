package dev.sockets.common.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/**
 * Runs a picocli command the way every command of this suite behaves: a usage error prints one line
 * plus a {@code --help} hint and exits 2; a {@link UserError} (or an {@link IOException}, which is how
 * the network says no) prints one line and exits with its code; anything else is our bug and is logged
 * with its stack trace, exit 1. {@code --version} prints the suite's version.
 */
public final class Cli {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    private static final Logger log = LoggerFactory.getLogger(Cli.class);

    private Cli() {
    }

    /** The launcher's name: every usage line and hint starts with it, as a user types the command. */
    public static final String LAUNCHER = "sockets";

    /**
     * Builds the command line with this suite's handlers. A top command other than the launcher itself
     * (e.g. {@code echo}) is named {@code sockets echo}, so that usage lines and hints show what a user
     * types: on a shell, {@code echo server} would run the builtin {@code echo}.
     */
    public static CommandLine commandLine(Object command) {
        return commandLine(command, null);
    }

    /** As {@link #commandLine(Object)}, with default values from {@code config} when it is not null. */
    private static CommandLine commandLine(Object command, ConfigFile config) {
        CommandLine cl = new CommandLine(command);
        if (!cl.getCommandName().equals(LAUNCHER)) {
            cl.setCommandName(LAUNCHER + " " + cl.getCommandName());
        }
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpAutoWidth(true);
        cl.setHelpFactory(Help::new);
        synopses(cl);
        cl.setParameterExceptionHandler((ex, args) -> onParameterException(ex, config));
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> onExecutionException(ex, line, config));
        cl.setExitCodeExceptionMapper(exitCodes());
        if (config != null) {
            cl.setDefaultValueProvider(config);
        }
        return cl;
    }

    /** Parses {@code args}, runs the command and returns its exit status. */
    public static int run(Object command, String... args) {
        return commandLine(command, ConfigFile.fromArgs(args)).execute(args);
    }

    /** {@link #run}, with errors written to {@code err} (tests read what a user would see). */
    static int run(Object command, String[] args, PrintWriter err) {
        CommandLine cl = commandLine(command, ConfigFile.fromArgs(args));
        cl.setErr(err);
        return cl.execute(args);
    }

    /**
     * Parses the command line that started {@code running} again, from a new instance of its root
     * command, re-reading its {@code --config} file: what a reload (SIGHUP) would run with now.
     *
     * @return the new instance of {@code running}'s own command
     * @throws UserError exit 2 with the line a user would have seen at start (file and line included)
     */
    public static Object reparse(CommandSpec running) {
        CommandSpec root = running.root();
        String[] args = root.commandLine().getParseResult().originalArgs().toArray(String[]::new);
        Object fresh;
        try {
            fresh = root.userObject().getClass().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + root.userObject().getClass(), e);
        }
        ConfigFile config = ConfigFile.fromArgs(args);
        CommandLine cl = commandLine(fresh, config);
        try {
            CommandLine.ParseResult pr = cl.parseArgs(args);
            while (pr != null) {
                if (pr.commandSpec().qualifiedName().equals(running.qualifiedName())) {
                    return pr.commandSpec().userObject();
                }
                pr = pr.subcommand();
            }
            throw new IllegalStateException(running.qualifiedName() + " is not on the command line " + String.join(" ", args));
        } catch (ParameterException ex) {
            String origin = config != null && ex.getArgSpec() instanceof OptionSpec o ? config.origin(o.longestName()) : "";
            throw UserError.usage(origin + ex.getMessage());
        }
    }

    /** {@link #run} then {@link System#exit}. */
    public static void main(Object command, String... args) {
        System.exit(run(command, args));
    }

    private static int onParameterException(ParameterException ex, ConfigFile config) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        String origin = config != null && ex.getArgSpec() instanceof OptionSpec o ? config.origin(o.longestName()) : "";
        err.println(commandName(cl) + ": " + origin + ex.getMessage());
        err.println(tryHelp(cl));
        err.flush();
        return EXIT_USAGE;
    }

    private static int onExecutionException(Exception ex, CommandLine line, ConfigFile config) {
        PrintWriter err = line.getErr();
        String name = commandName(line);
        Throwable t = ex;
        if (t instanceof UncheckedIOException u) {
            t = u.getCause();
        }
        String origin = config == null ? "" : config.originOfMessage(t.getMessage());
        if (t instanceof UserError u) {
            err.println(name + ": " + origin + u.getMessage());
            if (u.exitCode() == EXIT_USAGE) {
                err.println(tryHelp(line));
            }
            err.flush();
            return u.exitCode();
        }
        if (t instanceof CommandLine.TypeConversionException || t instanceof IllegalArgumentException) {
            err.println(name + ": " + origin + t.getMessage());
            err.flush();
            return EXIT_USAGE;
        }
        if (t instanceof IOException io) {
            err.println(name + ": " + (io.getMessage() == null ? io.toString() : io.getMessage()));
            err.flush();
            return EXIT_FAILURE;
        }
        log.error("{}: unexpected failure (a bug: please report it with this trace)", name, t);
        return EXIT_FAILURE;
    }

    /**
     * The name a message starts with: the command path without the launcher's own name, so that every
     * jar says e.g. {@code echo server: ...} and {@code daytime server: ...} alike.
     */
    static String commandName(CommandLine cl) {
        String q = cl.getCommandSpec().qualifiedName();
        return q.startsWith(LAUNCHER + " ") ? q.substring(LAUNCHER.length() + 1) : q;
    }

    /** {@code Try 'sockets echo server --help' for more information.} */
    static String tryHelp(CommandLine cl) {
        return "Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.";
    }

    /**
     * {@code sockets echo server [options] [HOST]}: the full list of a server's options would fill the
     * screen before its description; the options section below lists them all.
     */
    private static void synopses(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        StringBuilder sb = new StringBuilder(spec.qualifiedName());
        if (!spec.options().isEmpty()) {
            sb.append(" [options]");
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            String label = p.paramLabel() + (p.isMultiValue() ? "..." : "");
            sb.append(' ').append(p.arity().min() == 0 ? "[" + label + "]" : label);
        }
        if (!cl.getSubcommands().isEmpty()) {
            String label = spec.usageMessage().synopsisSubcommandLabel();
            sb.append(' ').append(label.equals("[COMMAND]") ? "COMMAND" : label);
        }
        spec.usageMessage().customSynopsis(sb.toString().replace("%", "%%"));
        for (CommandLine sub : new java.util.LinkedHashSet<>(cl.getSubcommands().values())) {
            synopses(sub);
        }
    }

    /**
     * An option's description as {@code --help} and the man pages show it: {@code --port} gains the
     * command's own default port, which the shared option cannot know.
     */
    public static String[] description(CommandSpec command, OptionSpec option) {
        String[] lines = option.description();
        if (namesDefaultPort(command, option) && lines.length > 0) {
            lines = lines.clone();
            lines[lines.length - 1] = lines[lines.length - 1] + " Default: "
                    + ((ProtocolPort) command.userObject()).defaultPortHelp() + ".";
        }
        return lines;
    }

    private static boolean namesDefaultPort(CommandSpec command, OptionSpec option) {
        return option.longestName().equals("--port") && command.userObject() instanceof ProtocolPort;
    }

    /**
     * Help options (-h, then -V) last in every command, after the command's own options in their order
     * (alphabetical unless the command keeps its declaration order).
     */
    public static Comparator<OptionSpec> optionOrder(CommandSpec command) {
        Comparator<OptionSpec> help = Comparator.comparingInt(o -> o.usageHelp() ? 1 : o.versionHelp() ? 2 : 0);
        return command.usageMessage().sortOptions()
                ? help.thenComparing(CommandLine.Help.createShortOptionNameComparator())
                : help;
    }

    /** picocli's help with this suite's option order and {@link #description} of each option. */
    static final class Help extends CommandLine.Help {
        Help(CommandSpec spec, ColorScheme scheme) {
            super(spec, scheme);
        }

        @Override
        public Comparator<OptionSpec> createDefaultOptionSort() {
            return optionOrder(commandSpec());
        }

        @Override
        public IOptionRenderer createDefaultOptionRenderer() {
            IOptionRenderer standard = super.createDefaultOptionRenderer();
            return (option, labels, scheme) -> {
                // Only --port is rebuilt: a rebuilt option loses the command's variable interpolation.
                OptionSpec shown = namesDefaultPort(commandSpec(), option)
                        ? option.toBuilder().description(Cli.description(commandSpec(), option)).build() : option;
                return standard.render(shown, labels, scheme);
            };
        }
    }

    private static IExitCodeExceptionMapper exitCodes() {
        return t -> t instanceof UserError u ? u.exitCode() : EXIT_FAILURE;
    }

    /** The suite's version, from the build. */
    public static String version() {
        return buildProperty("version");
    }

    /** The git commit the suite was built from, or {@code unknown} (built outside a git checkout). */
    public static String commit() {
        String c = buildProperty("commit");
        return c.isEmpty() || c.startsWith("${") ? "unknown" : c;
    }

    private static String buildProperty(String key) {
        Properties p = new Properties();
        try (InputStream in = Cli.class.getResourceAsStream("/dev/sockets/common/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty(key, "unknown");
    }

    /** picocli version provider: {@code sockets 1.0.0 (commit 0123456789ab, Java 25, OpenJDK 64-Bit Server VM)}. */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"sockets " + version() + " (commit " + commit() + ", Java " + Runtime.version().feature() + ", "
                    + System.getProperty("java.vm.name") + ")"};
        }
    }
}
