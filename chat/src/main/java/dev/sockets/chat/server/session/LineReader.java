package dev.sockets.chat.server.session;

import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.chat.protocol.Tags;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Splits the bytes of one connection into lines: CRLF, bare LF and bare CR all end a line, empty lines
 * are skipped, and a line longer than 510 bytes (512 with CRLF), plus its IRCv3 tag section when it
 * starts with one, is reported as {@link #TOO_LONG} and skipped up to its end, so the stream never
 * desyncs. NUL bytes, which RFC 1459 (2.3.1) forbids in a message and which many clients read as the end
 * of a string, are dropped from a line before anything parses it, so they are never relayed (CR and LF
 * cannot occur inside a line: both end it). Used only by the connection's reader thread.
 */
final class LineReader {

    static final int EOF = -1;
    static final int LINE = 1;
    static final int TOO_LONG = 2;

    private final Transport transport;
    /** Longest line with IRCv3 tags: the tag section (8191 with '@' and space) and 510 bytes of message. */
    static final int MAX_TAGGED = Tags.MAX_TAG_SECTION + IrcLine.MAX_CONTENT;

    private final byte[] buf = new byte[16384];
    private final ByteBuffer window = ByteBuffer.wrap(buf);
    private int start;
    private int end;
    private int scan;
    private boolean discarding;
    private int lineStart;
    private int lineLength;

    LineReader(Transport transport) {
        this.transport = transport;
    }

    /** Blocks for the next line: {@link #LINE} (see {@link #buffer()}...), {@link #TOO_LONG} or {@link #EOF}. */
    int next() throws IOException {
        while (true) {
            while (scan < end) {
                byte b = buf[scan++];
                if (b != '\n' && b != '\r') {
                    continue;
                }
                int from = start;
                int length = scan - 1 - start;
                start = scan;
                if (discarding) {
                    discarding = false; // the end of a line we already reported as too long
                    continue;
                }
                if (length > limit(from)) {
                    return TOO_LONG;
                }
                length = stripNul(from, length);
                if (length == 0) {
                    continue;
                }
                lineStart = from;
                lineLength = length;
                return LINE;
            }
            if (end - start > limit(start)) {
                // No terminator within the limit: drop what we have and the rest of the line.
                boolean first = !discarding;
                discarding = true;
                start = end = scan = 0;
                if (first) {
                    return TOO_LONG;
                }
            }
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                scan -= start;
                start = 0;
            }
            window.limit(buf.length).position(end);
            int n = transport.read(window);
            if (n < 0) {
                return EOF;
            }
            end += n;
        }
    }

    /** Removes the NUL bytes of {@code buf[from, from+length)} in place; returns the new length. */
    private int stripNul(int from, int length) {
        int to = from;
        int stop = from + length;
        for (int i = from; i < stop; i++) {
            if (buf[i] != 0) {
                buf[to++] = buf[i];
            }
        }
        return to - from;
    }

    /** 510 bytes for a plain line; a line starting with tags may be longer by its tag section. */
    private int limit(int from) {
        return from < end && buf[from] == '@' ? MAX_TAGGED : IrcLine.MAX_CONTENT;
    }

    byte[] buffer() {
        return buf;
    }

    int lineStart() {
        return lineStart;
    }

    int lineLength() {
        return lineLength;
    }

    /** Bytes received and not yet returned as lines. */
    int buffered() {
        return end - start;
    }
}
