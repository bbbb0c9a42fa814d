package dev.sockets.chat.server;

import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Limits;
import dev.sockets.common.testing.LineClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test helpers: a chat server on loopback port 0, and an IRC client on a {@link LineClient} whose
 * {@link #sync()} is a PING/PONG barrier (everything sent before it has been processed when it returns).
 */
final class TestIrc implements AutoCloseable {

    private static final AtomicInteger TOKENS = new AtomicInteger();

    final LineClient line;
    String nick;

    private TestIrc(LineClient line) {
        this.line = line;
    }

    static ChatServer start(ChatConfig config) throws IOException {
        return start(config, Limits.defaults().withGrace(Duration.ofSeconds(2)));
    }

    static ChatServer start(ChatConfig config, Limits limits) throws IOException {
        ChatServer chat = new ChatServer(config, Endpoint.loopback(0), limits, null);
        chat.server().start(); // as ServerRunner does: ChatServer.start() is not needed
        return chat;
    }

    static ChatServer start() throws IOException {
        return start(ChatConfig.builder().build());
    }

    static TestIrc connect(ChatServer chat) throws IOException {
        return new TestIrc(LineClient.connect(chat.server().tcpEndpoint()));
    }

    /** Connects and registers as {@code nick}, reading through the end of the MOTD (376 or 422). */
    static TestIrc user(ChatServer chat, String nick) throws IOException {
        return connect(chat).register(nick);
    }

    TestIrc register(String nick) throws IOException {
        send("NICK " + nick);
        send("USER " + nick.toLowerCase() + " 0 * :Real " + nick);
        line.readUntil(l -> l.contains(" 376 ") || l.contains(" 422 "), "end of MOTD");
        this.nick = nick;
        return this;
    }

    TestIrc send(String text) throws IOException {
        line.send(text);
        return this;
    }

    /** Sends PING and returns every line received before its PONG. */
    List<String> sync() throws IOException {
        String token = "sync" + TOKENS.incrementAndGet();
        send("PING :" + token);
        List<String> before = new ArrayList<>();
        while (true) {
            String l = line.readLine();
            if (l == null) {
                throw new AssertionError("closed before PONG " + token + "; got " + before);
            }
            if (l.contains(" PONG ") && l.endsWith(token)) {
                return before;
            }
            before.add(l);
        }
    }

    /** Sends {@code text} and returns the replies to it (up to the barrier). */
    List<String> ask(String text) throws IOException {
        send(text);
        return sync();
    }

    String readUntil(String text) throws IOException {
        return line.readUntilContains(text);
    }

    @Override
    public void close() throws IOException {
        line.close();
    }
}
