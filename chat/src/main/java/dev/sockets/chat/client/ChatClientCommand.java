package dev.sockets.chat.client;

import dev.sockets.common.cli.ProtocolPort;
import dev.sockets.common.cli.Cli;
import dev.sockets.common.cli.ClientOptions;
import dev.sockets.common.cli.DurationConverter;
import dev.sockets.common.cli.UserError;
import dev.sockets.common.cli.Verbosity;
import dev.sockets.common.net.Endpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code chat client [HOST] [--port 6667] [--nick NAME] [--user NAME] [--channel #c]...
 * [--password PASS | --password-env NAME | --password-file PATH] [--tls [--insecure | --tls-fingerprint SHA256]]}:
 * a terminal IRC client. Interactive with a line editor on a terminal, line by line when stdin is a pipe
 * (scripts). Exit 0 after /quit or end of input, 1 when the connection fails or the server refuses or
 * ends it, or when a piped line could not be sent, 2 for bad usage.
 *
 * <p>Each instance runs once. The no-argument constructor uses the process's stdin/stdout (and the
 * terminal when there is one); the other takes streams, for running in-process.
 */
@Command(name = "client", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Chat on an IRC server (ours or any RFC 2812 server) from the terminal or a script.",
                "Type /help once connected. Lines without '/' go to the current channel or query."},
        footer = {"", "Exit status: 0 after /quit or end of input; 1 when the connection fails,",
                "when the server refuses or ends it, or when stdin is not a terminal and",
                "a line could not be sent (e.g. no current target; later lines are still",
                "sent); 2 for bad usage.",
                "", "Example: printf '/join #lan\\nhello\\n/quit bye\\n' | chat client --nick bot"})
public final class ChatClientCommand implements Callable<Integer>, ProtocolPort {

    static final int DEFAULT_PORT = 6667;
    static final int DEFAULT_TLS_PORT = 6697;
    private static final int MAX_NICK = 30;

    @Mixin
    ClientOptions target;

    @Option(names = "--nick", paramLabel = "NAME", description = "Nickname (default: $USER, else guest).")
    String nick;

    @Option(names = "--user", paramLabel = "NAME", description = "User name sent in USER (default: $USER, else the nick).")
    String user;

    @Option(names = "--channel", paramLabel = "#c", description = "Join this channel after connecting (repeatable; default: none).")
    List<String> channels = new ArrayList<>();

    @Option(names = "--password", paramLabel = "PASS",
            description = "Server password, sent as PASS before registering (visible in ps: prefer --password-env or --password-file; default: none).")
    String password;

    @Option(names = "--password-env", paramLabel = "NAME", description = "Read the server password from environment variable NAME (default: none).")
    String passwordEnv;

    @Option(names = "--password-file", paramLabel = "PATH", description = "Read the server password from the first line of PATH (default: none).")
    Path passwordFile;

    @Option(names = "--tls", description = "Connect with TLS (default port 6697; certificate checked against the system trust store).")
    boolean tls;

    @Option(names = "--insecure", description = "With --tls: accept any certificate (self-signed LAN servers).")
    boolean insecure;

    @Option(names = "--tls-fingerprint", paramLabel = "SHA256",
            description = "With --tls: accept only the certificate with this SHA-256 fingerprint (as the chat server logs it, "
                    + "AB:CD:... or plain hex), whoever signed it (default: none: the chain is checked).")
    String tlsFingerprint;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long to wait for connect, for an answer to JOIN and for the close after QUIT "
                    + "(registration: 3x) (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Mixin
    Verbosity verbosity;

    private final InputStream in;
    private final PrintStream out;
    private final Clock clock;

    /** Uses stdin/stdout, and the terminal when both are one. */
    public ChatClientCommand() {
        this(null, null, Clock.systemDefaultZone());
    }

    /** In-process use: reads {@code in} and writes to {@code out} line by line (never a terminal). */
    ChatClientCommand(InputStream in, PrintStream out, Clock clock) {
        this.in = in;
        this.out = out;
        this.clock = clock;
    }

    @Override
    public Integer call() throws IOException {
        verbosity.apply();
        ChatClient.Settings settings = settings();
        boolean system = in == null;
        Roster roster = new Roster();
        try (Console console = system && TerminalConsole.available() ? TerminalConsole.open(new ChatCompleter(roster::currentNicks))
                : new PlainConsole(system ? System.in : in, system ? System.out : out)) {
            ChatClient client = new ChatClient(settings, console, clock, roster);
            Thread hook = new Thread(client::interrupted, "chat-client-quit");
            if (system) {
                Runtime.getRuntime().addShutdownHook(hook);
            }
            try {
                return client.run();
            } finally {
                if (system) {
                    removeHook(hook);
                }
            }
        }
    }

    ChatClient.Settings settings() {
        if (insecure && !tls) {
            throw UserError.usage("--insecure only makes sense with --tls");
        }
        if (tlsFingerprint != null && !tls) {
            throw UserError.usage("--tls-fingerprint only makes sense with --tls");
        }
        if (tlsFingerprint != null && insecure) {
            throw UserError.usage("--tls-fingerprint and --insecure contradict each other: pin the certificate or accept any");
        }
        String pin = tlsFingerprint == null ? null : fingerprint(tlsFingerprint);
        String pass = password();
        if (timeout.isZero() || timeout.isNegative()) {
            throw UserError.usage("--timeout must be positive");
        }
        String nickname = nick != null ? checkNick(nick) : defaultNick(System.getenv("USER"));
        String userName = user != null ? checkUser(user) : defaultUser(System.getenv("USER"), nickname);
        List<String> joins = new ArrayList<>();
        for (String c : channels) {
            joins.add(checkChannel(c));
        }
        Endpoint server = target.server(tls ? DEFAULT_TLS_PORT : DEFAULT_PORT);
        String hostName = target.hostName();
        return new ChatClient.Settings(hostName.isEmpty() ? "localhost" : hostName, server, nickname, userName,
                joins, tls, insecure, pin, pass, timeout, timeout);
    }

    /** The password from whichever of the three options was given, or null. */
    private String password() {
        long given = java.util.stream.Stream.of(password, passwordEnv, passwordFile).filter(java.util.Objects::nonNull).count();
        if (given > 1) {
            throw UserError.usage("--password, --password-env and --password-file are mutually exclusive: give one");
        }
        String pass;
        String from;
        if (password != null) {
            pass = password;
            from = "--password";
        } else if (passwordEnv != null) {
            pass = System.getenv(passwordEnv);
            from = "environment variable " + passwordEnv;
            if (pass == null) {
                throw UserError.usage("--password-env: environment variable " + passwordEnv + " is not set");
            }
        } else if (passwordFile != null) {
            from = "--password-file " + passwordFile;
            try (BufferedReader r = Files.newBufferedReader(passwordFile, StandardCharsets.UTF_8)) {
                String first = r.readLine();
                pass = first == null ? "" : first;
            } catch (IOException e) {
                throw UserError.usage("--password-file: cannot read " + passwordFile + ": " + reason(e));
            }
        } else {
            return null;
        }
        if (pass.isEmpty()) {
            throw UserError.usage("the password from " + from + " is empty");
        }
        if (pass.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw UserError.usage("the password from " + from + " contains a line break or NUL, which IRC cannot carry");
        }
        return pass;
    }

    /** "ab:CD:..." or "abcd...": the 64 hex digits of a SHA-256 fingerprint, upper-cased, colon-separated. */
    static String fingerprint(String given) {
        String hex = given.strip().replace(":", "");
        if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw UserError.usage("invalid --tls-fingerprint '" + given
                    + "': the certificate's SHA-256 as 64 hex digits, with or without colons (AB:CD:...)");
        }
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(HexFormat.of().parseHex(hex));
    }

    private static String reason(Exception e) {
        return switch (e) {
            case java.nio.file.NoSuchFileException n -> "no such file";
            case java.nio.file.AccessDeniedException a -> "permission denied";
            case java.nio.charset.MalformedInputException m -> "not UTF-8 text";
            default -> String.valueOf(e.getMessage());
        };
    }

    /** $USER made into a valid RFC 2812 nick (letters first, at most 9 characters), or "guest". */
    static String defaultNick(String userName) {
        StringBuilder b = new StringBuilder();
        if (userName != null) {
            for (char c : userName.toCharArray()) {
                if (b.length() < 9 && (isNickChar(c) && (b.length() > 0 || !Character.isDigit(c) && c != '-'))) {
                    b.append(c);
                }
            }
        }
        return b.isEmpty() ? "guest" : b.toString();
    }

    private static String defaultUser(String userName, String nickname) {
        String u = userName == null ? "" : userName.replaceAll("[^A-Za-z0-9._-]", "");
        return u.isEmpty() ? nickname.toLowerCase(Locale.ROOT) : u.substring(0, Math.min(10, u.length()));
    }

    private static String checkNick(String n) {
        boolean ok = !n.isEmpty() && n.length() <= MAX_NICK && !Character.isDigit(n.charAt(0)) && n.charAt(0) != '-'
                && n.chars().allMatch(c -> isNickChar((char) c));
        if (!ok) {
            throw UserError.usage("invalid --nick '" + n + "': letters, digits and -[]\\`^{}|_, not starting with a digit or '-', at most "
                    + MAX_NICK + " characters");
        }
        return n;
    }

    private static String checkUser(String u) {
        if (u.isEmpty() || u.length() > 30 || !u.chars().allMatch(c -> c > ' ' && c != '@' && c < 127)) {
            throw UserError.usage("invalid --user '" + u + "': printable ASCII without spaces or '@'");
        }
        return u;
    }

    private static String checkChannel(String c) {
        String name = MessageFormatter.isChannel(c) ? c : "#" + c;
        if (name.length() < 2 || name.length() > 50 || name.chars().anyMatch(ch -> ch <= ' ' || ch == ',' || ch == 7)) {
            throw UserError.usage("invalid --channel '" + c + "': a name like #lan, without spaces or commas");
        }
        return name;
    }

    private static boolean isNickChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || "-[]\\`^{}|_".indexOf(c) >= 0);
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs, which is harmless
        }
    }

    @Override
    public String defaultPortHelp() {
        return Integer.toString(DEFAULT_PORT);
    }
}
