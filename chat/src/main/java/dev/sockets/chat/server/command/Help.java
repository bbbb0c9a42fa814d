package dev.sockets.chat.server.command;

import dev.sockets.chat.server.state.Client;
import static dev.sockets.chat.protocol.Numeric.*;

import dev.sockets.chat.protocol.IrcLine;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * HELP and HELPOP (the same command under the two names clients use): {@code HELP} lists the commands of
 * the {@link CommandTable}, {@code HELP PRIVMSG} gives the syntax and what it does, as 704 (the start),
 * 705 lines and 706 (the end), each naming the subject; an unknown subject gets 524. The texts are kept
 * here, one per row of the table ({@code CommandTableTest} checks that none is missing), so a new command
 * cannot ship without its help.
 */
final class Help {

    /** The subject of {@code HELP} without a parameter. */
    static final String INDEX = "*";

    private Help() {
    }

    /** Per command: its syntax first, then what it does; each line well within one reply. */
    static final Map<String, List<String>> TEXTS = withServices(
            text("PASS", "PASS <password>", "Gives the connection password, before NICK and USER."),
            text("NICK", "NICK <nickname>", "Sets your nickname, or changes it once registered (433 if it is taken)."),
            text("USER", "USER <username> 0 * :<real name>", "Gives your user name and real name when you register."),
            text("CAP", "CAP LS [302] | LIST | REQ :<caps> | END",
                    "Negotiates IRCv3 capabilities; registration waits until CAP END."),
            text("PING", "PING <token>", "Asks the server for a PONG with the same token."),
            text("PONG", "PONG <token>", "Answers the server's PING."),
            text("QUIT", "QUIT [:<reason>]", "Leaves the server; the others see the reason."),
            text("JOIN", "JOIN <#channel>{,<#channel>} [<key>{,<key>}] | JOIN 0",
                    "Joins channels (creating them, you as operator); JOIN 0 leaves every channel."),
            text("PART", "PART <#channel>{,<#channel>} [:<reason>]", "Leaves channels."),
            text("TOPIC", "TOPIC <#channel> [:<topic>]",
                    "Shows the topic, or sets it (operators only on a +t channel); an empty topic clears it."),
            text("NAMES", "NAMES [<#channel>{,<#channel>}]", "Lists the members of channels, with @ and + prefixes."),
            text("LIST", "LIST [<#channel>|<mask>|!<mask>|<N|>N{,...}]",
                    "Lists channels with their sizes and topics: by name, by mask, not matching a mask (!),"
                            + " or with fewer (<N) or more (>N) members."),
            text("KICK", "KICK <#channel> <nick>{,<nick>} [:<reason>]", "Removes users from a channel (operators)."),
            text("MODE", "MODE <#channel> [<modes> [<params>]] | MODE <nick> [<modes>]",
                    "Shows or changes channel modes (b e I k l C i m n s t o v) or your user modes (i w o B).",
                    "MODE #channel b, e or I lists the bans, ban exceptions or invite exceptions;"
                            + " +b m:<mask> mutes instead of banning."),
            text("INVITE", "INVITE <nick> <#channel> | INVITE",
                    "Invites someone past +i, +k, +l and +b once; alone, lists your pending invites."),
            text("PRIVMSG", "PRIVMSG <target>{,<target>} :<text>",
                    "Sends a message to users or channels; @#channel reaches only its operators, +#channel"
                            + " its voiced users and operators."),
            text("NOTICE", "NOTICE <target>{,<target>} :<text>",
                    "Like PRIVMSG, but never answered automatically (no errors about targets, no away reply)."),
            text("TAGMSG", "TAGMSG <target>{,<target>}",
                    "Sends only client tags (message-tags) to users or channels."),
            text("AWAY", "AWAY [:<message>]", "Marks you away with a message, or back without one."),
            text("SETNAME", "SETNAME :<real name>", "Changes your real name (setname)."),
            text("WHO", "WHO <mask|#channel> [o] [%<fields>[,<token>]]",
                    "Lists users matching a mask or in a channel; WHOX fields give a 354 reply."),
            text("WHOIS", "WHOIS [<server>] <nick>", "Shows who a user is, where, since when and in which channels."),
            text("ISON", "ISON <nick> {<nick>}", "Tells which of these nicks are online."),
            text("USERHOST", "USERHOST <nick> {<nick>}", "Shows the user@host of up to five nicks."),
            text("MOTD", "MOTD", "Shows the message of the day."),
            text("LUSERS", "LUSERS", "Shows how many users, operators and channels there are."),
            text("VERSION", "VERSION [<server>]", "Shows the server's version and what it supports (005)."),
            text("TIME", "TIME [<server>]", "Shows the server's local time."),
            text("INFO", "INFO [<server>]", "Shows what this server is."),
            text("ADMIN", "ADMIN [<server>]", "Shows who runs this server."),
            text("LINKS", "LINKS", "Lists the servers of the network."),
            text("WHOWAS", "WHOWAS <nick> [<count>]", "Shows who recently used a nick."),
            text("MONITOR", "MONITOR + <nick>{,<nick>} | - <nick>{,<nick>} | C | L | S",
                    "Tells you when nicks sign on or off: add, remove, clear, list, or show their status."),
            text("OPER", "OPER <name> <password>", "Makes you an IRC operator with a name and password of the server."),
            text("KILL", "KILL <nick> [:<reason>]", "Disconnects a user (IRC operators)."),
            text("WALLOPS", "WALLOPS :<text>", "Sends a message to every user with user mode +w (IRC operators)."),
            text("BATCH", "BATCH +<ref> draft/multiline <target> | BATCH -<ref>",
                    "Sends the PRIVMSG or NOTICE lines tagged batch=<ref> in between as one message (draft/multiline).",
                    "At most " + dev.sockets.chat.protocol.Capability.MULTILINE_MAX_LINES + " lines and "
                            + dev.sockets.chat.protocol.Capability.MULTILINE_MAX_BYTES + " bytes;"
                            + " a line tagged draft/multiline-concat continues the one before."),
            text("AUTHENTICATE", "AUTHENTICATE <mechanism> | <base64 chunk> | + | *",
                    "Logs in to an account with SASL (PLAIN or EXTERNAL) after CAP REQ sasl; * aborts."),
            text("REGISTER", "REGISTER * <email> <password>",
                    "Makes your nick an account and logs you in to it (draft/account-registration)."),
            text("VERIFY", "VERIFY <account> <code>", "Accounts need no verification here: answered with FAIL."),
            text("METADATA", "METADATA <*|nick|#channel> GET <key>... | LIST | SET <key> [:<value>] | CLEAR | SYNC",
                    "Reads or sets the metadata of users and channels (draft/metadata-3): your own, or a channel's"
                            + " as its operator.",
                    "METADATA * SUB <key>... | UNSUB <key>... | SUBS: which keys you hear of when they change."),
            text("REDACT", "REDACT <#channel|nick> <msgid> [:<reason>]",
                    "Withdraws one of the last messages (draft/message-redaction): your own, or any in a channel you operate."),
            text("CHATHISTORY", "CHATHISTORY LATEST|BEFORE|AFTER|AROUND <target> <ref> <limit> | "
                    + "BETWEEN <target> <ref> <ref> <limit> | TARGETS <ref> <ref> <limit>",
                    "Sends the stored messages of a channel you are in or of a private conversation of yours, in a "
                            + "chathistory batch (draft/chathistory).",
                    "<ref> is msgid=<id>, timestamp=<ISO 8601 time> or * (LATEST only); at most "
                            + ChatHistory.MAX_LIMIT + " messages."),
            text("HELP", "HELP [<command>]", "Lists the commands, or explains one. HELPOP is the same."),
            text("HELPOP", "HELPOP [<command>]", "Lists the commands, or explains one. HELP is the same."));

    private static Map.Entry<String, List<String>> text(String command, String... lines) {
        return Map.entry(command, List.of(lines));
    }

    /** The services' commands' texts are theirs, so that a service is one class. */
    @SafeVarargs
    private static Map<String, List<String>> withServices(Map.Entry<String, List<String>>... commands) {
        Map<String, List<String>> all = new HashMap<>(Map.ofEntries(commands));
        for (Service s : Service.ALL) {
            all.put(s.command(), s.help());
        }
        return Map.copyOf(all);
    }

    /** Answers HELP from {@code c}; {@code commands} are the table's names, in order. */
    static void help(CommandContext ctx, Client c, IrcLine l, Set<String> commands) {
        String asked = l.paramCount() > 0 && !l.param(0).isEmpty() ? l.param(0) : null;
        String server = ctx.config().serverName();
        if (asked == null) {
            c.numeric(RPL_HELPSTART, INDEX, "Commands of " + server + " (HELP <command> explains one):");
            StringBuilder row = new StringBuilder();
            for (String name : commands) {
                if (row.length() + name.length() + 1 > 300) {
                    c.numeric(RPL_HELPTXT, INDEX, row.toString());
                    row.setLength(0);
                }
                row.append(row.isEmpty() ? "" : " ").append(name);
            }
            if (!row.isEmpty()) {
                c.numeric(RPL_HELPTXT, INDEX, row.toString());
            }
            c.numeric(RPL_ENDOFHELP, INDEX, "End of /HELP");
            return;
        }
        String subject = asked.toUpperCase(Locale.ROOT);
        List<String> text = commands.contains(subject) ? TEXTS.get(subject) : null;
        if (text == null) {
            c.numeric(ERR_HELPNOTFOUND, asked, "No help available on this topic");
            return;
        }
        c.numeric(RPL_HELPSTART, subject, text.get(0));
        for (String line : text.subList(1, text.size())) {
            c.numeric(RPL_HELPTXT, subject, line);
        }
        c.numeric(RPL_ENDOFHELP, subject, "End of /HELP");
    }
}
