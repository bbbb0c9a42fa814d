package dev.sockets.chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.web.TrustedProxies;
import dev.sockets.chat.server.web.WebConfig;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * IRC over WebSocket (IRCv3 WebSocket), driven by the JDK's WebSocket client against a real server on
 * loopback: subprotocols, Origin, sizes, fragments, ping/pong, a client that never reads, many
 * connect/quit cycles, fuzzed frames, the page and /healthz.
 */
@Timeout(60)
class WebSocketTest {

    private static ChatServer start(ChatConfig config, WebConfig web) throws IOException {
        ChatServer chat = new ChatServer(config, Endpoint.loopback(0), Limits.defaults().withGrace(Duration.ofSeconds(2)), null)
                .withWeb(web);
        chat.server().start();
        return chat;
    }

    private static ChatServer start() throws IOException {
        return start(ChatConfig.builder().build(), WebConfig.plain(Endpoint.loopback(0)));
    }

    private static Endpoint web(ChatServer chat) {
        return chat.web().endpoint();
    }

    @Test
    void textSubprotocolUserChatsWithATcpUserOneLinePerMessage() throws Exception {
        try (ChatServer chat = start();
             WsClient alice = WsClient.connect(web(chat), "text.ircv3.net");
             TestIrc bob = TestIrc.user(chat, "bob")) {
            assertThat(alice.ws.getSubprotocol()).isEqualTo("text.ircv3.net");
            alice.register("alice").send("JOIN #lan");
            alice.readUntil(" 366 ");
            bob.ask("JOIN #lan");
            assertThat(alice.readUntil(" JOIN ")).isEqualTo(":bob!bob@127.0.0.1 JOIN #lan");
            bob.send("PRIVMSG #lan :héllo from tcp");
            WsClient.Message m = alice.read();
            assertThat(m.binary()).isFalse();
            assertThat(m.text()).isEqualTo(":bob!bob@127.0.0.1 PRIVMSG #lan :héllo from tcp");
            alice.send("PRIVMSG #lan :hello from the web");
            assertThat(bob.readUntil("PRIVMSG")).isEqualTo(":alice!alice@127.0.0.1 PRIVMSG #lan :hello from the web");
            alice.send("QUIT :bye");
            assertThat(alice.readLine()).startsWith("ERROR :Closing link");
            assertThat(alice.closed.get(5, TimeUnit.SECONDS)).startsWith("1000");
            assertThat(bob.readUntil(" QUIT ")).isEqualTo(":alice!alice@127.0.0.1 QUIT :Quit: bye");
        }
    }

    /** A line that is not UTF-8 (a Latin-1 TCP client) reaches a text client converted, U+FFFD for each bad byte. */
    @Test
    void invalidUtf8IsConvertedForTextClientsAndKeptForBinaryOnes() throws Exception {
        try (ChatServer chat = start();
             WsClient text = WsClient.connect(web(chat));
             WsClient binary = WsClient.connect(web(chat), "binary.ircv3.net");
             TestIrc latin = TestIrc.user(chat, "latin")) {
            assertThat(text.ws.getSubprotocol()).isEmpty();
            assertThat(binary.ws.getSubprotocol()).isEqualTo("binary.ircv3.net");
            text.register("texter");
            binary.register("binar");
            try (OutputStream out = latin.line.socket().getOutputStream()) {
                out.write("PRIVMSG texter :caf\u00e9\r\nPRIVMSG binar :caf\u00e9\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                WsClient.Message t = text.read();
                assertThat(t.binary()).isFalse();
                assertThat(t.text()).isEqualTo(":latin!latin@127.0.0.1 PRIVMSG texter :caf\uFFFD");
                WsClient.Message b = binary.read();
                assertThat(b.binary()).isTrue();
                binary.ws.sendBinary(ByteBuffer.wrap("PRIVMSG latin :bin\u00e9".getBytes(StandardCharsets.UTF_8)), true).join();
                assertThat(latin.readUntil("PRIVMSG")).isEqualTo(":binar!binar@127.0.0.1 PRIVMSG latin :bin\u00e9");
            }
        }
    }

    /** The client's order decides, as irctest's testSubprotocolNegotiation checks; unknown ones are passed over. */
    @Test
    void theFirstSubprotocolTheClientOffersThatWeSpeakIsChosen() throws Exception {
        try (ChatServer chat = start();
             WsClient binaryFirst = WsClient.connect(web(chat), "binary.ircv3.net", "text.ircv3.net");
             WsClient textFirst = WsClient.connect(web(chat), "text.ircv3.net", "binary.ircv3.net");
             WsClient unknownFirst = WsClient.connect(web(chat), "irc.example", "binary.ircv3.net")) {
            assertThat(binaryFirst.ws.getSubprotocol()).isEqualTo("binary.ircv3.net");
            assertThat(textFirst.ws.getSubprotocol()).isEqualTo("text.ircv3.net");
            assertThat(unknownFirst.ws.getSubprotocol()).isEqualTo("binary.ircv3.net");
            binaryFirst.register("bfirst").send("PING :order");
            WsClient.Message pong = binaryFirst.read();
            assertThat(pong.binary()).isTrue();
            assertThat(pong.text()).endsWith(" PONG irc.local :order");
        }
    }

    @Test
    void originsSameHostByDefaultOrTheAllowList() throws Exception {
        try (ChatServer chat = start()) {
            Endpoint w = web(chat);
            try (WsClient same = WsClient.withHeader(w, "Origin", "http://" + w.hostString() + ":" + w.port())) {
                same.register("same");
            }
            assertThatThrownBy(() -> WsClient.withHeader(w, "Origin", "http://evil.example"))
                    .hasCauseInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> assertThat(rootCause(e)).hasMessageContaining("403"));
        }
        WebConfig listed = new WebConfig(Endpoint.loopback(0), List.of("https://chat.example.org"), TrustedProxies.NONE, null);
        try (ChatServer chat = start(ChatConfig.builder().build(), listed)) {
            Endpoint w = web(chat);
            try (WsClient ok = WsClient.withHeader(w, "Origin", "https://chat.example.org")) {
                ok.register("listed");
            }
            assertThatThrownBy(() -> WsClient.withHeader(w, "Origin", "http://" + w.hostString() + ":" + w.port()))
                    .hasCauseInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> assertThat(rootCause(e)).hasMessageContaining("403"));
        }
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Test
    void forwardedForIsBelievedOnlyFromTrustedProxies() throws Exception {
        WebConfig proxied = new WebConfig(Endpoint.loopback(0), List.of(), TrustedProxies.parse(List.of("127.0.0.0/8")), null);
        try (ChatServer chat = start(ChatConfig.builder().build(), proxied);
             WsClient behind = WsClient.withHeader(web(chat), "X-Forwarded-For", "198.51.100.7, 127.0.0.1")) {
            behind.register("behind").send("WHOIS behind");
            assertThat(behind.readUntil(" 311 ")).contains(" behind behind 198.51.100.7 * :web behind");
        }
        try (ChatServer chat = start();
             WsClient direct = WsClient.withHeader(web(chat), "X-Forwarded-For", "198.51.100.7")) {
            direct.register("direct").send("WHOIS direct");
            assertThat(direct.readUntil(" 311 ")).contains(" direct direct 127.0.0.1 * ");
        }
    }

    @Test
    void oversizedLinesGet417AndOversizedFramesAClose() throws Exception {
        try (ChatServer chat = start();
             WsClient big = WsClient.connect(web(chat));
             TestIrc bob = TestIrc.user(chat, "bob")) {
            big.register("big");
            big.send("PRIVMSG bob :" + "x".repeat(600));
            assertThat(big.readUntil(" 417 ")).contains("Input line was too long");
            big.send("PRIVMSG bob :still here");
            assertThat(bob.readUntil("PRIVMSG")).endsWith(":still here");
            // The JDK sends a long message as several frames: one line too long, answered with 417.
            big.ws.sendText("PRIVMSG bob :" + "y".repeat(100_000), true).join();
            assertThat(big.readUntil(" 417 ")).contains("Input line was too long");
            // One frame longer than the server takes: closed with 1009 (message too big) and a reason.
            try (Socket raw = upgraded(web(chat))) {
                OutputStream out = raw.getOutputStream();
                out.write(new byte[] {(byte) 0x81, (byte) (0x80 | 127), 0, 0, 0, 0, 0, 1, 0, 0, 1, 2, 3, 4});
                out.write(new byte[4096]);
                out.flush();
                InputStream in = raw.getInputStream();
                assertThat(in.read()).isEqualTo(0x88);
                int length = in.read();
                byte[] body = in.readNBytes(length);
                assertThat(((body[0] & 0xff) << 8) | (body[1] & 0xff)).isEqualTo(1009);
                assertThat(new String(body, 2, length - 2, StandardCharsets.UTF_8)).isNotBlank();
            }
            big.send("QUIT");
            assertThat(big.readUntil("ERROR ")).startsWith("ERROR :Closing link");
            await().atMost(Duration.ofSeconds(5)).until(() -> chat.registry().clientCount() == 1);
        }
    }

    @Test
    void fragmentedMessagesAreOneLineAndPingsArePonged() throws Exception {
        try (ChatServer chat = start();
             WsClient frag = WsClient.connect(web(chat));
             TestIrc bob = TestIrc.user(chat, "bob")) {
            frag.register("frag");
            frag.ws.sendText("PRIVMSG bob :hel", false).join();
            frag.ws.sendText("lo in ", false).join();
            frag.ws.sendText("pieces", true).join();
            assertThat(bob.readUntil("PRIVMSG")).isEqualTo(":frag!frag@127.0.0.1 PRIVMSG bob :hello in pieces");
            frag.ws.sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3})).join();
            ByteBuffer pong = frag.pongs.poll(5, TimeUnit.SECONDS);
            assertThat(pong).isNotNull();
            assertThat(pong.remaining()).isEqualTo(3);
            assertThat(pong.get(2)).isEqualTo((byte) 3);
        }
    }

    /** A web client that stops reading is dropped at its send queue, like a TCP one, and costs the others nothing. */
    @Test
    void aClientThatNeverReadsIsDroppedAtItsSendQueue() throws Exception {
        ChatConfig config = ChatConfig.builder().sendQueueBytes(16 * 1024).floodRate(0).build();
        try (ChatServer chat = start(config, WebConfig.plain(Endpoint.loopback(0)));
             WsClient stuck = WsClient.neverReading(web(chat));
             TestIrc flood = TestIrc.user(chat, "flood")) {
            stuck.send("NICK stuck").send("USER stuck 0 * :stuck").send("JOIN #lan");
            await().atMost(Duration.ofSeconds(5)).until(() -> chat.registry().channelCount() == 1);
            flood.ask("JOIN #lan");
            String line = "PRIVMSG #lan :" + "z".repeat(400);
            List<String> seen = new java.util.ArrayList<>();
            for (int i = 0; i < 40_000 && chat.registry().clientCount() == 2; i++) {
                flood.send(line);
                if (i % 1000 == 999) {
                    seen.addAll(flood.sync());
                }
            }
            if (seen.stream().noneMatch(l -> l.contains(" QUIT "))) {
                seen.add(flood.readUntil(" QUIT "));
            }
            assertThat(seen).contains(":stuck!stuck@127.0.0.1 QUIT :SendQ exceeded");
            await().atMost(Duration.ofSeconds(5)).until(() -> chat.registry().clientCount() == 1);
            assertThat(flood.ask("PRIVMSG #lan :after")).isEmpty();
        }
    }

    @Test
    void aThousandConnectQuitCyclesLeaveNothingBehind() throws Exception {
        try (ChatServer chat = start(ChatConfig.builder().maxUnregisteredPerIp(0).build(),
                WebConfig.plain(Endpoint.loopback(0)))) {
            Endpoint w = web(chat);
            List<Thread> workers = new java.util.ArrayList<>();
            java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.ConcurrentLinkedQueue<Throwable> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
            for (int t = 0; t < 4; t++) {
                int worker = t;
                workers.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 250; i++) {
                        try (WsClient c = WsClient.connect(w)) {
                            c.send("NICK c" + worker + "x" + i).send("USER c 0 * :c").send("QUIT");
                            c.readUntil("ERROR ");
                            c.closed.get(5, TimeUnit.SECONDS);
                            done.incrementAndGet();
                        } catch (Exception e) {
                            failures.add(e);
                            return;
                        }
                    }
                }));
            }
            for (Thread th : workers) {
                th.join(50_000);
            }
            assertThat(failures).isEmpty();
            assertThat(done.get()).isEqualTo(1000);
            await().atMost(Duration.ofSeconds(5)).until(() -> chat.registry().clientCount() == 0);
            assertThat(chat.unregisteredCount()).isZero();
        }
    }

    /** Random bytes after a valid upgrade: each connection ends, the server goes on serving. */
    @Test
    void fuzzedFramesNeverHurtTheServer() throws Exception {
        try (ChatServer chat = start()) {
            Endpoint w = web(chat);
            Random random = new Random(Long.getLong("chat.fuzz.seed", 20));
            for (int round = 0; round < 200; round++) {
                try (Socket s = upgraded(w)) {
                    s.setSoTimeout(3000);
                    OutputStream out = s.getOutputStream();
                    InputStream in = s.getInputStream();
                    byte[] junk = new byte[1 + random.nextInt(round % 2 == 0 ? 64 : 4096)];
                    random.nextBytes(junk);
                    if (round % 3 == 0) {
                        junk[0] = (byte) (0x80 | random.nextInt(16)); // FIN and any opcode
                        junk[Math.min(1, junk.length - 1)] |= (byte) 0x80; // masked, as from a client
                    }
                    out.write(junk);
                    out.flush();
                    s.shutdownOutput();
                    try {
                        in.transferTo(OutputStream.nullOutputStream());
                    } catch (IOException e) {
                        // a reset is an answer too
                    }
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> chat.registry().clientCount() == 0);
            assertThat(chat.unregisteredCount()).isZero();
            try (WsClient after = WsClient.connect(w)) {
                after.register("after");
            }
        }
    }

    /** A raw socket after a valid WebSocket upgrade, for frames no client library would send. */
    private static Socket upgraded(Endpoint w) throws IOException {
        Socket s = new Socket(w.address(), w.port());
        s.setSoTimeout(5000);
        s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + w.hostString() + ":" + w.port() + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(readHead(s.getInputStream())).startsWith("HTTP/1.1 101");
        return s;
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            sb.append((char) b);
        }
        return sb.toString();
    }

    @Test
    void servesThePageAndHealthz() throws Exception {
        try (ChatServer chat = start()) {
            Endpoint w = web(chat);
            String base = "http://" + w.hostString() + ":" + w.port();
            HttpResponse<String> page = WsClient.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
            assertThat(page.headers().firstValue("content-security-policy").orElse("")).contains("script-src 'self'");
            StringBuilder scripts = new StringBuilder();
            for (String name : dev.sockets.chat.server.web.WebListener.SCRIPTS) {
                assertThat(page.body()).contains("<script src=\"" + name + "\"");
                HttpResponse<String> js = WsClient.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/" + name)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(js.statusCode()).as(name).isEqualTo(200);
                assertThat(js.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
                // IRC text only ever becomes text nodes; the password is never kept or logged.
                assertThat(js.body()).as(name).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML",
                        "document.write", "localStorage", "console.");
                scripts.append(js.body());
            }
            assertThat(scripts).contains("text.ircv3.net", "AUTHENTICATE PLAIN", "CHATHISTORY LATEST");
            HttpResponse<String> health = WsClient.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("ok\n");
            HttpResponse<String> missing = WsClient.HTTP.send(HttpRequest.newBuilder(URI.create(base + "/nope")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void shutdownTellsWebClients() throws Exception {
        ChatServer chat = start();
        try (WsClient c = WsClient.connect(web(chat))) {
            c.register("leaving");
            Thread stopper = Thread.ofVirtual().start(chat::close);
            assertThat(c.readUntil("ERROR")).isEqualTo("ERROR :Server shutting down");
            assertThat(c.closed.get(5, TimeUnit.SECONDS)).isNotEmpty();
            stopper.join(10_000);
        }
    }
}
