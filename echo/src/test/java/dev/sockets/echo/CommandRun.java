package dev.sockets.echo;

import dev.sockets.common.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Runs {@code echo ...} in-process, capturing what it prints. */
public record CommandRun(int exitCode, String out, String err) {

    public static CommandRun of(String... args) {
        return of(Cli.commandLine(new EchoMain()), args);
    }

    public static CommandRun of(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute(args);
        return new CommandRun(rc, out.toString(), err.toString());
    }

    /** A number (or null) from the one-line JSON object printed. */
    public Double json(String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":(null|-?[0-9.]+)").matcher(out);
        if (!m.find()) {
            throw new AssertionError("no key " + key + " in " + out);
        }
        return m.group(1).equals("null") ? null : Double.valueOf(m.group(1));
    }

    /** A string value from the one-line JSON object printed (no escapes expected). */
    public String jsonString(String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":\"([^\"\\\\]*)\"").matcher(out);
        if (!m.find()) {
            throw new AssertionError("no string key " + key + " in " + out);
        }
        return m.group(1);
    }
}
