package dev.sockets.chat.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.chat.server.state.Channel;
import dev.sockets.chat.server.state.NetworkEvent;
import dev.sockets.chat.server.state.Registry;
import dev.sockets.chat.server.state.Replica;
import dev.sockets.chat.server.state.User;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What another node says about a channel's modes, lists, voice and invites, applied by the replica: the
 * latest modes and lists win, whatever order they come in, and a burst says a member's status afresh.
 */
class ReplicaModesTest {

    private final Registry registry = new Registry();
    private final Replica replica = new Replica(registry, "irc.local");

    private Channel channelWith(String... nicks) {
        for (String nick : nicks) {
            replica.apply("n1", new NetworkEvent.Intro(nick, "u", "h", "real", null, false));
            replica.apply("n1", new NetworkEvent.Join(nick, "#c", nick.equals(nicks[0])));
        }
        return registry.channel("#c");
    }

    private static Channel.MaskEntry entry(String mask) {
        return new Channel.MaskEntry(mask, "op!u@h", 1);
    }

    @Test
    void aChannelIsAsOldAsTheOldestCreationAnyNodeTellsOf() {
        replica.apply("n1", new NetworkEvent.Intro("alice", "u", "h", "real", null, false));
        replica.apply("n1", new NetworkEvent.Intro("bob", "u", "h", "real", null, false));
        long before = System.currentTimeMillis();
        replica.apply("n1", new NetworkEvent.Join("alice", "#c", true, 0)); // an older node says nothing
        Channel ch = registry.channel("#c");
        assertThat(ch.createdMillis()).isGreaterThanOrEqualTo(before);
        replica.apply("n1", new NetworkEvent.Join("bob", "#c", false, 1_700_000_000_123L));
        assertThat(ch.createdMillis()).isEqualTo(1_700_000_000_123L);
        replica.apply("n1", new NetworkEvent.Leave("bob", "#c"));
        replica.apply("n1", new NetworkEvent.Join("bob", "#c", false, 1_800_000_000_000L));
        assertThat(ch.createdMillis()).as("a younger one changes nothing").isEqualTo(1_700_000_000_123L);
    }

    @Test
    void theLatestModesWinAndOlderOnesAreIgnored() {
        Channel ch = channelWith("alice");
        replica.apply("n1", new NetworkEvent.Modes("#c", "imnst", "key", 5, 200));
        assertThat(ch.flags()).isEqualTo("imnst");
        assertThat(ch.joinKey()).isEqualTo("key");
        assertThat(ch.limit()).isEqualTo(5);
        replica.apply("n2", new NetworkEvent.Modes("#c", "n", null, 0, 100));
        assertThat(ch.flags()).as("older: ignored").isEqualTo("imnst");
        replica.apply("n2", new NetworkEvent.Modes("#c", "nxt", null, 0, 300));
        assertThat(ch.flags()).as("unknown flags dropped").isEqualTo("nt");
        assertThat(ch.joinKey()).isNull();
        assertThat(ch.limit()).isZero();
    }

    @Test
    void theLatestListWinsSoARemovalDuringASplitIsNotUndoneByAnOlderBurst() {
        Channel ch = channelWith("alice");
        replica.apply("n1", new NetworkEvent.MaskList("#c", 'b', List.of(entry("a!*@*"), entry("b!*@*")), 100));
        assertThat(ch.maskList('b')).extracting(Channel.MaskEntry::mask).containsExactly("a!*@*", "b!*@*");
        replica.apply("n1", new NetworkEvent.MaskList("#c", 'b', List.of(entry("b!*@*")), 200));
        replica.apply("n2", new NetworkEvent.MaskList("#c", 'b', List.of(entry("a!*@*"), entry("b!*@*")), 100));
        assertThat(ch.maskList('b')).extracting(Channel.MaskEntry::mask).containsExactly("b!*@*");
        assertThat(ch.maskList('e')).as("each list on its own").isEmpty();
        replica.apply("n2", new NetworkEvent.MaskList("#c", 'I', List.of(entry("i!*@*")), 50));
        assertThat(ch.maskList('I')).hasSize(1);
    }

    @Test
    void voiceIsAppliedAndABurstSaysItAfresh() {
        Channel ch = channelWith("alice", "bob");
        User bob = registry.user("bob");
        replica.apply("n1", new NetworkEvent.Voice("#c", "bob", true));
        assertThat(registry.exclusive(() -> ch.isVoiced(bob))).isTrue();
        replica.beginBurst("n1");
        replica.apply("n1", new NetworkEvent.Intro("alice", "u", "h", "real", null, false));
        replica.apply("n1", new NetworkEvent.Intro("bob", "u", "h", "real", null, false));
        replica.apply("n1", new NetworkEvent.Join("alice", "#c", true));
        replica.apply("n1", new NetworkEvent.Join("bob", "#c", false));
        replica.endBurst("n1");
        assertThat(registry.exclusive(() -> ch.isVoiced(bob))).as("the burst had no Voice for bob").isFalse();
        assertThat(registry.exclusive(() -> ch.prefixes(registry.user("alice")))).isEqualTo("@");
    }

    @Test
    void anInviteIsRecordedAndAJoinUsesItUp() {
        Channel ch = channelWith("alice");
        replica.apply("n2", new NetworkEvent.Intro("bob", "u", "h", "real", null, false));
        replica.apply("n1", new NetworkEvent.Invite("#c", "bob"));
        User bob = registry.user("bob");
        assertThat(bob.isInvitedTo(ch)).isTrue();
        replica.apply("n2", new NetworkEvent.Join("bob", "#c", false));
        assertThat(bob.isInvitedTo(ch)).isFalse();
        replica.apply("n1", new NetworkEvent.Invite("#nowhere", "bob"));
        assertThat(bob.invites()).isEmpty();
    }
}
