package dev.sockets.daytime;

import dev.sockets.common.cli.Cli;
import dev.sockets.common.cli.UserError;
import dev.sockets.common.net.Endpoint;
import dev.sockets.daytime.protocol.ClockOffset;
import dev.sockets.daytime.protocol.DaytimeFormat;
import dev.sockets.daytime.protocol.DaytimeParser;
import dev.sockets.daytime.protocol.DaytimeParser.ParsedTime;
import dev.sockets.daytime.protocol.Rfc868;
import dev.sockets.daytime.protocol.TimeOfDayClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code daytime client}: prints the server's line; with {@code --offset}, also reads the time in it
 * ({@link DaytimeParser}) and prints how far the server's clock is from ours ({@link ClockOffset}).
 */
@Command(name = "client", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, sortOptions = false,
        description = "Daytime client (RFC 867): print the date and time line of a daytime server.")
final class DaytimeClientCommand extends TimeOfDayClientCommand {

    /** Enough for any daytime line we know; a longer one is cut here. */
    static final int MAX_REPLY_BYTES = 512;

    @Option(names = "--offset",
            description = "Also read the time in the line and print the server's offset from the local clock,"
                    + " corrected by half the round trip (like rdate).")
    boolean offset;

    @Option(names = {"-z", "--zone"}, paramLabel = "ZONE",
            description = "With --offset, the zone of a line that names none (ctime; default: UTC).")
    String zone = "UTC";

    @Override
    int defaultPort() {
        return DaytimeServerCommand.DEFAULT_PORT;
    }

    @Override
    TimeOfDayClient.Exchange askOverTcp(TimeOfDayClient client, Endpoint server) throws IOException {
        return client.overTcp(server, MAX_REPLY_BYTES, true);
    }

    @Override
    int answer(TimeOfDayClient client, Endpoint server, PrintWriter out) throws IOException {
        return print(ask(client, server), server, out);
    }

    private int print(TimeOfDayClient.Exchange exchange, Endpoint server, PrintWriter out) throws IOException {
        ZoneId assumed = DaytimeServerCommand.zone(zone);
        checkNotBinary(exchange.reply(), server);
        String line = printable(exchange.reply());
        JsonObject json = jsonHead(server).put("line", line);
        if (!offset) {
            out.println(this.json ? json : line);
            return Cli.EXIT_OK;
        }
        ParsedTime parsed = DaytimeParser.parse(line, assumed).orElse(null);
        if (parsed == null) {
            out.println(this.json ? json : line);
            out.flush();
            throw new UserError("cannot read a date and time in the server's line (known formats: "
                    + DaytimeFormat.names() + ", xinetd's '24 NOV 2026 19:24:09 UTC')");
        }
        ClockOffset o = exchange.offset(parsed.instant());
        if (this.json) {
            putOffset(json, o);
            if (parsed.zoneAssumed()) {
                json.put("zone_assumed", assumed.getId());
            }
            out.println(json);
        } else {
            out.println(line);
            out.println(describe(o) + (parsed.zoneAssumed() ? " [the line names no zone: read as " + assumed.getId() + "]" : ""));
        }
        return Cli.EXIT_OK;
    }

    /**
     * Refuses a reply that cannot be a daytime line: malformed UTF-8, a NUL, or 4 bytes outside printable
     * ASCII without a line end (what an RFC 868 time server sends: its first byte is 0x80 or more from 1968
     * to 2036). Control characters in a line of text are only masked ({@link #printable}).
     */
    static void checkNotBinary(byte[] reply, Endpoint server) throws ProtocolException {
        boolean hasNul = false;
        boolean allPrintableAscii = true;
        for (byte b : reply) {
            hasNul |= b == 0;
            allPrintableAscii &= b >= 0x20 && b < 0x7f || b == '\r' || b == '\n' || b == '\t';
        }
        boolean timeLike = reply.length == Rfc868.REPLY_BYTES && reply[reply.length - 1] != '\n' && !allPrintableAscii;
        if (hasNul || timeLike || !isUtf8(reply, reply.length >= MAX_REPLY_BYTES)) {
            throw new ProtocolException(server + " is not an RFC 867 daytime server: got " + reply.length + " byte"
                    + (reply.length == 1 ? "" : "s") + " of binary data"
                    + (reply.length == Rfc868.REPLY_BYTES ? " (looks like an RFC 868 time: try `sockets time client`)" : ""));
        }
    }

    /**
     * The first line of the reply without its line end, with control characters shown as {@code ?}
     * so a hostile server cannot drive the terminal.
     */
    static String printable(byte[] reply) {
        String s = new String(reply, StandardCharsets.UTF_8);
        int nl = s.indexOf('\n');
        if (nl >= 0) {
            s = s.substring(0, nl);
        }
        if (s.endsWith("\r")) {
            s = s.substring(0, s.length() - 1);
        }
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c == '\t' || !Character.isISOControl(c)) {
                sb.appendCodePoint(c);
            } else {
                sb.append('?');
            }
        });
        return sb.toString();
    }
}
