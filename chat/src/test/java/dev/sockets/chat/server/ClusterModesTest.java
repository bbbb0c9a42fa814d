package dev.sockets.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.chat.server.state.Channel;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The channel modes, mask lists, voice and invites of one node hold on the others: a user on node b is
 * kept out, let in or silenced by what an operator on node a set, and a node that joins later gets all of
 * it in the burst.
 */
class ClusterModesTest {


    private final ClusterFixture cluster = ClusterFixture.inMemory();

    @AfterEach
    void stop() throws IOException {
        cluster.close();
    }

    @Test
    void keyLimitFlagsAndBansSetOnOneNodeHoldOnTheOther() throws IOException {
        ChatServer a = cluster.node("a.test");
        ChatServer b = cluster.node("b.test");
        cluster.converged();
        TestIrc alice = cluster.user(a, "alice");
        TestIrc bob = cluster.user(b, "bob");
        alice.ask("JOIN #c");
        alice.ask("MODE #c +kbl sesame bob!*@* 5");
        alice.ask("MODE #c +ims");
        cluster.until(() -> b.registry().channel("#c") != null && b.registry().channel("#c").limit() == 5
                && b.registry().channel("#c").secret() && b.registry().channel("#c").maskList('b').size() == 1);
        Channel there = b.registry().channel("#c");
        assertThat(there.joinKey()).isEqualTo("sesame");
        assertThat(there.flags()).isEqualTo("imnst");
        assertThat(there.maskList('b').get(0).mask()).isEqualTo("bob!*@*");
        assertThat(bob.ask("JOIN #c sesame")).anyMatch(l -> l.contains(" 474 bob #c "));
        assertThat(bob.ask("LIST")).noneMatch(l -> l.contains(" 322 "));

        alice.ask("MODE #c -bi bob!*@*");
        cluster.until(() -> b.registry().channel("#c").maskList('b').isEmpty() && !b.registry().channel("#c").inviteOnly());
        assertThat(bob.ask("JOIN #c")).anyMatch(l -> l.contains(" 475 bob #c "));
        assertThat(bob.ask("JOIN #c sesame")).first().asString().endsWith("JOIN #c");
        assertThat(alice.readUntil("JOIN")).startsWith(":bob!");
    }

    @Test
    void voiceAndModerationHoldOnTheOtherNode() throws IOException {
        ChatServer a = cluster.node("a.test");
        ChatServer b = cluster.node("b.test");
        cluster.converged();
        TestIrc alice = cluster.user(a, "alice");
        TestIrc bob = cluster.user(b, "bob");
        alice.ask("JOIN #c");
        cluster.until(() -> b.registry().channel("#c") != null);
        bob.ask("JOIN #c");
        alice.readUntil("JOIN");
        alice.ask("MODE #c +m");
        cluster.until(() -> b.registry().channel("#c").moderated());
        assertThat(bob.ask("PRIVMSG #c :muted")).anyMatch(l -> l.contains(" 404 bob #c "));
        alice.ask("MODE #c +v bob");
        assertThat(bob.readUntil("MODE")).isEqualTo(":alice!alice@127.0.0.1 MODE #c +v bob");
        assertThat(b.registry().exclusive(() -> b.registry().channel("#c").isVoiced(b.registry().user("bob")))).isTrue();
        bob.send("PRIVMSG #c :voiced now");
        assertThat(alice.readUntil("PRIVMSG")).isEqualTo(":bob!bob@127.0.0.1 PRIVMSG #c :voiced now");
        assertThat(String.join("\n", bob.ask("NAMES #c"))).contains(":@alice +bob");
    }

    @Test
    void statusMessagesNoCtcpAndMutesHoldAcrossNodes() throws IOException {
        ChatServer a = cluster.node("a.test");
        ChatServer b = cluster.node("b.test");
        cluster.converged();
        TestIrc alice = cluster.user(a, "alice");
        TestIrc bob = cluster.user(b, "bob");
        TestIrc carol = cluster.user(b, "carol");
        alice.ask("JOIN #c");
        cluster.until(() -> b.registry().channel("#c") != null);
        bob.ask("JOIN #c");
        carol.ask("JOIN #c");
        cluster.until(() -> a.registry().channel("#c").size() == 3);
        alice.ask("MODE #c +o bob");
        cluster.until(() -> b.registry().exclusive(() -> b.registry().channel("#c").isOperator(b.registry().user("bob"))));
        carol.ask("PING sync");
        // From node a, for the operators: bob on node b gets it, carol (no status, same node) does not.
        alice.send("PRIVMSG @#c :ops only");
        assertThat(bob.readUntil("PRIVMSG")).isEqualTo(":alice!alice@127.0.0.1 PRIVMSG @#c :ops only");
        carol.send("PRIVMSG #c :after");
        assertThat(alice.readUntil("PRIVMSG")).isEqualTo(":carol!carol@127.0.0.1 PRIVMSG #c :after");
        assertThat(bob.readUntil("PRIVMSG")).as("carol got no @#c line before this one").contains("PRIVMSG #c :after");
        assertThat(carol.ask("PING sync")).noneMatch(l -> l.contains("ops only"));

        alice.ask("MODE #c +C");
        alice.ask("MODE #c +b m:carol!*@*");
        cluster.until(() -> b.registry().channel("#c").hasFlag('C') && b.registry().channel("#c").maskList('b').size() == 1);
        assertThat(bob.ask("PRIVMSG #c :\u0001PING 1\u0001")).anyMatch(l -> l.contains(" 404 bob #c "));
        assertThat(carol.ask("PRIVMSG #c :muted")).anyMatch(l -> l.contains(" 404 carol #c "));
        assertThat(carol.ask("MODE #c b")).anyMatch(l -> l.contains(" 367 carol #c m:carol!*@* alice!"));
    }

    @Test
    void anInviteFromOneNodeLetsTheInviteeInOnItsOwnNodeOnce() throws IOException {
        ChatServer a = cluster.node("a.test");
        ChatServer b = cluster.node("b.test");
        cluster.converged();
        TestIrc alice = cluster.user(a, "alice");
        TestIrc bob = cluster.user(b, "bob");
        alice.ask("JOIN #c");
        alice.ask("MODE #c +i");
        cluster.until(() -> b.registry().channel("#c") != null && b.registry().channel("#c").inviteOnly());
        assertThat(bob.ask("JOIN #c")).anyMatch(l -> l.contains(" 473 bob #c "));
        cluster.until(() -> a.registry().user("bob") != null);
        assertThat(alice.ask("INVITE bob #c")).anyMatch(l -> l.contains(" 341 alice bob "));
        assertThat(bob.readUntil("INVITE")).isEqualTo(":alice!alice@127.0.0.1 INVITE bob #c");
        assertThat(bob.ask("JOIN #c")).first().asString().endsWith("JOIN #c");
        cluster.until(() -> a.registry().channel("#c").size() == 2);
        assertThat(a.registry().user("bob").invites()).as("used up on every node").isEmpty();
        bob.ask("PART #c");
        assertThat(bob.ask("JOIN #c")).anyMatch(l -> l.contains(" 473 bob #c "));
    }

    @Test
    void aNodeThatJoinsLaterGetsModesListsVoiceAndInvitesInTheBurst() throws IOException {
        ChatServer a = cluster.node("a.test");
        cluster.converged();
        TestIrc alice = cluster.user(a, "alice");
        TestIrc vic = cluster.user(a, "vic");
        TestIrc ivan = cluster.user(a, "ivan");
        alice.ask("JOIN #c");
        vic.ask("JOIN #c");
        alice.ask("MODE #c +iklmv-n key 7 vic");
        alice.ask("MODE #c +beI bad!*@* good!*@* friend!*@*");
        alice.ask("INVITE ivan #c");
        ChatServer b = cluster.node("b.test");
        cluster.converged();
        cluster.until(() -> b.registry().channel("#c") != null && b.registry().channel("#c").size() == 2
                && b.registry().channel("#c").maskList('I').size() == 1 && b.registry().user("ivan") != null
                && !b.registry().user("ivan").invites().isEmpty());
        Channel there = b.registry().channel("#c");
        assertThat(there.flags()).isEqualTo("imt");
        assertThat(there.joinKey()).isEqualTo("key");
        assertThat(there.limit()).isEqualTo(7);
        assertThat(there.maskList('b')).extracting(Channel.MaskEntry::mask).containsExactly("bad!*@*");
        assertThat(there.maskList('e')).extracting(Channel.MaskEntry::mask).containsExactly("good!*@*");
        assertThat(b.registry().exclusive(() -> there.isVoiced(b.registry().user("vic")))).isTrue();
        assertThat(b.registry().user("ivan").isInvitedTo(there)).isTrue();
    }
}
