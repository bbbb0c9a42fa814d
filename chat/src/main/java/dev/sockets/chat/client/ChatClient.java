package dev.sockets.chat.client;

import dev.sockets.chat.protocol.CaseMapping;
import dev.sockets.common.cli.UserError;
import dev.sockets.common.net.Endpoint;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chat session: connect, register (retrying a taken nick with a numeric suffix), join the startup
 * channels, then turn console lines into IRC commands until {@code /quit} or end of input, and show what
 * the server sends. Nothing is sent before the server's welcome (001); a {@code /join} waits for the
 * server's answer before the next line is read, so scripted input keeps its order.
 *
 * <p>Threads: {@link #run()} is called once on the caller's thread, which waits for the end of the
 * session; a reader thread handles everything the server sends (and answers PING at once); an input
 * thread reads the console. Sends from both go through the {@link ServerLink}. The session owns the connection
 * and closes it; the console belongs to the caller.
 */
final class ChatClient {

    private static final Logger log = LoggerFactory.getLogger(ChatClient.class);
    private static final int MAX_NICK_ATTEMPTS = 20;
    private static final String CLOSED_BY_SERVER = "connection closed by the server";

    /** What the command line decided. */
    record Settings(String host, Endpoint server, String nick, String user, List<String> channels,
                    boolean tls, boolean insecure, String tlsFingerprint, String password,
                    Duration connectTimeout, Duration answerTimeout) {
        @Override
        public String toString() { // never the password, should a Settings ever be logged
            return "Settings[" + host + " " + server + " " + nick + " tls=" + tls + "]";
        }
    }

    private final Settings settings;
    private final Console console;
    private final MessageFormatter formatter;
    private final CompletableFuture<String> welcome = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final Roster roster;
    private final ChannelTracker channels;
    private final CtcpResponder ctcp = new CtcpResponder(this::trySend, this::show);
    private final AtomicInteger refusedLines = new AtomicInteger(); // scripted lines that could not be sent
    private final AtomicInteger sentSinceHeard = new AtomicInteger(); // lines sent since the server last sent one

    private ServerLink link;
    private volatile String nick;
    private volatile String ownPrefix; // nick!user@host as the server relays us, once seen
    private volatile boolean quitting;
    private volatile String serverError;
    private volatile String endReason = CLOSED_BY_SERVER;
    private int nickAttempt;
    private String nickBase;

    ChatClient(Settings settings, Console console, Clock clock, Roster roster) {
        this.settings = settings;
        this.console = console;
        this.roster = roster;
        this.channels = new ChannelTracker(roster, newTarget -> console.prompt(prompt()));
        this.formatter = new MessageFormatter(clock);
        this.nick = settings.nick();
        this.nickBase = settings.nick();
    }

    /**
     * Runs the session to its end.
     *
     * @return 0 after a /quit or end of input once the server has closed
     * @throws IOException when the connection cannot be made (one-line message)
     * @throws UserError (exit 1) when the server refuses us or closes the connection on its own, or when
     *         scripted lines could not be sent
     */
    int run() throws IOException {
        link = ServerLink.connect(settings.host(), settings.server(), settings.tls(), settings.insecure(),
                settings.tlsFingerprint(), settings.connectTimeout());
        try {
            show("* connected to " + settings.host() + " (" + link.remote() + ")" + (settings.tls() ? " with TLS" : ""));
            Thread.ofPlatform().daemon().name("chat-client-reader").start(this::readServer);
            register();
            for (String channel : settings.channels()) {
                join("JOIN " + channel, List.of(channel));
            }
            Thread.ofPlatform().daemon().name("chat-client-input").start(this::readInput);
            awaitQuietly(ended, null);
            if (!quitting) {
                throw new UserError(serverError != null ? "server closed the connection: " + serverError : endReason);
            }
            int refused = refusedLines.get();
            if (refused > 0) {
                throw new UserError(refused + (refused == 1 ? " input line" : " input lines") + " could not be sent (see above)");
            }
            return 0;
        } finally {
            link.close();
        }
    }

    /** Best effort from a shutdown hook (Ctrl-C outside the line editor): say goodbye, don't wait. */
    void interrupted() {
        if (!quitting && link != null && !ended.isDone()) {
            quitting = true;
            trySend("QUIT :interrupted");
        }
    }

    private void register() throws IOException {
        try {
            if (settings.password() != null) {
                send("PASS " + trailing(settings.password()));
            }
            send("NICK " + nick);
            send("USER " + settings.user() + " 0 * :sockets chat client");
        } catch (IOException e) {
            // e.g. a daytime server: it has said its line and closed before our USER ("Broken pipe")
            awaitQuietly(ended, settings.answerTimeout());
            throw welcome.isCompletedExceptionally() ? failure(welcome) : new UserError(closedBeforeRegistration());
        }
        try {
            CompletableFuture.anyOf(welcome, ended).get(settings.answerTimeout().toMillis() * 3, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new UserError("no welcome from " + settings.server() + " within "
                    + settings.answerTimeout().multipliedBy(3).toSeconds() + "s: is it an IRC server?");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UserError u ? u : new UserError(e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted");
        }
        if (welcome.isCompletedExceptionally()) {
            throw failure(welcome);
        }
        if (!welcome.isDone()) {
            throw new UserError(serverError != null
                    ? "server closed the connection during registration: " + serverError
                    : endReason.equals(CLOSED_BY_SERVER) ? closedBeforeRegistration() : endReason + " during registration");
        }
    }

    private String closedBeforeRegistration() {
        return settings.server() + " closed the connection before registration: it does not look like an IRC server"
                + (settings.tls() ? "" : " (or it wants TLS: try --tls)");
    }

    /** Why {@code failed}, which completed exceptionally, failed, as a one-line error. */
    private static UserError failure(CompletableFuture<?> failed) {
        Throwable why = failed.exceptionNow();
        return why instanceof UserError u ? u : new UserError(why.getMessage());
    }

    /** A parameter that may contain spaces or start with ':' must be the trailing one. */
    private static String trailing(String param) {
        return param.contains(" ") || param.startsWith(":") ? ":" + param : param;
    }

    // ---- console side ----

    private void readInput() {
        try {
            String line;
            while ((line = console.readLine(prompt())) != null && !ended.isDone()) {
                if (!handleInput(line)) {
                    return;
                }
            }
            if (!ended.isDone()) {
                quit(""); // end of input means we are done
            }
        } catch (IOException e) {
            log.debug("input ended: {}", e.toString());
            if (!ended.isDone()) {
                trySend("QUIT");
            }
        } catch (RuntimeException e) {
            // our bug: end the session visibly instead of leaving run() waiting for a server that never closes
            log.error("chat client input failed (a bug: please report it with this trace)", e);
            endReason = "internal error: " + e;
            link.close();
        }
    }

    /** Returns false after /quit. */
    private boolean handleInput(String line) throws IOException {
        InputParser.Action action = InputParser.parse(line, new InputParser.Context(nick, channels.target(), prefixLength()));
        switch (action) {
            case InputParser.Action.Send s -> {
                for (String l : s.lines()) {
                    send(l);
                    echo(l);
                }
            }
            case InputParser.Action.Join j -> join(j.line(), j.channels());
            case InputParser.Action.Part p -> part(p.line(), p.channel());
            case InputParser.Action.Query q -> {
                channels.target(q.target());
                show("* talking to " + q.target());
            }
            case InputParser.Action.Show s -> console.print(s.text().contains("\n") ? s.text() : formatter.stamp(s.text()));
            case InputParser.Action.Refuse r -> {
                show(r.reason());
                if (!console.interactive()) {
                    refusedLines.incrementAndGet(); // a script goes on, but its exit status tells
                }
            }
            case InputParser.Action.Quit q -> {
                quit(q.reason());
                return false;
            }
            case InputParser.Action.None n -> {
            }
        }
        return true;
    }

    /** Sends JOIN and waits until the server has answered for every channel (echo or error). */
    private void join(String line, List<String> names) throws IOException {
        CompletableFuture<Void> all = channels.expectJoin(names);
        try {
            send(line);
            if (!awaitQuietly(CompletableFuture.anyOf(all, ended), settings.answerTimeout())) {
                show("! no answer to " + line + " within " + settings.answerTimeout().toSeconds() + "s; going on");
            }
        } finally {
            channels.forgetJoin(names);
        }
    }

    /** Sends PART and waits for the server's answer, so the next line goes to the right target. */
    private void part(String line, String channel) throws IOException {
        CompletableFuture<Void> f = channels.expectPart(channel);
        try {
            send(line);
            if (!awaitQuietly(CompletableFuture.anyOf(f, ended), settings.answerTimeout())) {
                show("! no answer to " + line + " within " + settings.answerTimeout().toSeconds() + "s; going on");
            }
        } finally {
            channels.forgetPart(channel);
        }
    }

    private void quit(String reason) throws IOException {
        quitting = true;
        send(reason.isEmpty() ? "QUIT" : "QUIT :" + reason);
        // A throttling server (fakelag; ngIRCd's penalty ~2 lines/s) may still be working through lines we
        // piped before the QUIT: give it a second per line it has not reacted to before giving up on it.
        Duration patience = settings.answerTimeout().plusSeconds(sentSinceHeard.get());
        if (!awaitQuietly(ended, patience)) {
            show("! the server did not close the connection within " + patience.toSeconds()
                    + "s after QUIT; closing it");
            link.close();
        }
    }

    /** Shows what we sent as the server would relay it to others. */
    private void echo(String line) {
        IrcMessage m = IrcMessage.parse(":" + (ownPrefix != null ? ownPrefix : nick) + " " + line);
        // to ourselves the server delivers it back: that copy is the one shown
        if (m != null && (m.command().equals("PRIVMSG") || m.command().equals("NOTICE")) && !same(m.param(0), nick)) {
            formatter.format(m, nick).ifPresent(console::print);
        }
    }

    private String prompt() {
        String t = channels.target();
        return (t == null ? "" : "[" + t + "] ") + "> ";
    }

    /** Length of ":nick!user@host " as the server will put it in front of what we send. */
    private int prefixLength() {
        String p = ownPrefix;
        // before we have seen it: assume the longest host name (63) and a "~" on the user name
        return p != null ? p.length() + 2 : nick.length() + settings.user().length() + 63 + 5;
    }

    // ---- server side ----

    private void readServer() {
        try (InputStream in = new BufferedInputStream(link.input())) {
            String raw;
            while ((raw = ServerLink.readLine(in)) != null) {
                sentSinceHeard.set(0);
                log.debug("<< {}", raw);
                if (!welcome.isDone() && !IrcDetector.looksLikeIrc(raw)) {
                    welcome.completeExceptionally(new UserError(IrcDetector.notIrc(raw, settings.server(), settings.tls())));
                    return;
                }
                IrcMessage m = IrcMessage.parse(raw);
                if (m != null) {
                    onMessage(m);
                }
            }
        } catch (IOException e) {
            if (!quitting && endReason.equals(CLOSED_BY_SERVER)) {
                endReason = "connection lost: " + e.getMessage();
            }
        } finally {
            link.close();
            ended.complete(null);
        }
    }

    private void onMessage(IrcMessage m) {
        boolean fromMe = m.fromUser() && same(m.sourceNick(), nick);
        // formatted before the state changes: a NICK from us must still be recognised as ours
        Optional<String> shown = quitting && m.command().equals("ERROR")
                ? Optional.of(formatter.stamp("* disconnected: " + m.last())) // the answer to our QUIT
                : formatter.format(m, nick);
        switch (m.command()) {
            case "PING" -> trySend(m.params().isEmpty() ? "PONG" : "PONG :" + m.last());
            case "PRIVMSG" -> ctcp.privmsg(m);
            case "464" -> {
                if (!welcome.isDone()) {
                    welcome.completeExceptionally(new UserError(settings.password() == null
                            ? "the server wants a password: give --password, --password-env or --password-file"
                            : "the server refused the password (464 " + m.last() + ")"));
                }
            }
            case "001" -> {
                nick = m.param(0);
                welcome.complete(nick);
            }
            case "433", "436", "437" -> {
                if (!welcome.isDone() && retryNick(false)) {
                    return;
                }
            }
            case "432" -> {
                if (!welcome.isDone() && retryNick(true)) {
                    return;
                }
            }
            case "NICK" -> {
                roster.renamed(m.sourceNick(), m.param(0));
                if (fromMe) {
                    nick = m.param(0);
                    ownPrefix = m.param(0) + m.prefix().substring(m.sourceNick().length());
                }
            }
            case "JOIN" -> {
                roster.joined(m.param(0), m.sourceNick());
                if (fromMe) {
                    ownPrefix = m.prefix();
                    channels.entered(m.param(0));
                }
            }
            case "353" -> roster.names(m.param(2), m.last());
            case "366" -> {
                if (channels.joinPending(m.param(1))) {
                    channels.entered(m.param(1)); // the names list proves the join even if we missed the echo
                }
            }
            case "PART" -> {
                roster.left(m.param(0), m.sourceNick());
                if (fromMe) {
                    channels.left(m.param(0));
                }
            }
            case "KICK" -> {
                roster.left(m.param(0), m.param(1));
                if (same(m.param(1), nick)) {
                    channels.left(m.param(0));
                }
            }
            case "QUIT" -> roster.quit(m.sourceNick());
            case "ERROR" -> serverError = m.last();
            default -> {
                if (m.isNumeric() && NumericText.isError(m.numeric())) {
                    // e.g. 403/471/473/474/475 for a JOIN, 403/442 for a PART
                    m.params().stream().skip(1).forEach(channels::refused);
                }
            }
        }
        shown.ifPresent(console::print);
    }

    /** Registration: the nick is taken (or too long for a suffix); try the next one. */
    private boolean retryNick(boolean erroneous) {
        if (erroneous && (nickAttempt == 0 || nickBase.length() <= 1)) {
            welcome.completeExceptionally(new UserError("the server refuses the nickname '" + nick + "'"));
            return true;
        }
        if (erroneous) {
            nickBase = nickBase.substring(0, nickBase.length() - 1); // base + suffix was too long
        } else if (++nickAttempt > MAX_NICK_ATTEMPTS) {
            welcome.completeExceptionally(new UserError("nicknames " + settings.nick() + " to " + nick + " are all taken"));
            return true;
        }
        String taken = nick;
        nick = nickBase + (nickAttempt + 1);
        show("* nickname " + taken + (erroneous ? " is not accepted" : " is taken") + "; trying " + nick);
        trySend("NICK " + nick);
        return true;
    }

    // ---- I/O ----

    private void send(String line) throws IOException {
        log.debug(">> {}", loggable(line));
        link.send(line);
        sentSinceHeard.incrementAndGet();
    }

    private void trySend(String line) {
        try {
            send(line);
        } catch (IOException e) {
            log.debug("could not send {}: {}", loggable(line), e.toString());
        }
    }

    /**
     * {@code line} as the debug log may show it: the secrets a client sends (the server password, an operator's
     * password, SASL responses, a password being registered, anything said to NickServ) replaced, since a log file is read by others.
     */
    static String loggable(String line) {
        String[] words = line.split(" ", -1);
        String command = words[0].toUpperCase(java.util.Locale.ROOT);
        int keep = switch (command) {
            case "PASS", "AUTHENTICATE" -> 1;
            case "OPER" -> 2;
            case "REGISTER" -> 3; // REGISTER account email password
            case "NS" -> 1;
            case "PRIVMSG" -> words.length > 1 && words[1].equalsIgnoreCase("NickServ") ? 2 : words.length;
            default -> words.length;
        };
        if (keep >= words.length) {
            return line;
        }
        return String.join(" ", java.util.Arrays.copyOf(words, keep)) + " <hidden>";
    }

    private void show(String text) {
        console.print(formatter.stamp(text));
    }

    /** Waits for {@code f} (forever when {@code timeout} is null); false on timeout. */
    private static boolean awaitQuietly(CompletableFuture<?> f, Duration timeout) {
        try {
            if (timeout == null) {
                f.get();
            } else {
                f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean same(String a, String b) {
        return a != null && b != null && CaseMapping.equals(a, b);
    }
}
