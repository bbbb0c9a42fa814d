package dev.sockets.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.common.net.Endpoint;
import dev.sockets.it.harness.ExternalProcess;
import dev.sockets.it.harness.IrcPeer;
import dev.sockets.it.harness.Suite;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What irctest checks of the newer commands and capabilities, against the launcher and its jars as a user
 * runs them ({@code chat server --utf8-only}), so CI guards them without irctest: HELP, STATUSMSG, LIST
 * filters, +C and the mute extban, UTF8ONLY, extended-monitor and a draft/multiline batch with its fallback.
 */
@Timeout(180)
class ConformanceIT {

    private static final Duration START = Duration.ofSeconds(120); // the launcher may build the jars first
    private static final Pattern TCP = Pattern.compile("chat: listening on tcp/127\\.0\\.0\\.1:(\\d+)");

    private static ExternalProcess chat;
    private static Endpoint server;

    @BeforeAll
    static void start() {
        chat = ExternalProcess.named("chat server --utf8-only").command(Suite.root().resolve("sockets").toString(),
                "chat", "server", "--bind", "127.0.0.1", "--port", "0", "--flood-rate", "0", "--utf8-only").start();
        Matcher m = TCP.matcher(chat.awaitStderr("chat: listening on", START));
        assertThat(m.find()).as(chat.describe()).isTrue();
        server = Endpoint.loopback(Integer.parseInt(m.group(1)));
    }

    @AfterAll
    static void stop() {
        chat.terminate();
        assertThat(chat.awaitExit(Duration.ofSeconds(30))).as(chat.describe()).isZero();
        assertThat(chat.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void helpStatusmsgListFiltersNoCtcpAndMutes() throws Exception {
        try (IrcPeer op = IrcPeer.register(server, "op"); IrcPeer joe = IrcPeer.register(server, "joe");
                IrcPeer ann = IrcPeer.register(server, "ann")) {
            op.send("HELP PRIVMSG");
            assertThat(op.await(" 704 op PRIVMSG ")).endsWith(":PRIVMSG <target>{,<target>} :<text>");
            op.await(" 706 op PRIVMSG ");
            op.send("HELPOP NOSUCH");
            op.await(" 524 op NOSUCH ");

            op.join("#conf");
            joe.join("#conf");
            ann.join("#conf");
            op.send("MODE #conf +o ann");
            ann.await("MODE #conf +o ann");
            joe.send("PRIVMSG @#conf :for the ops");
            assertThat(ann.await("PRIVMSG @#conf")).isEqualTo(":joe!joe@127.0.0.1 PRIVMSG @#conf :for the ops");
            op.await("PRIVMSG @#conf");

            op.send("LIST >2,#co*");
            assertThat(op.await(" 322 op ")).startsWith(":irc.local 322 op #conf 3 ");
            op.send("LIST !#co*");
            op.await(" 321 op ");
            assertThat(op.line().readLine()).as("no channel listed").contains(" 323 op ");

            op.send("MODE #conf +C");
            joe.await("MODE #conf +C");
            joe.send("PRIVMSG #conf :\u0001VERSION\u0001");
            joe.await(" 404 joe #conf ");
            op.send("MODE #conf +b m:joe!*@*");
            joe.await("MODE #conf +b m:joe!*@*");
            joe.send("PRIVMSG #conf :muted?");
            joe.await(" 404 joe #conf ");
            op.send("MODE #conf -b m:joe!*@*");
            joe.await("MODE #conf -b");
            joe.send("PRIVMSG #conf :\u0001ACTION speaks again\u0001");
            assertThat(op.await("PRIVMSG #conf")).endsWith(":\u0001ACTION speaks again\u0001");
        }
    }

    @Test
    void utf8OnlyRefusesLatin1AndRelaysUtf8() throws Exception {
        try (IrcPeer foo = IrcPeer.register(server, "foo8"); IrcPeer bar = IrcPeer.register(server, "bar8")) {
            foo.line().sendRaw("PRIVMSG bar8 :caf\u00e9\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(foo.await("FAIL")).isEqualTo(
                    ":irc.local FAIL PRIVMSG INVALID_UTF8 :Message rejected: this server accepts only UTF-8 text (UTF8ONLY)");
            foo.line().sendRaw("PRIVMSG bar8 :caf\u00e9\r\n".getBytes(StandardCharsets.UTF_8));
            assertThat(bar.await(" PRIVMSG bar8 ")).as("nothing before the UTF-8 one").endsWith(" :caf\u00e9");
        }
    }

    @Test
    void extendedMonitorAndAMultilineBatchWithItsFallback() throws Exception {
        try (IrcPeer watcher = IrcPeer.register(server, "watcher"); IrcPeer plain = IrcPeer.register(server, "plain")) {
            watcher.send("CAP REQ :extended-monitor away-notify batch message-tags draft/multiline");
            watcher.await("CAP watcher ACK");
            watcher.send("MONITOR + plain");
            watcher.await(" 730 watcher :plain!");
            plain.send("AWAY :lunch");
            assertThat(watcher.await(" AWAY :lunch")).isEqualTo(":plain!plain@127.0.0.1 AWAY :lunch");

            watcher.join("#ml");
            plain.join("#ml");
            watcher.send("BATCH +b1 draft/multiline #ml").send("@batch=b1 PRIVMSG #ml :line one")
                    .send("@batch=b1;draft/multiline-concat PRIVMSG #ml : and more").send("BATCH -b1");
            assertThat(plain.await("PRIVMSG #ml")).isEqualTo(":watcher!watcher@127.0.0.1 PRIVMSG #ml :line one");
            assertThat(plain.await("PRIVMSG #ml")).isEqualTo(":watcher!watcher@127.0.0.1 PRIVMSG #ml : and more");
            plain.send("BATCH +b2 draft/multiline #ml");
            assertThat(plain.await("FAIL BATCH")).contains("UNKNOWN_TYPE");
        }
    }
}
