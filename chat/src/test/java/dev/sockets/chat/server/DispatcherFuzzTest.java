package dev.sockets.chat.server;

import dev.sockets.chat.server.config.ChatConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.chat.protocol.IrcLine;
import dev.sockets.common.net.Endpoint;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random and mutated command lines through real sessions (in-process server, real sockets): no exception
 * escapes a handler (that would end the session with "Internal error"), every line the server sends is a
 * well-formed IRC line, and every disconnect comes with an ERROR line saying why.
 *
 * <p>Seeded; {@code -Dchat.fuzz.cases=N} (or {@code mvn -Pfuzz}) runs more than the default 100 000 lines,
 * {@code -Dchat.fuzz.seed=S} another seed.
 */
@Timeout(300)
class DispatcherFuzzTest {

    static final int CASES = Integer.getInteger("chat.fuzz.cases", 100_000);
    static final long SEED = Long.getLong("chat.fuzz.seed", 0x1dcL);
    private static final int CLIENTS = 4;
    private static final int BATCH = 200;

    private static final String[] COMMANDS = {"PASS", "NICK", "USER", "CAP", "PING", "PONG", "QUIT", "JOIN", "PART",
            "TOPIC", "NAMES", "LIST", "KICK", "MODE", "PRIVMSG", "NOTICE", "AWAY", "WHO", "WHOIS", "ISON", "USERHOST",
            "MOTD", "LUSERS", "VERSION", "TIME", "privmsg", "join", "FOO", "001", "ERROR", ":", "CAP", "TAGMSG", "SETNAME"};
    /** IRCv3 tag sections, well formed or not, put before some lines. */
    private static final String[] TAGS = {"@label=x ", "@+a=b;c=d ", "@ ", "@=;;\\ ", "@+draft/reply=\\s\\:;label= ",
            "@+x=\\", "@+big=" + "x".repeat(5000) + " "};
    private static final String[] WORDS = {"#fz", "#fz2", "#FZ", "#", "##", "#a,#b", "0", "*", "fz0", "fz1", "FZ2",
            "fz3", "nobody", "+o", "-o", "+nt", "-t", "+i", "b", "+b", "LS", "302", "END", "REQ", "LIST", ":", "::",
            ":hello world", "", "a\u0000b", "\u00ff\u00fe", "caf\u00c3\u00a9", "x".repeat(60), "*!*@*", "#fz :topic",
            "fz0,fz1,#fz", "-", "{}|^", "[]\\~", "+B", "-B"};

    @Test
    void randomAndMutatedCommandsGetWellFormedReplies() throws Exception {
        ChatConfig config = ChatConfig.builder().floodRate(0).sendQueueBytes(4 * 1024 * 1024)
                .maxChannelsPerClient(10).build();
        Random random = new Random(SEED);
        long start = System.nanoTime();
        int sent = 0;
        int lines = 0;
        int reconnects = 0;
        try (ChatServer chat = TestIrc.start(config)) {
            Endpoint endpoint = chat.server().tcpEndpoint();
            FuzzClient[] clients = new FuzzClient[CLIENTS];
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    clients[i] = FuzzClient.connect(endpoint, i, random);
                }
                int token = 0;
                while (sent < CASES) {
                    for (int i = 0; i < CLIENTS && sent < CASES; i++) {
                        FuzzClient c = clients[i];
                        ByteArrayOutputStream batch = new ByteArrayOutputStream();
                        for (int k = 0; k < BATCH && sent < CASES; k++, sent++) {
                            batch.writeBytes(randomLine(random));
                            batch.write('\r');
                            batch.write('\n');
                        }
                        String pong = "fuzz" + token++;
                        batch.writeBytes(("PING :" + pong + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        if (!c.exchange(batch.toByteArray(), pong)) {
                            reconnects++;
                            c.close();
                            clients[i] = FuzzClient.connect(endpoint, i, random);
                        }
                        lines += c.linesChecked;
                        c.linesChecked = 0;
                    }
                }
            } finally {
                for (FuzzClient c : clients) {
                    if (c != null) {
                        c.close();
                    }
                }
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(chat.registry().clientCount()).isZero();
                assertThat(chat.registry().channelCount()).isZero();
            });
        }
        System.out.printf("dispatcher fuzz: %d random/mutated lines (seed %d) -> %d server lines checked, %d sessions "
                + "ended by the fuzz and reconnected, %d ms%n", sent, SEED, lines, reconnects,
                (System.nanoTime() - start) / 1_000_000);
    }

    /** A command from the table (or not) with random parameters, half of the time mutated byte-wise. */
    static byte[] randomLine(Random r) {
        StringBuilder sb = new StringBuilder();
        if (r.nextInt(15) == 0) {
            sb.append(TAGS[r.nextInt(TAGS.length)]);
        }
        if (r.nextInt(20) == 0) {
            sb.append(':').append(WORDS[r.nextInt(WORDS.length)]).append(' ');
        }
        String cmd = COMMANDS[r.nextInt(COMMANDS.length)];
        if (cmd.equals("QUIT") && r.nextInt(40) != 0) {
            cmd = "PING"; // keep sessions long enough to reach the deeper states
        }
        sb.append(cmd);
        int params = r.nextInt(6);
        for (int i = 0; i < params; i++) {
            sb.append(r.nextInt(10) == 0 ? "  " : " ");
            if (i == params - 1 && r.nextBoolean()) {
                sb.append(':');
            }
            sb.append(WORDS[r.nextInt(WORDS.length)]);
        }
        if (r.nextInt(200) == 0) {
            sb.append(" :").append("L".repeat(400 + r.nextInt(400))); // over 512: 417 or truncation
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (r.nextBoolean()) {
            b = mutate(b, r);
        }
        return b;
    }

    private static byte[] mutate(byte[] b, Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(b);
        byte[] cur = out.toByteArray();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            int at = cur.length == 0 ? 0 : r.nextInt(cur.length + 1);
            byte v = switch (r.nextInt(6)) {
                case 0 -> 0;
                case 1 -> ' ';
                case 2 -> ':';
                case 3 -> (byte) 0xff;
                default -> (byte) r.nextInt(256);
            };
            if (v == '\r' || v == '\n') {
                v = ',';
            }
            ByteArrayOutputStream next = new ByteArrayOutputStream();
            switch (r.nextInt(3)) {
                case 0 -> { // insert
                    next.write(cur, 0, at);
                    next.write(v);
                    next.write(cur, at, cur.length - at);
                }
                case 1 -> { // delete
                    next.write(cur, 0, Math.min(at, cur.length));
                    if (at < cur.length) {
                        next.write(cur, at + 1, cur.length - at - 1);
                    }
                }
                default -> { // replace
                    next.writeBytes(cur);
                    byte[] t = next.toByteArray();
                    if (at < t.length) {
                        t[at] = v;
                    }
                    next.reset();
                    next.writeBytes(t);
                }
            }
            cur = next.toByteArray();
        }
        return cur;
    }

    /**
     * Checks one line as received (with its CRLF): at most 512 bytes, CRLF only at the end, a prefix
     * ({@code :server} or {@code :nick!user@host}) except on ERROR and PING, a command word or a
     * three-digit numeric whose first parameter is the target; and no handler failure.
     */
    static void checkWellFormed(byte[] raw, int len) {
        String line = new String(raw, 0, len, StandardCharsets.ISO_8859_1);
        String why = null;
        if (len > IrcLine.MAX_LINE) {
            why = "longer than 512 bytes";
        } else if (len < 3 || raw[len - 2] != '\r' || raw[len - 1] != '\n') {
            why = "does not end in CRLF";
        } else if (line.substring(0, len - 2).indexOf('\r') >= 0 || line.substring(0, len - 2).indexOf('\n') >= 0) {
            why = "CR or LF inside";
        } else {
            IrcLine parsed = IrcLine.parse(raw, 0, len - 2);
            if (parsed == null) {
                why = "no command";
            } else if (parsed.prefix() == null && !parsed.command().equals("ERROR") && !parsed.command().equals("PING")) {
                why = "no prefix";
            } else if (parsed.prefix() != null && (parsed.prefix().isEmpty() || !line.startsWith(":"))) {
                why = "empty prefix";
            } else if (!parsed.command().matches("[A-Z]+|[0-9]{3}")) {
                why = "bad command " + parsed.command();
            } else if (parsed.command().matches("[0-9]{3}") && (parsed.paramCount() == 0 || parsed.param(0).isEmpty())) {
                why = "numeric without target";
            } else if (line.contains("Internal error")) {
                why = "a handler failed";
            }
        }
        if (why != null) {
            throw new AssertionError("malformed server line (" + why + "): " + line.replace("\r", "\\r").replace("\n", "\\n"));
        }
    }

    /** One fuzzing connection: sends a batch and a PING, checks every line until the PONG. */
    private static final class FuzzClient implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final byte[] line = new byte[4096];
        int linesChecked;

        private FuzzClient(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            this.out = socket.getOutputStream();
        }

        static FuzzClient connect(Endpoint endpoint, int id, Random r) throws IOException {
            Socket s = new Socket();
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(endpoint.address(), endpoint.port()), 5000);
            s.setSoTimeout(10_000);
            FuzzClient c = new FuzzClient(s);
            if (r.nextInt(4) != 0) {
                // most sessions register, so the post-registration commands get exercised
                c.out.write(("NICK fz" + id + "\r\nUSER fz 0 * :fuzz\r\nJOIN #fz\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            return c;
        }

        /**
         * Sends {@code batch} (ending with PING :token); true when the PONG came, false when the server closed
         * the connection, which must have been explained by an ERROR line.
         */
        boolean exchange(byte[] batch, String token) throws IOException {
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    out.write(batch);
                    out.flush();
                } catch (IOException e) {
                    // the server closed the connection (QUIT in the batch): the reader sees why
                }
            });
            String lastLine = null;
            try {
                while (true) {
                    int len = readLine();
                    if (len < 0) {
                        if (lastLine == null || !lastLine.startsWith("ERROR :")) {
                            throw new AssertionError("connection closed without an ERROR line; last line: " + lastLine);
                        }
                        return false;
                    }
                    checkWellFormed(line, len);
                    linesChecked++;
                    lastLine = new String(line, 0, len - 2, StandardCharsets.ISO_8859_1);
                    if (lastLine.contains(" PONG ") && lastLine.endsWith(" :" + token)) {
                        return true;
                    }
                }
            } finally {
                try {
                    writer.join(Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** The next line with its LF into {@link #line}; its length, or -1 at end of stream. */
        private int readLine() throws IOException {
            int n = 0;
            while (true) {
                int b;
                try {
                    b = in.read();
                } catch (java.net.SocketException e) {
                    b = -1; // reset after the server's ERROR and close
                }
                if (b < 0) {
                    if (n > 0) {
                        throw new AssertionError("partial line at end of stream: " + new String(line, 0, n, StandardCharsets.ISO_8859_1));
                    }
                    return -1;
                }
                if (n == line.length) {
                    throw new AssertionError("line longer than " + line.length + " bytes");
                }
                line[n++] = (byte) b;
                if (b == '\n') {
                    return n;
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
