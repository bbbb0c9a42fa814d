package dev.sockets.daytime;

import dev.sockets.common.cli.Cli;
import dev.sockets.common.net.Endpoint;
import dev.sockets.daytime.protocol.ClockOffset;
import dev.sockets.daytime.protocol.Rfc868;
import dev.sockets.daytime.protocol.TimeOfDayClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import picocli.CommandLine.Command;

/**
 * {@code time client}: prints the server's time as ISO 8601 and its offset from the local clock. The
 * 32-bit value's era is the one closest to the local clock ({@link Rfc868#decode(long, Instant)}).
 */
@Command(name = "client", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, sortOptions = false,
        description = "Time client (RFC 868): print a time server's time as ISO 8601 and its offset from the local clock.")
final class TimeClientCommand extends TimeOfDayClientCommand {

    @Override
    int defaultPort() {
        return TimeServerCommand.DEFAULT_PORT;
    }

    @Override
    TimeOfDayClient.Exchange askOverTcp(TimeOfDayClient client, Endpoint server) throws IOException {
        return client.overTcp(server, Rfc868.REPLY_BYTES, false);
    }

    @Override
    int print(TimeOfDayClient.Exchange exchange, Endpoint server, PrintWriter out) throws IOException {
        long value = Rfc868.value(exchange.reply());
        ClockOffset o = exchange.offset(Rfc868.decode(value, exchange.received()));
        if (json) {
            out.println(putOffset(jsonHead(server).put("value", value), o));
        } else {
            out.println(o.serverTime());
            out.println(describe(o));
        }
        return Cli.EXIT_OK;
    }
}
