package dev.sockets.common.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes a roff man page for every command of a module, run by the build at package time:
 * {@code ManPages OUTDIR MAIN_CLASS...} writes {@code OUTDIR/man1/sockets-echo-server.1} and so on, one
 * name scheme for every command (the command line as typed, dashes for spaces). Written here rather
 * than converted from picocli's AsciiDoc: that needs Asciidoctor (a Ruby runtime) at build time, and
 * picocli's footer names the build machine's JVM instead of the suite's version. The pages show the
 * same synopsis, option order and descriptions as {@code --help} ({@link Cli}).
 */
public final class ManPages {

    private ManPages() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ManPages OUTDIR MAIN_CLASS...");
            System.exit(Cli.EXIT_USAGE);
        }
        Path dir = Path.of(args[0], "man1");
        Files.createDirectories(dir);
        for (int i = 1; i < args.length; i++) {
            Object command = Class.forName(args[i]).getDeclaredConstructor().newInstance();
            write(Cli.commandLine(command), dir);
        }
    }

    /** Writes the pages of {@code cl} and its subcommands into {@code dir}; returns their paths. */
    public static List<Path> write(CommandLine cl, Path dir) throws IOException {
        List<Path> written = new ArrayList<>();
        CommandSpec spec = cl.getCommandSpec();
        // The launcher's own page would differ per jar (each knows only its protocols): README documents it.
        if (!spec.qualifiedName().equals(Cli.LAUNCHER)) {
            Path page = dir.resolve(pageName(spec) + ".1");
            Files.writeString(page, page(cl), StandardCharsets.UTF_8);
            written.add(page);
        }
        for (CommandLine sub : new LinkedHashSet<>(cl.getSubcommands().values())) {
            written.addAll(write(sub, dir));
        }
        return written;
    }

    /** {@code sockets-echo-server}. */
    static String pageName(CommandSpec spec) {
        return spec.qualifiedName().replace(' ', '-');
    }

    /** The roff source of one command's page. */
    static String page(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        String name = pageName(spec);
        StringBuilder sb = new StringBuilder();
        sb.append(".TH \"").append(escape(name.toUpperCase(Locale.ROOT))).append("\" \"1\" \"\" \"")
                .append(escape(Cli.LAUNCHER + " " + Cli.version())).append("\" \"Sockets Manual\"\n");
        String[] description = spec.usageMessage().description();
        sb.append(".SH NAME\n").append(escape(name)).append(" \\- ")
                .append(escape(description.length > 0 ? description[0] : spec.qualifiedName())).append('\n');
        sb.append(".SH SYNOPSIS\n.B ").append(escape(spec.qualifiedName())).append('\n');
        String[] synopsis = spec.usageMessage().customSynopsis();
        if (synopsis.length > 0 && synopsis[0].length() > spec.qualifiedName().length()) {
            sb.append(escape(synopsis[0].substring(spec.qualifiedName().length()).strip().replace("%%", "%"))).append('\n');
        }
        if (description.length > 0) {
            sb.append(".SH DESCRIPTION\n");
            for (String line : description) {
                sb.append(".PP\n").append(escape(line)).append('\n');
            }
        }
        if (!spec.positionalParameters().isEmpty()) {
            sb.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : spec.positionalParameters()) {
                sb.append(".TP\n\\fI").append(escape(p.paramLabel())).append("\\fR\n");
                for (String line : p.description()) {
                    sb.append(escape(line)).append('\n');
                }
            }
        }
        List<OptionSpec> options = new ArrayList<>(spec.options());
        options.removeIf(OptionSpec::hidden);
        options.sort(Cli.optionOrder(spec));
        if (!options.isEmpty()) {
            sb.append(".SH OPTIONS\n");
            for (OptionSpec o : options) {
                sb.append(".TP\n");
                List<String> names = new ArrayList<>();
                for (String n : o.names()) {
                    names.add("\\fB" + escape(n) + "\\fR");
                }
                sb.append(String.join(", ", names));
                if (o.arity().max() > 0) {
                    sb.append('=').append("\\fI").append(escape(o.paramLabel())).append("\\fR");
                }
                sb.append('\n');
                for (String line : Cli.description(spec, o)) {
                    sb.append(escape(line)).append('\n');
                }
            }
        }
        List<String> seeAlso = new ArrayList<>();
        if (!cl.getSubcommands().isEmpty()) {
            sb.append(".SH COMMANDS\n");
            for (CommandLine sub : new LinkedHashSet<>(cl.getSubcommands().values())) {
                CommandSpec s = sub.getCommandSpec();
                String[] d = s.usageMessage().description();
                sb.append(".TP\n\\fB").append(escape(s.name())).append("\\fR\n")
                        .append(escape(d.length > 0 ? d[0] : "")).append('\n');
                seeAlso.add(pageName(s));
            }
        }
        if (spec.parent() != null && !spec.parent().qualifiedName().equals(Cli.LAUNCHER)) {
            seeAlso.add(0, pageName(spec.parent()));
        }
        if (!seeAlso.isEmpty()) {
            sb.append(".SH SEE ALSO\n");
            List<String> refs = new ArrayList<>();
            for (String ref : seeAlso) {
                refs.add("\\fB" + escape(ref) + "\\fR(1)");
            }
            sb.append(String.join(",\n", refs)).append('\n');
        }
        return sb.toString();
    }

    /**
     * Text as roff prints it: backslashes and hyphens escaped (a plain '-' may become a typographic
     * hyphen, which breaks copied options), a leading '.' or '\'' kept from being read as a request.
     */
    static String escape(String text) {
        String s = text.replace("\\", "\\e").replace("-", "\\-");
        return s.startsWith(".") || s.startsWith("'") ? "\\&" + s : s;
    }
}
