package dev.sockets.chat.server.command;

import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.protocol.Capability;
import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.chat.protocol.Numeric;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one table of commands: name -> handler, minimum parameter count, whether allowed before
 * registration. {@link #dispatch} answers 451 (not registered), 461 (missing parameters) and 421
 * (unknown) here, and with {@code --utf8-only} refuses a line that is not UTF-8, so handlers only see
 * well-formed calls. Immutable; dispatch runs on the sending
 * client's reader thread. Handlers get their collaborators from the {@link CommandContext}, never from
 * the server wiring, so each can be run in a test with no socket.
 */
public final class CommandTable {

    /** Handles one command from one client; queues replies, never blocks on I/O. */
    @FunctionalInterface
    public interface Handler {
        void handle(CommandContext context, Client client, IrcLine line);
    }

    /** One row of the table. */
    public record Command(String name, int minParams, boolean beforeRegistration, Handler handler) { }

    private final Map<String, Command> commands;
    private final CommandContext context;

    private CommandTable(Map<String, Command> commands, CommandContext context) {
        this.commands = Collections.unmodifiableMap(new TreeMap<>(commands));
        this.context = context;
    }

    /** Every command this server implements, run with {@code context}. */
    public static CommandTable standard(CommandContext context) {
        Map<String, Command> m = new TreeMap<>();
        add(m, "PASS", 1, true, Registration::pass);
        add(m, "NICK", 0, true, Registration::nick);
        add(m, "USER", 4, true, Registration::user);
        add(m, "CAP", 1, true, Caps::cap);
        add(m, "AUTHENTICATE", 1, true, Sasl::authenticate);
        add(m, "REGISTER", 1, true, AccountCommands::register);
        add(m, "VERIFY", 1, true, AccountCommands::verify);
        for (Service s : Service.ALL) {
            add(m, s.command(), 1, false, (ctx, c, l) -> s.handle(ctx, c, String.join(" ", l.params())));
        }
        add(m, "PING", 0, true, ConnectionCommands::ping);
        add(m, "PONG", 0, true, ConnectionCommands::pong);
        add(m, "QUIT", 0, true, ConnectionCommands::quit);
        add(m, "JOIN", 1, false, Channels::join);
        add(m, "PART", 1, false, Channels::part);
        add(m, "TOPIC", 1, false, Channels::topic);
        add(m, "NAMES", 0, false, Channels::names);
        add(m, "LIST", 0, false, Channels::list);
        add(m, "KICK", 2, false, Channels::kick);
        add(m, "MODE", 1, false, Modes::mode);
        add(m, "INVITE", 0, false, Invites::invite);
        add(m, "PRIVMSG", 0, false, Messages::privmsg);
        add(m, "NOTICE", 0, false, Messages::notice);
        add(m, "TAGMSG", 0, false, Messages::tagmsg);
        add(m, "AWAY", 0, false, Queries::away);
        add(m, "SETNAME", 1, false, Queries::setname);
        add(m, "WHO", 0, false, Queries::who);
        add(m, "WHOIS", 1, false, Queries::whois);
        add(m, "ISON", 1, false, Queries::ison);
        add(m, "USERHOST", 1, false, Queries::userhost);
        add(m, "MOTD", 0, false, Queries::motd);
        add(m, "LUSERS", 0, false, Queries::lusers);
        add(m, "VERSION", 0, false, Queries::version);
        add(m, "TIME", 0, false, Queries::time);
        add(m, "INFO", 0, false, Queries::info);
        add(m, "ADMIN", 0, false, Queries::admin);
        add(m, "LINKS", 0, false, Queries::links);
        add(m, "WHOWAS", 0, false, Queries::whowas);
        add(m, "MONITOR", 1, false, Monitor::monitor);
        add(m, "CHATHISTORY", 1, false, ChatHistory::chathistory);
        add(m, "OPER", 2, false, OperCommands::oper);
        add(m, "KILL", 1, false, OperCommands::kill);
        add(m, "WALLOPS", 1, false, OperCommands::wallops);
        add(m, "BATCH", 1, false, Multiline::batch);
        add(m, "METADATA", 2, false, MetadataCommand::metadata);
        add(m, "REDACT", 2, false, Redact::redact);
        // The table's names as they will be once built (a view of this map, never changed after).
        java.util.Set<String> names = Collections.unmodifiableSet(m.keySet());
        add(m, "HELP", 0, false, (ctx, c, l) -> Help.help(ctx, c, l, names));
        add(m, "HELPOP", 0, false, (ctx, c, l) -> Help.help(ctx, c, l, names));
        return new CommandTable(m, context);
    }

    private static void add(Map<String, Command> m, String name, int min, boolean early, Handler h) {
        m.put(name, new Command(name, min, early, h));
    }

    /** The row for {@code name} (upper case), or null. */
    public Command lookup(String name) {
        return commands.get(name);
    }

    /** Every row, by name. */
    public Map<String, Command> commands() {
        return commands;
    }

    /** Runs {@code line} from {@code client}, or answers why it cannot run. */
    public void dispatch(Client client, IrcLine line) {
        String label = line.tag("label");
        // A multiline batch answers its opening label when it ends, with the batch itself.
        boolean batched = client.has(Capability.MULTILINE) && (line.command().equals("BATCH") || line.tag("batch") != null);
        if (label == null || label.isEmpty() || !client.has(Capability.LABELED_RESPONSE) || batched) {
            run(client, line);
            return;
        }
        client.beginLabel(label);
        try {
            run(client, line);
        } finally {
            client.endLabel();
        }
    }

    private void run(Client client, IrcLine line) {
        if (context.config().utf8Only() && !line.isUtf8()) {
            // The IRCv3 utf8-only way: refused as a whole, never relayed in part or re-encoded.
            client.fromServer("FAIL", line.command(), "INVALID_UTF8",
                    "Message rejected: this server accepts only UTF-8 text (UTF8ONLY)");
            return;
        }
        Command cmd = commands.get(line.command());
        if (!client.isRegistered() && (cmd == null || !cmd.beforeRegistration())) {
            client.numeric(Numeric.ERR_NOTREGISTERED, "You have not registered");
            return;
        }
        String batch = line.tag("batch");
        if (batch != null && client.has(Capability.MULTILINE) && client.isRegistered()
                && (line.command().equals("PRIVMSG") || line.command().equals("NOTICE"))) {
            Multiline.line(client, line, batch); // held until the batch ends
            return;
        }
        if (cmd == null) {
            client.numeric(Numeric.ERR_UNKNOWNCOMMAND, line.command(), "Unknown command");
            return;
        }
        if (line.paramCount() < cmd.minParams()) {
            client.numeric(Numeric.ERR_NEEDMOREPARAMS, cmd.name(), "Not enough parameters");
            return;
        }
        cmd.handler().handle(context, client, line);
    }
}
