package dev.sockets.chat.server.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockets.chat.server.command.Mailbox;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * One {@link Change}: what it changed is told at commit, and a mutation that fails half-way still tells
 * what its earlier steps changed (the state is never changed unheard), while nothing of a no-op is told.
 */
class ChangeTest {

    private final List<NetworkEvent> published = new CopyOnWriteArrayList<>();
    private final Registry registry = new Registry(new Peers.Alone() {
        @Override
        public boolean publish(NetworkEvent event, Client from) {
            published.add(event);
            return true;
        }
    });

    private final Mailbox aliceMailbox = new Mailbox(registry);
    private final Client alice = local("alice", aliceMailbox);
    private final Mailbox bobMailbox = new Mailbox(registry);
    private final Client bob = local("bob", bobMailbox);

    ChangeTest() {
        registry.change(tx -> {
            tx.join(alice, "#c", null, null);
            tx.join(bob, "#c", null, null);
        });
        aliceMailbox.take();
        bobMailbox.take();
        published.clear();
    }

    /** A connected local client holding {@code nick}, not registered (nothing announces it). */
    private Client local(String nick, Mailbox mailbox) {
        Client c = new Client("127.0.0.1", "irc.test", "irc.test", System.nanoTime());
        c.attach(mailbox);
        registry.connected(c);
        c.setUser(nick, nick);
        assertThat(registry.changeNick(c, nick, null)).isTrue();
        return c;
    }

    private static byte[] bytes(String line) {
        return (line + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aMutationThatFailsHalfWayStillTellsWhatItChangedBefore() {
        Channel c = registry.channel("#c");
        assertThatThrownBy(() -> registry.change(tx -> {
            tx.toChannel(c, bytes(":bob!bob@127.0.0.1 PART #c"), null);
            tx.leave(bob, c);
            throw new IllegalStateException("a bug after the first step");
        })).isInstanceOf(IllegalStateException.class).hasMessage("a bug after the first step");
        assertThat(c.hasMember(bob)).isFalse();
        assertThat(aliceMailbox.take()).containsExactly(":bob!bob@127.0.0.1 PART #c");
        assertThat(bobMailbox.take()).containsExactly(":bob!bob@127.0.0.1 PART #c");
        assertThat(published).containsExactly(new NetworkEvent.Leave("bob", "#c"));
        assertThat(registry.lockedByCurrentThread()).as("the lock is given back").isFalse();
    }

    @Test
    void aChangeThatChangesNothingTellsNothing() {
        Channel c = registry.channel("#c");
        registry.change(tx -> {
            assertThat(tx.join(alice, "#c", null, null)).as("already a member").isNull();
            assertThat(tx.setFlag(c, 'n', c.flags().indexOf('n') >= 0)).isFalse();
        });
        assertThat(aliceMailbox.take()).isEmpty();
        assertThat(published).isEmpty();
    }
}
