package dev.sockets.chat.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** MONITOR across a cluster: a user of another node signing on, renaming and signing off is seen. */
class ClusterMonitorTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final ClusterFixture cluster = ClusterFixture.inMemory();

    @AfterEach
    void stop() throws IOException {
        cluster.close();
    }

    @Test
    void aUserOfTheOtherNodeSigningOnRenamingAndOffIsSeen() throws IOException {
        ChatServer a = cluster.node("a.test");
        ChatServer b = cluster.node("b.test");
        cluster.converged();
        TestIrc foo = cluster.user(a, "foo");
        assertThat(foo.ask("MONITOR + bob,robert")).containsExactly(":irc.local 731 foo :bob,robert");
        TestIrc bob = cluster.user(b, "bob");
        assertThat(foo.readUntil(" 730 ")).isEqualTo(":irc.local 730 foo :bob!bob@127.0.0.1");
        bob.ask("NICK robert");
        assertThat(foo.readUntil(" 731 ")).isEqualTo(":irc.local 731 foo :bob");
        assertThat(foo.readUntil(" 730 ")).isEqualTo(":irc.local 730 foo :robert!bob@127.0.0.1");
        bob.send("QUIT :bye");
        assertThat(foo.readUntil(" 731 ")).isEqualTo(":irc.local 731 foo :robert");
        await().atMost(WAIT).until(() -> a.registry().user("robert") == null);
        assertThat(foo.ask("MONITOR S")).containsExactly(":irc.local 731 foo :bob,robert");
    }

    @Test
    void extendedMonitorWatchersHearOfAwayAndSetnameOfAUserOnAnotherNode() throws IOException {
        ChatServer a = cluster.node("a.test");
        ChatServer b = cluster.node("b.test");
        cluster.converged();
        TestIrc foo = cluster.user(a, "foo");
        foo.ask("CAP REQ :extended-monitor away-notify setname");
        foo.ask("MONITOR + bar");
        TestIrc bar = cluster.user(b, "bar");
        assertThat(foo.readUntil(" 730 ")).isEqualTo(":irc.local 730 foo :bar!bar@127.0.0.1");
        bar.ask("AWAY :afk");
        assertThat(foo.readUntil("AWAY")).isEqualTo(":bar!bar@127.0.0.1 AWAY :afk");
        bar.ask("SETNAME :new name");
        assertThat(foo.readUntil("SETNAME")).isEqualTo(":bar!bar@127.0.0.1 SETNAME :new name");
        await().atMost(WAIT).until(() -> "new name".equals(a.registry().user("bar").realName()));
    }
}
