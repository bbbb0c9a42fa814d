package dev.sockets.daytime;

import dev.sockets.common.cli.Cli;
import dev.sockets.common.cli.UserError;
import dev.sockets.daytime.protocol.DaytimeFormat;
import dev.sockets.daytime.protocol.TimeOfDayService;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code daytime server}: RFC 867 over TCP and UDP; see {@link TimeOfDayServerCommand}. */
@Command(name = "server", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class, sortOptions = false,
        description = {
            "Daytime server (RFC 867): every TCP connection gets one line with the date and time, then is closed;"
                    + " every UDP datagram (whatever it holds) gets a datagram with the same line.",
            "Formats: rfc867 (Friday, November 27, 2026 21:04:05-UTC), rfc1123 (Fri, 27 Nov 2026 21:04:05 GMT),"
                    + " rfc2822 (Fri, 27 Nov 2026 21:04:05 +0000), iso8601 (2026-11-27T21:04:05Z),"
                    + " iso8601-ms (2026-11-27T21:04:05.123Z), ctime (Fri Nov 27 21:04:05 2026, no zone)."})
final class DaytimeServerCommand extends TimeOfDayServerCommand {

    static final int DEFAULT_PORT = 13;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", converter = FormatConverter.class,
            description = "How to write the time: rfc867, rfc1123, rfc2822, iso8601, iso8601-ms, ctime (default: rfc867).")
    DaytimeFormat format = DaytimeFormat.RFC867;

    @Option(names = {"-z", "--zone"}, paramLabel = "ZONE",
            description = "Time zone of the line: UTC, Europe/Paris, +05:30 ... (default: UTC).")
    String zone = "UTC";

    @Override
    String name() {
        return "daytime";
    }

    @Override
    int defaultPort() {
        return DEFAULT_PORT;
    }

    @Override
    int maxReplyBytes() {
        return DaytimeFormat.MAX_LINE_BYTES;
    }

    @Override
    TimeOfDayService service(Clock clock) {
        return TimeOfDayService.daytime(clock, format, zone(zone));
    }

    /** Parses a zone option; a bad one is a usage error naming examples. */
    static ZoneId zone(String text) {
        try {
            return ZoneId.of(text.strip());
        } catch (DateTimeException e) {
            throw UserError.usage("--zone: unknown time zone '" + text + "' (examples: UTC, Europe/Paris, America/New_York, +05:30)");
        }
    }

    /** picocli converter for {@code --format}. */
    static final class FormatConverter implements ITypeConverter<DaytimeFormat> {
        @Override
        public DaytimeFormat convert(String value) {
            try {
                return DaytimeFormat.named(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
