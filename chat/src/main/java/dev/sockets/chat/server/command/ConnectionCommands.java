package dev.sockets.chat.server.command;

import static dev.sockets.chat.protocol.Numeric.ERR_NOORIGIN;

import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.chat.server.Client;
import dev.sockets.chat.server.Departure;

/** PING, PONG and QUIT: the commands about the connection itself. */
final class ConnectionCommands {

    private ConnectionCommands() {
    }

    static void ping(Client c, IrcLine l) {
        if (l.paramCount() == 0 || l.param(0).isEmpty()) {
            c.numeric(ERR_NOORIGIN, "No origin specified");
            return;
        }
        String server = c.server().config().serverName();
        c.send(IrcLine.formatTrailing(server, "PONG", server, l.param(0)));
    }

    static void pong(Client c, IrcLine l) {
        // Any line counts as a sign of life (the session records it); nothing to answer.
    }

    static void quit(Client c, IrcLine l) {
        String reason = l.paramCount() > 0 && !l.param(0).isEmpty() ? "Quit: " + l.param(0) : "Client Quit";
        c.disconnect(Departure.QUIT, reason, c.closingLink(reason), false);
    }
}
