package dev.sockets.chat.server;

import dev.sockets.chat.server.cluster.ClusterNetwork;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.chat.server.cluster.MemoryBus;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two or three chat servers forming one network over an in-memory bus (the cluster logic without Redis;
 * the integration tests run the same with redis-server): what users on different nodes see, and what
 * happens when a node stops, dies, or the bus goes away.
 */
class ClusterTest {

    private final ClusterFixture cluster = ClusterFixture.inMemory();
    private final MemoryBus bus = cluster.bus();

    private ChatServer node(String name, MemoryBus.Node backplane) throws IOException {
        return cluster.node(name, backplane);
    }

    private static ClusterNetwork net(ChatServer chat) {
        return ClusterFixture.net(chat);
    }

    /**
     * {@code first} creates {@code channel}; once {@code secondNode} knows it, {@code second} joins there.
     *
     * @return the JOIN of {@code second} as {@code first} sees it
     */
    private static String bothJoin(TestIrc first, TestIrc second, ChatServer secondNode, String channel)
            throws IOException {
        first.ask("JOIN " + channel);
        await().atMost(Duration.ofSeconds(5)).until(() -> secondNode.registry().channel(channel) != null);
        second.ask("JOIN " + channel);
        return first.readUntil("JOIN");
    }

    @AfterEach
    void stop() throws IOException {
        cluster.close();
    }

    @Test
    void usersOnTwoNodesTalkInAChannelAndPrivately() throws IOException {
        ChatServer a = cluster.node("a.test");
        ChatServer b = cluster.node("b.test");
        cluster.converged();
        TestIrc alice = cluster.user(a, "alice");
        TestIrc bob = cluster.user(b, "bob");
        assertThat(bothJoin(alice, bob, b, "#c")).startsWith(":bob!bob@").endsWith("JOIN #c");

        alice.send("PRIVMSG #c :hello from a");
        assertThat(bob.readUntil("PRIVMSG")).isEqualTo(":alice!alice@127.0.0.1 PRIVMSG #c :hello from a");
        bob.send("PRIVMSG #c :hello from b");
        assertThat(alice.readUntil("PRIVMSG")).isEqualTo(":bob!bob@127.0.0.1 PRIVMSG #c :hello from b");

        // In order per sender, each once.
        for (int i = 0; i < 300; i++) {
            alice.send("PRIVMSG bob :m" + i);
        }
        for (int i = 0; i < 300; i++) {
            assertThat(bob.readUntil("PRIVMSG")).isEqualTo(":alice!alice@127.0.0.1 PRIVMSG bob :m" + i);
        }
        assertThat(bob.sync()).noneMatch(l -> l.contains("PRIVMSG"));

        assertThat(String.join("\n", alice.ask("NAMES #c"))).contains(" 353 alice = #c :@alice bob");
        assertThat(alice.ask("WHOIS bob")).anyMatch(l -> l.contains(" 312 alice bob b.test "));
        assertThat(alice.ask("WHOIS alice")).anyMatch(l -> l.contains(" 312 alice alice a.test "));
        assertThat(bob.ask("WHO #c")).anyMatch(l -> l.contains(" 352 bob #c alice 127.0.0.1 a.test alice H@ "));
        assertThat(bob.ask("LIST")).anyMatch(l -> l.contains(" 322 bob #c 2 "));
        assertThat(bob.ask("LUSERS")).anyMatch(l -> l.contains("There are 2 users and 0 invisible on 2 servers"));
        assertThat(a.stats().toLogfmt()).contains("cluster_servers=2", "cluster_joined=1", "bus_publish_failures=0")
                .containsPattern("bus_published=[1-9]").containsPattern("bus_received=[1-9]");
    }

    @Test
    void topicModesKickAndNickChangesReachTheOtherNode() throws IOException {
        ChatServer a = cluster.node("a.test");
        ChatServer b = cluster.node("b.test");
        cluster.converged();
        TestIrc alice = cluster.user(a, "alice");
        TestIrc bob = cluster.user(b, "bob");
        bothJoin(alice, bob, b, "#c");

        alice.send("TOPIC #c :shared topic");
        assertThat(bob.readUntil("TOPIC")).endsWith("TOPIC #c :shared topic");
        assertThat(bob.ask("TOPIC #c")).anyMatch(l -> l.contains(" 332 bob #c :shared topic"));
        alice.send("MODE #c +o bob");
        assertThat(bob.readUntil("MODE")).endsWith("MODE #c +o bob");
        bob.send("NICK robert");
        assertThat(alice.readUntil("NICK")).isEqualTo(":bob!bob@127.0.0.1 NICK :robert");
        assertThat(a.registry().user("robert")).as("renamed before alice read it").isNotNull();
        assertThat(a.registry().user("bob")).isNull();
        // robert is an operator now, on a's replica too: he may kick alice.
        bob.send("KICK #c alice :bye");
        assertThat(alice.readUntil("KICK")).endsWith("KICK #c alice :bye");
        await().atMost(Duration.ofSeconds(5)).until(() -> b.registry().channel("#c").size() == 1);
        assertThat(a.registry().channel("#c").size()).isEqualTo(1);
        assertThat(alice.ask("AWAY :lunch")).anyMatch(l -> l.contains(" 306 "));
        await().atMost(Duration.ofSeconds(5)).until(() -> "lunch".equals(b.registry().user("alice").away()));
    }

    /**
     * A node sends a departure's line before its state event: the other node applies the change with the
     * line, so a user who reads a PART, KICK, QUIT or NICK from another node finds the state already
     * saying so (a NAMES or WHOIS in reply never lists the departed user). Many rounds, as the window
     * between the two events is short.
     */
    @Test
    void departuresFromAnotherNodeAreAppliedBeforeTheyAreRead() throws IOException {
        ChatServer a = cluster.node("a.test");
        ChatServer b = cluster.node("b.test");
        cluster.converged();
        TestIrc alice = cluster.user(a, "alice");
        alice.ask("JOIN #c");
        await().atMost(Duration.ofSeconds(5)).until(() -> b.registry().channel("#c") != null);
        for (int round = 0; round < 40; round++) {
            TestIrc bob = cluster.user(b, "bob" + round);
            String nick = "bob" + round;
            bob.ask("JOIN #c");
            alice.readUntil("JOIN");
            bob.send("PART #c :later");
            assertThat(alice.readUntil("PART")).contains(nick + "!");
            assertThat(a.registry().channel("#c").hasMember(a.registry().user(nick))).as("round %d: parted", round).isFalse();
            bob.ask("JOIN #c");
            alice.readUntil("JOIN");
            bob.send("NICK renamed" + round);
            assertThat(alice.readUntil("NICK")).endsWith("NICK :renamed" + round);
            assertThat(a.registry().user(nick)).as("round %d: renamed", round).isNull();
            assertThat(a.registry().user("renamed" + round)).as("round %d: renamed", round).isNotNull();
            bob.send("QUIT :bye");
            assertThat(alice.readUntil("QUIT")).contains("renamed" + round + "!");
            assertThat(a.registry().user("renamed" + round)).as("round %d: quit", round).isNull();
        }
    }

    @Test
    void aNickIsUniqueAcrossNodes() throws IOException {
        ChatServer a = cluster.node("a.test");
        ChatServer b = cluster.node("b.test");
        cluster.converged();
        cluster.user(a, "alice");
        TestIrc other = TestIrc.connect(b);
        cluster.track(other);
        other.send("NICK Alice");
        assertThat(other.readUntil(" 433 ")).contains("Alice :Nickname is already in use");
        assertThat(bus.owner("alice")).isEqualTo("a.test");
    }

    /**
     * Issue #23: a connection on one node that only sends NICK reserves nothing on the network; a client
     * registering on another node gets the nick, and the squatter is told 433 when it registers.
     */
    @Test
    void aNickAskedForByAnUnregisteredConnectionOnOneNodeGoesToAClientRegisteringOnAnother() throws IOException {
        ChatServer a = cluster.node("a.test");
        ChatServer b = cluster.node("b.test");
        cluster.converged();
        TestIrc squatter = TestIrc.connect(a);
        cluster.track(squatter);
        squatter.send("NICK victim");
        assertThat(squatter.sync()).isEmpty();
        assertThat(bus.owner("victim")).isNull();
        TestIrc honest = TestIrc.connect(b);
        cluster.track(honest);
        honest.send("NICK victim").send("USER v 0 * :Victim");
        assertThat(honest.line.readLine()).startsWith(":irc.local 001 victim ");
        assertThat(bus.owner("victim")).isEqualTo("b.test");
        squatter.send("USER s 0 * :S");
        assertThat(squatter.readUntil(" 433 ")).contains("victim :Nickname is already in use");
        squatter.send("NICK squatter");
        assertThat(squatter.readUntil(" 001 ")).contains(" 001 squatter ");
        assertThat(bus.owner("victim")).isEqualTo("b.test");
    }

    @Test
    void aStoppedNodesUsersQuitWithANetsplitReason() throws IOException {
        ChatServer a = cluster.node("a.test");
        ChatServer b = cluster.node("b.test");
        cluster.converged();
        TestIrc alice = cluster.user(a, "alice");
        TestIrc bob = cluster.user(b, "bob");
        bothJoin(alice, bob, b, "#c");
        b.close();
        assertThat(alice.readUntil("QUIT")).isEqualTo(":bob!bob@127.0.0.1 QUIT :*.net *.split");
        assertThat(a.registry().user("bob")).isNull();
        assertThat(bus.owner("bob")).isNull();
    }

    @Test
    void aNodeThatDiesSilentlyIsLostAfterTheLease() throws IOException {
        ChatServer a = cluster.node("a.test");
        MemoryBus.Node dying = bus.connect();
        ChatServer b = cluster.node("b.test", dying);
        cluster.converged();
        TestIrc alice = cluster.user(a, "alice");
        TestIrc bob = cluster.user(b, "bob");
        bothJoin(alice, bob, b, "#c");
        dying.mute();
        assertThat(alice.readUntil("QUIT")).isEqualTo(":bob!bob@127.0.0.1 QUIT :*.net *.split");
        // Its nick lease ran out with it: the nick is free for a's users.
        await().atMost(Duration.ofSeconds(5)).until(() -> a.registry().user("bob") == null);
        assertThat(alice.ask("NICK bob")).anyMatch(l -> l.endsWith("NICK :bob"));
    }

    @Test
    void whenTheBusGoesAwayNodesServeLocallyThenHeal() throws IOException {
        ChatServer a = cluster.node("a.test");
        ChatServer b = cluster.node("b.test");
        cluster.converged();
        TestIrc alice = cluster.user(a, "alice");
        TestIrc carol = cluster.user(a, "carol");
        TestIrc bob = cluster.user(b, "bob");
        alice.ask("JOIN #c");
        carol.ask("JOIN #c");
        await().atMost(Duration.ofSeconds(5)).until(() -> b.registry().channel("#c") != null);
        bob.ask("JOIN #c");
        alice.readUntil("bob!bob@127.0.0.1 JOIN");
        alice.ask("TOPIC #c :before the split");
        await().atMost(Duration.ofSeconds(5)).until(() -> "before the split".equals(b.registry().channel("#c").topic()));

        bus.down();
        assertThat(alice.readUntil("NOTICE")).contains("*** Network split");
        assertThat(alice.readUntil("QUIT")).isEqualTo(":bob!bob@127.0.0.1 QUIT :*.net *.split");
        assertThat(bob.readUntil("NOTICE")).contains("*** Network split");
        // Local service goes on.
        carol.send("PRIVMSG #c :still here");
        assertThat(alice.readUntil("PRIVMSG")).isEqualTo(":carol!carol@127.0.0.1 PRIVMSG #c :still here");
        // Both sides give "zed" away while they cannot ask each other; the heal renames one.
        alice.ask("TOPIC #c :"); // cleared while split: the heal must carry the clear too
        alice.ask("MODE #c -t"); // likewise a mode changed while split
        TestIrc zedA = cluster.user(a, "zed");
        TestIrc zedB = cluster.user(b, "zed");

        bus.up();
        assertThat(alice.readUntil("NOTICE")).contains("*** Network rejoined");
        assertThat(alice.readUntil("JOIN")).isEqualTo(":bob!bob@127.0.0.1 JOIN #c");
        cluster.converged();
        await().atMost(Duration.ofSeconds(5)).until(() -> b.registry().channel("#c").size() == 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> b.registry().channel("#c").topic() == null);
        await().atMost(Duration.ofSeconds(5)).until(() -> !b.registry().channel("#c").topicLocked());
        assertThat(a.registry().channel("#c").topicLocked()).as("b's older modes do not win").isFalse();
        bob.send("PRIVMSG #c :back");
        assertThat(alice.readUntil("PRIVMSG")).isEqualTo(":bob!bob@127.0.0.1 PRIVMSG #c :back");
        await().atMost(Duration.ofSeconds(5)).until(() -> a.registry().user("zed") != null
                && b.registry().user("zed") != null
                && a.registry().user("zed").isLocal() != b.registry().user("zed").isLocal());
        TestIrc renamed = a.registry().user("zed").isLocal() ? zedB : zedA;
        assertThat(renamed.readUntil("NICK")).matches(":zed!zed@127\\.0\\.0\\.1 NICK :zed\\d{5}");
        assertThat(renamed.readUntil("NOTICE")).contains("is in use on another server");
    }

    @Test
    void aMessageThatCannotBePublishedIsReportedToItsSender() throws IOException {
        ChatServer a = cluster.node("a.test");
        ChatServer b = cluster.node("b.test");
        cluster.converged();
        TestIrc alice = cluster.user(a, "alice");
        cluster.user(b, "bob");
        await().atMost(Duration.ofSeconds(5)).until(() -> a.registry().user("bob") != null);
        bus.down();
        // Until a notices the outage, bob still looks reachable: the line cannot be published.
        alice.send("PRIVMSG bob :are you there");
        String reply = alice.readUntil("NOTICE");
        assertThat(reply).satisfiesAnyOf(
                r -> assertThat(r).contains("could not reach the other servers"),
                r -> assertThat(r).contains("*** Network split"));
    }

    @Test
    void aNodeStartedWithoutTheBusServesLocallyAndJoinsWhenItComes() throws IOException {
        bus.down();
        ChatServer a = cluster.node("a.test");
        TestIrc alice = cluster.user(a, "alice");
        assertThat(alice.ask("JOIN #c")).anyMatch(l -> l.endsWith("JOIN #c"));
        bus.up();
        ChatServer b = cluster.node("b.test");
        cluster.converged();
        TestIrc bob = cluster.user(b, "bob");
        await().atMost(Duration.ofSeconds(5)).until(() -> a.registry().user("bob") != null);
        assertThat(bus.owner("alice")).isEqualTo("a.test");
        // A node counts as known at the start of its burst: wait for the burst's channel.
        await().atMost(Duration.ofSeconds(5)).until(() -> b.registry().channel("#c") != null);
        assertThat(b.registry().channel("#c").size()).isEqualTo(1);
        bob.ask("JOIN #c");
        assertThat(alice.readUntil("JOIN")).isEqualTo(":bob!bob@127.0.0.1 JOIN #c");
        // It never was part of the network: joining is not news to its users.
        assertThat(alice.line.seen()).noneMatch(l -> l.contains("*** Network"));
    }

    @Test
    void aUserWhoReconnectsAndTakesHisNickBackKeepsItNetworkWide() throws IOException {
        ChatServer a = cluster.node("a.test");
        ChatServer b = cluster.node("b.test");
        cluster.converged();
        TestIrc first = cluster.user(a, "alice");
        first.send("QUIT :reconnecting");
        first.line.awaitClosed();
        await().atMost(Duration.ofSeconds(5)).until(() -> a.registry().user("alice") == null);
        cluster.user(a, "alice");
        // Once b knows the new alice, a's publisher is past the release of the old one's nick.
        await().atMost(Duration.ofSeconds(5)).until(() -> b.registry().user("alice") != null);
        assertThat(bus.owner("alice")).isEqualTo("a.test");
        TestIrc other = TestIrc.connect(b);
        cluster.track(other);
        other.send("NICK alice");
        assertThat(other.readUntil(" 433 ")).contains("alice :Nickname is already in use");
    }

    @Test
    void aChangeThatCouldNotBePublishedReachesTheOthersLater() throws IOException {
        MemoryBus.Node flaky = bus.connect();
        ChatServer a = cluster.node("a.test", flaky);
        ChatServer b = cluster.node("b.test");
        cluster.converged();
        TestIrc alice = cluster.user(a, "alice");
        await().atMost(Duration.ofSeconds(5)).until(() -> b.registry().user("alice") != null);
        flaky.failNextPublish();
        alice.ask("JOIN #lost");
        // The JOIN was lost on the way; a's next heartbeat finds out and sends its state again.
        await().atMost(Duration.ofSeconds(5)).until(() -> b.registry().channel("#lost") != null
                && b.registry().channel("#lost").size() == 1);
        assertThat(net(a).isJoined()).isTrue();
    }

    @Test
    void aChannelMessageReachesMembersTheSendersNodeDoesNotKnowYet() throws IOException {
        MemoryBus.Node lagging = bus.connect();
        ChatServer a = cluster.node("a.test", lagging);
        ChatServer b = cluster.node("b.test");
        cluster.converged();
        TestIrc alice = cluster.user(a, "alice");
        TestIrc bob = cluster.user(b, "bob");
        alice.ask("JOIN #c");
        await().atMost(Duration.ofSeconds(5)).until(() -> b.registry().channel("#c") != null);
        // a lags behind the bus (as right after a netjoin): it does not know bob joined.
        lagging.deafen();
        bob.ask("JOIN #c");
        alice.send("PRIVMSG #c :are you there already");
        assertThat(bob.readUntil("PRIVMSG")).isEqualTo(":alice!alice@127.0.0.1 PRIVMSG #c :are you there already");
        lagging.hear();
        assertThat(alice.readUntil("JOIN")).isEqualTo(":bob!bob@127.0.0.1 JOIN #c");
    }
}
