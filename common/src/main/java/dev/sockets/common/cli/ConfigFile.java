package dev.sockets.common.cli;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code --config FILE}: a server's options kept in a file, one {@code option = value} per line, where
 * {@code option} is the long option name without its dashes ({@code max-connections = 500}); {@code #}
 * starts a comment. The file is read with {@link Properties}, so its escapes and continuation lines are
 * Java's well-known ones. Every option of the command can be set there; an option given on the command
 * line wins over the file, and the file wins over the built-in default.
 *
 * <p>The file supplies picocli's default values, so a value in the file goes through exactly the same
 * conversion and checks as the same value typed as a flag. What differs is the message: a bad value or
 * an unknown key names the file and line ({@code /etc/sockets/chat.conf:7: unknown option 'max-conection'}),
 * because a user who never typed the flag would otherwise hunt for it.
 */
public final class ConfigFile implements IDefaultValueProvider {

    /** The option that names the file; it cannot itself be set in a file. */
    public static final String OPTION = "--config";

    private static final Pattern KEY = Pattern.compile("^\\s*([^#!\\s=:][^\\s=:]*)");

    private final Path path;
    private final List<String> args;
    private Map<String, String> values;
    private Map<String, Integer> lines;
    private CommandSpec checked;

    private ConfigFile(Path path, List<String> args) {
        this.path = path;
        this.args = args;
    }

    /**
     * The file named by {@code --config FILE} or {@code --config=FILE} in {@code args} (before a {@code --}),
     * or {@code null} when there is none. Nothing is read yet: errors surface while picocli parses, where
     * they are reported as usage errors of the right command.
     */
    static ConfigFile fromArgs(String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                return null;
            }
            if (a.equals(OPTION) && i + 1 < args.length) {
                return new ConfigFile(Path.of(args[i + 1]), List.of(args));
            }
            if (a.startsWith(OPTION + "=")) {
                return new ConfigFile(Path.of(a.substring(OPTION.length() + 1)), List.of(args));
            }
        }
        return null;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || !declaresConfig(arg.command())) {
            return null;
        }
        load(arg.command());
        String value = values.get(key(option));
        // A flag on the command line wins; returning null here keeps picocli's own default for the rest.
        return value;
    }

    /**
     * {@code FILE:LINE: } when {@code option} (e.g. {@code --sendq}) took its value from this file rather
     * than from the command line, else the empty string: the prefix of any error about that value.
     */
    String origin(String option) {
        if (values == null || option == null || !option.startsWith("--")) {
            return "";
        }
        String key = option.substring(2);
        if (!lines.containsKey(key) || onCommandLine(option)) {
            return "";
        }
        return path + ":" + lines.get(key) + ": ";
    }

    /** The prefix for an error message that starts with an option's name ({@code --sendq must be ...}). */
    String originOfMessage(String message) {
        if (message == null || values == null) {
            return "";
        }
        Matcher m = Pattern.compile("^(--[A-Za-z0-9-]+)").matcher(message);
        return m.find() ? origin(m.group(1)) : "";
    }

    private boolean onCommandLine(String option) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals(option) || a.startsWith(option + "=")) {
                return true;
            }
        }
        return false;
    }

    private static boolean declaresConfig(CommandSpec spec) {
        return spec != null && spec.findOption(OPTION) != null;
    }

    private static String key(OptionSpec option) {
        return option.longestName().replaceFirst("^-+", "");
    }

    private void load(CommandSpec spec) {
        if (values == null) {
            read(spec.commandLine());
        }
        if (checked != spec) {
            checked = spec;
            for (Map.Entry<String, String> e : values.entrySet()) {
                OptionSpec option = spec.findOption("--" + e.getKey());
                String where = path + ":" + lines.get(e.getKey()) + ": ";
                if (option == null || option.usageHelp() || option.versionHelp()) {
                    throw new ParameterException(spec.commandLine(), where + "unknown option '" + e.getKey()
                            + "' (the keys are the long options of '" + spec.qualifiedName() + " --help', without --)");
                }
                if (option.longestName().equals(OPTION)) {
                    throw new ParameterException(spec.commandLine(), where + "'config' cannot be set in a config file");
                }
                if (!key(option).equals(e.getKey())) {
                    throw new ParameterException(spec.commandLine(), where + "write '" + key(option) + "', not '"
                            + e.getKey() + "'");
                }
            }
        }
    }

    private void read(CommandLine cl) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(path))).toString();
        } catch (NoSuchFileException e) {
            throw new ParameterException(cl, OPTION + " " + path + ": no such file");
        } catch (AccessDeniedException e) {
            throw new ParameterException(cl, OPTION + " " + path + ": permission denied");
        } catch (CharacterCodingException e) {
            throw new ParameterException(cl, OPTION + " " + path + ": not UTF-8 text");
        } catch (IOException e) {
            throw new ParameterException(cl, OPTION + " " + path + ": cannot read: " + e.getMessage());
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new ParameterException(cl, path + ": " + e.getMessage());
        }
        lines = keyLines(text, cl);
        values = new LinkedHashMap<>();
        for (String k : lines.keySet()) {
            String v = p.getProperty(k);
            if (v != null) {
                values.put(k, v.strip());
            }
        }
        for (String k : p.stringPropertyNames()) {
            if (!values.containsKey(k)) { // a key spelled with escapes: still checked, at line 0 if we cannot place it
                values.put(k, p.getProperty(k).strip());
                lines.putIfAbsent(k, 0);
            }
        }
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getValue().isEmpty()) {
                throw new ParameterException(cl, path + ":" + lines.get(e.getKey()) + ": '" + e.getKey()
                        + "' has no value (write " + e.getKey() + " = VALUE, or remove the line)");
            }
        }
    }

    /** Where each key is set, by line number (1-based); a key set twice is an error, not a silent override. */
    private Map<String, Integer> keyLines(String text, CommandLine cl) {
        Map<String, Integer> at = new LinkedHashMap<>();
        String[] ls = text.split("\r\n|\r|\n", -1);
        boolean continued = false;
        for (int i = 0; i < ls.length; i++) {
            String line = ls[i];
            boolean startsEntry = !continued;
            continued = endsWithOddBackslashes(line) && (continued || !isComment(line));
            if (!startsEntry || isComment(line)) {
                continue;
            }
            Matcher m = KEY.matcher(line);
            if (m.find()) {
                String key = m.group(1);
                Integer before = at.putIfAbsent(key, i + 1);
                if (before != null) {
                    throw new ParameterException(cl, path + ":" + (i + 1) + ": '" + key
                            + "' is already set at line " + before);
                }
            }
        }
        return at;
    }

    private static boolean isComment(String line) {
        String s = line.stripLeading();
        return s.startsWith("#") || s.startsWith("!");
    }

    private static boolean endsWithOddBackslashes(String line) {
        int n = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }
}
