package dev.sockets.echo.client;

import dev.sockets.common.cli.Cli;
import dev.sockets.common.cli.DurationConverter;
import dev.sockets.common.udp.DatagramClient;
import dev.sockets.common.udp.DatagramService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Line mode over UDP: each input line (with its line feed) is one datagram; its echo is printed when it
 * comes back within the timeout, and a missing or different echo is reported on the error stream.
 * Runs on the calling thread; closes the client it is given.
 */
final class DatagramSession {

    private final DatagramClient client;
    private final Duration timeout;

    DatagramSession(DatagramClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /** Returns 0 when every line came back unchanged, else 1. */
    int run(InputStream in, OutputStream out, PrintWriter err) throws IOException {
        int failures = 0;
        int lineNo = 0;
        try (client) {
            byte[] line;
            while ((line = readLine(in)) != null) {
                lineNo++;
                if (line.length > DatagramService.MAX_PAYLOAD) {
                    err.println("echo client: line " + lineNo + " is " + line.length + " bytes, more than a datagram carries ("
                            + DatagramService.MAX_PAYLOAD + "); not sent");
                    failures++;
                    continue;
                }
                Optional<byte[]> reply = client.exchange(line, timeout);
                if (reply.isEmpty()) {
                    err.println("echo client: no reply to line " + lineNo + " within " + DurationConverter.format(timeout));
                    failures++;
                    continue;
                }
                out.write(reply.get());
                out.flush();
                if (!Arrays.equals(line, reply.get())) {
                    err.println("echo client: the reply to line " + lineNo + " differs from what was sent");
                    failures++;
                }
            }
        } finally {
            err.flush();
        }
        return failures == 0 ? Cli.EXIT_OK : Cli.EXIT_FAILURE;
    }

    /** The next line including its LF, the unterminated last line, or null at end of input. */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        return b < 0 && line.size() == 0 ? null : line.toByteArray();
    }
}
