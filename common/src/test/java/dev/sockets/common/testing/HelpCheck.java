package dev.sockets.common.testing;

import dev.sockets.common.cli.Cli;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Checks every command of a tree the way a user reads its {@code --help}. */
public final class HelpCheck {

    private HelpCheck() {
    }

    /** {@code "sockets echo server --foo"} for each option that takes a value but whose help names no default. */
    public static List<String> optionsWithoutDefault(CommandLine cl) {
        List<String> missing = new ArrayList<>();
        for (OptionSpec o : cl.getCommandSpec().options()) {
            String text = String.join(" ", Cli.description(cl.getCommandSpec(), o)).toLowerCase(java.util.Locale.ROOT);
            if (o.arity().max() > 0 && !text.contains("default")) {
                missing.add(cl.getCommandSpec().qualifiedName() + " " + o.longestName());
            }
        }
        for (CommandLine sub : new LinkedHashSet<>(cl.getSubcommands().values())) {
            missing.addAll(optionsWithoutDefault(sub));
        }
        return missing;
    }
}
