package dev.sockets.daytime;

import dev.sockets.common.cli.Cli;
import dev.sockets.daytime.protocol.Rfc868;
import dev.sockets.daytime.protocol.TimeOfDayService;
import java.time.Clock;
import picocli.CommandLine.Command;

/** {@code time server}: RFC 868 over TCP and UDP; see {@link TimeOfDayServerCommand}. */
@Command(name = "server", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, sortOptions = false,
        description = "Time server (RFC 868): every TCP connection gets 4 bytes, the seconds since 1900-01-01T00:00Z"
                + " (big-endian, modulo 2^32 after 2036-02-07T06:28:16Z), then is closed; every UDP datagram gets"
                + " a datagram with the same 4 bytes.")
final class TimeServerCommand extends TimeOfDayServerCommand {

    static final int DEFAULT_PORT = 37;

    @Override
    String name() {
        return "time";
    }

    @Override
    int defaultPort() {
        return DEFAULT_PORT;
    }

    @Override
    int maxReplyBytes() {
        return Rfc868.REPLY_BYTES;
    }

    @Override
    TimeOfDayService service(Clock clock) {
        return TimeOfDayService.time(clock);
    }
}
