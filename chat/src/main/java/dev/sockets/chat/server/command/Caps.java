package dev.sockets.chat.server.command;

import static dev.sockets.chat.protocol.Numeric.ERR_INVALIDCAPCMD;

import dev.sockets.chat.protocol.Capability;
import dev.sockets.chat.protocol.CapabilitySet;
import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.chat.server.config.AccountPolicy;
import dev.sockets.chat.server.state.Client;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CAP: IRCv3 capability negotiation (LS, LIST, REQ, END), before and after registration. Before
 * registration, LS or REQ suspends it until END, so a client can enable what it needs before the welcome
 * burst. A REQ is all or nothing: one unknown capability NAKs the whole request and changes nothing.
 */
final class Caps {

    /** Version from which LS shows values and continues long replies with {@code *} (and cap-notify is on). */
    static final int VERSION_302 = 302;

    /** Room left for capability names on one line, below 512 with any server name and nick. */
    private static final int LIST_BYTES = 380;

    private Caps() {
    }

    static void cap(CommandContext ctx, Client c, IrcLine l) {
        String sub = l.param(0).toUpperCase(Locale.ROOT);
        switch (sub) {
            case "LS" -> ls(ctx, c, l);
            case "LIST" -> reply(c, "LIST", names(ctx, c.caps().toList(), 0));
            case "REQ" -> req(ctx, c, l.param(1));
            case "END" -> {
                if (!c.isRegistered()) {
                    Sasl.abandon(c);
                    c.setCapNegotiating(false);
                    Registration.complete(ctx, c);
                }
            }
            default -> c.numeric(ERR_INVALIDCAPCMD, l.param(0), "Invalid CAP command");
        }
    }

    private static void ls(CommandContext ctx, Client c, IrcLine l) {
        int version = 301;
        if (l.param(1) != null) {
            try {
                version = Math.max(301, Integer.parseInt(l.param(1).trim()));
            } catch (NumberFormatException e) {
                version = 301; // not a version: answered as a plain LS
            }
        }
        if (!c.isRegistered()) {
            c.setCapNegotiating(true);
        }
        c.setCapVersion(version);
        if (c.capVersion() >= VERSION_302) {
            c.setCaps(c.caps().with(Capability.CAP_NOTIFY));
        }
        reply(c, "LS", names(ctx, offered(ctx), c.capVersion()));
    }

    /** What this server offers: SASL and REGISTER only with an account store (and REGISTER when allowed). */
    static List<Capability> offered(CommandContext ctx) {
        List<Capability> caps = new ArrayList<>(List.of(Capability.values()));
        if (!ctx.accounts().available()) {
            caps.remove(Capability.SASL);
        }
        if (!ctx.accounts().available()
                || ctx.config().accounts().registration() == AccountPolicy.Registration.OFF) {
            caps.remove(Capability.ACCOUNT_REGISTRATION);
        }
        if (!ctx.history().enabled()) {
            caps.remove(Capability.CHATHISTORY);
        }
        return caps;
    }

    private static void req(CommandContext ctx, Client c, String request) {
        if (!c.isRegistered()) {
            c.setCapNegotiating(true);
        }
        String text = request == null ? "" : request;
        CapabilitySet next = c.caps();
        boolean ok = !text.isBlank();
        for (String token : text.trim().split(" +")) {
            if (token.isEmpty()) {
                continue;
            }
            boolean remove = token.startsWith("-");
            Capability cap = Capability.byName(remove ? token.substring(1) : token);
            if (cap != null && !remove && !offered(ctx).contains(cap)) {
                cap = null;
            }
            // cap-notify cannot be turned off by a client that asked for 302 (it is part of that version).
            if (cap == null || remove && cap == Capability.CAP_NOTIFY && c.capVersion() >= VERSION_302
                    || !remove && !offered(ctx).contains(cap)) {
                ok = false;
                break;
            }
            next = remove ? next.without(cap) : next.with(cap);
        }
        if (ok) {
            c.setCaps(next);
        }
        c.fromServer("CAP", c.nickOrStar(), ok ? "ACK" : "NAK", text);
    }

    /** The wire names of {@code caps}, with values for a 302 client. */
    private static List<String> names(CommandContext ctx, List<Capability> caps, int version) {
        List<String> out = new ArrayList<>(caps.size());
        for (Capability cap : caps) {
            if (cap == Capability.ACCOUNT_REGISTRATION && version >= VERSION_302
                    && ctx.config().accounts().registration() == AccountPolicy.Registration.BEFORE_CONNECT) {
                out.add(cap.wireName() + "=before-connect");
            } else {
                out.add(cap.listed(version));
            }
        }
        return out;
    }

    /**
     * {@code CAP nick SUB :names}, over several lines when long: a 302 client gets {@code *} before the
     * names on every line but the last; an older one only the lines (it never learnt the marker).
     */
    private static void reply(Client c, String sub, List<String> names) {
        List<String> lines = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            if (!sb.isEmpty() && sb.length() + 1 + n.length() > LIST_BYTES) {
                lines.add(sb.toString());
                sb.setLength(0);
            }
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(n);
        }
        lines.add(sb.toString());
        boolean continued = c.capVersion() >= VERSION_302;
        for (int i = 0; i < lines.size(); i++) {
            if (continued && i < lines.size() - 1) {
                c.fromServer("CAP", c.nickOrStar(), sub, "*", lines.get(i));
            } else {
                c.fromServer("CAP", c.nickOrStar(), sub, lines.get(i));
            }
        }
    }
}
