package dev.sockets.chat.server.cluster;

import dev.sockets.chat.server.state.NetworkEvent;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Anything on the Redis channel (another program, a damaged or hostile message) is either decoded or
 * rejected with IllegalArgumentException, which the node logs and ignores: never another exception.
 */
class BusMessageFuzzTest {

    private static final int CASES = 100_000;

    private static final List<byte[]> VALID = List.of(
            new BusMessage("a", "1", new BusMessage.Event(new NetworkEvent.Intro("n", "u", "h", "r", null, false))).encode(),
            new BusMessage("a", "1", new BusMessage.Event(new NetworkEvent.Topic("#c", "t", "n", 5))).encode(),
            new BusMessage("a", "1", new BusMessage.Event(new NetworkEvent.Modes("#c", "nt", null, 0, 7))).encode(),
            new BusMessage("a", "1", new BusMessage.Event(new NetworkEvent.ToChannel("#c", "n",
                    ":n!u@h PRIVMSG #c :hi\r\n".getBytes(StandardCharsets.ISO_8859_1)))).encode(),
            new BusMessage("a", "1", new BusMessage.Hello("*")).encode(),
            new BusMessage("a", "1", new BusMessage.BurstEnd()).encode());

    @Test
    void randomAndMutatedMessagesDecodeOrAreRejectedCleanly() {
        Random random = new Random(862_867);
        int decoded = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] message = i % 4 == 0 ? randomBytes(random) : mutate(VALID.get(random.nextInt(VALID.size())), random);
            try {
                BusMessage m = BusMessage.decode(message);
                assertThat(m.node()).isNotNull();
                decoded++;
            } catch (IllegalArgumentException expected) {
                // rejected: logged and ignored by the node
            }
        }
        assertThat(decoded).as("mutations that stay well-formed still decode").isPositive();
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(64)];
        random.nextBytes(b);
        return b;
    }

    private static byte[] mutate(byte[] valid, Random random) {
        byte[] b = valid.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(4)) {
                case 0 -> b[at] = (byte) random.nextInt(256);
                case 1 -> b[at] = '\n';
                case 2 -> b[at] = (byte) "=-01\r:".charAt(random.nextInt(6));
                default -> b = java.util.Arrays.copyOf(b, at);
            }
        }
        return b;
    }
}
