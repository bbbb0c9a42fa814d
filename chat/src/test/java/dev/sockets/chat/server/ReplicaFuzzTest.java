package dev.sockets.chat.server;

import dev.sockets.chat.server.state.NetworkEvent;
import dev.sockets.chat.server.state.Registry;
import dev.sockets.chat.server.state.Replica;
import dev.sockets.chat.protocol.IrcLine;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Events from other nodes in any order and with any names (races, a buggy or hostile node): the replica
 * applies or ignores each and never throws, and the registry stays consistent enough to answer queries.
 */
class ReplicaFuzzTest {

    private static final List<String> NICKS = List.of("a", "b", "c", "A", "d[", "", "bad nick", "e");
    private static final List<String> CHANNELS = List.of("#x", "#X", "#y", "", "#z");
    private static final List<String> NODES = List.of("n1", "n2", "n3");

    @Test
    void anySequenceOfEventsIsAppliedOrIgnoredWithoutFailing() {
        Registry registry = new Registry();
        Replica replica = new Replica(registry, "irc.local");
        Random random = new Random(2812);
        for (int i = 0; i < 50_000; i++) {
            String node = pick(NODES, random);
            switch (random.nextInt(20)) {
                case 0 -> replica.beginBurst(node);
                case 1 -> replica.endBurst(node);
                case 2 -> replica.nodeLost(node);
                default -> replica.apply(node, event(random));
            }
            if (i % 1000 == 0) {
                registry.users().forEach(u -> u.prefix().length());
                registry.channels().forEach(ch -> registry.exclusive(() -> ch.namesWithPrefixes(true)));
            }
        }
        replica.allNodesLost();
        org.assertj.core.api.Assertions.assertThat(registry.users()).isEmpty();
        org.assertj.core.api.Assertions.assertThat(registry.channelCount()).isZero();
    }

    private static NetworkEvent event(Random r) {
        String nick = pick(NICKS, r);
        String ch = pick(CHANNELS, r);
        byte[] line = IrcLine.formatTrailing(nick + "!u@h", "PRIVMSG", ch.isEmpty() ? "#x" : ch, "hi");
        return switch (r.nextInt(16)) {
            case 0 -> new NetworkEvent.Intro(nick, r.nextBoolean() ? "u" : "", "h", "real", r.nextBoolean() ? null : "away", r.nextBoolean());
            case 1 -> new NetworkEvent.Nick(nick, pick(NICKS, r));
            case 2 -> new NetworkEvent.Quit(nick);
            case 3 -> new NetworkEvent.Join(nick, ch, r.nextBoolean());
            case 4 -> new NetworkEvent.Leave(nick, ch);
            case 5 -> new NetworkEvent.Topic(ch, r.nextBoolean() ? "" : "topic", nick, r.nextInt(5));
            case 6 -> new NetworkEvent.Modes(ch, r.nextBoolean() ? "nt" : "imns", r.nextBoolean() ? null : "k", r.nextInt(3), r.nextInt(5));
            case 7 -> new NetworkEvent.Operator(ch, nick, r.nextBoolean());
            case 8 -> new NetworkEvent.Away(nick, r.nextBoolean() ? null : "x");
            case 9 -> new NetworkEvent.Invisible(nick, r.nextBoolean());
            case 10 -> new NetworkEvent.ToChannel(ch, r.nextBoolean() ? null : nick, line);
            case 11 -> new NetworkEvent.ToUser(nick, line);
            case 12 -> new NetworkEvent.Voice(ch, nick, r.nextBoolean());
            case 13 -> new NetworkEvent.MaskList(ch, "beI".charAt(r.nextInt(3)),
                    r.nextBoolean() ? java.util.List.of() : java.util.List.of(new dev.sockets.chat.server.state.Channel.MaskEntry(nick + "!*@*", nick, 1)),
                    r.nextInt(5));
            case 14 -> new NetworkEvent.Invite(ch, nick);
            default -> new NetworkEvent.ToPeers(nick, line);
        };
    }

    private static <T> T pick(List<T> from, Random r) {
        return from.get(r.nextInt(from.size()));
    }
}
