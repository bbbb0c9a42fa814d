package dev.sockets.chat.server.command;

import dev.sockets.chat.server.state.Client;
import dev.sockets.chat.server.state.Departure;
import static dev.sockets.chat.protocol.Numeric.ERR_NOORIGIN;

import dev.sockets.chat.protocol.IrcLine;

/** PING, PONG and QUIT: the commands about the connection itself. */
final class ConnectionCommands {

    private ConnectionCommands() {
    }

    static void ping(CommandContext ctx, Client c, IrcLine l) {
        if (l.paramCount() == 0 || l.param(0).isEmpty()) {
            c.numeric(ERR_NOORIGIN, "No origin specified");
            return;
        }
        String server = ctx.config().serverName();
        c.send(IrcLine.formatTrailing(server, "PONG", server, l.param(0)));
    }

    static void pong(CommandContext ctx, Client c, IrcLine l) {
        // Any line counts as a sign of life (the session records it); nothing to answer.
    }

    static void quit(CommandContext ctx, Client c, IrcLine l) {
        String reason = l.paramCount() > 0 && !l.param(0).isEmpty() ? "Quit: " + l.param(0) : "Client Quit";
        c.disconnect(Departure.QUIT, reason, c.closingLink(reason), false);
    }
}
