package dev.sockets.chat;

import dev.sockets.chat.server.network.Network;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockets.common.cli.UserError;
import dev.sockets.common.net.Endpoint;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The cluster flags of {@code chat server}: each mistake is a one-line usage error, before anything starts. */
class ChatServerClusterFlagsTest {

    private static ChatServerCommand parse(String... args) {
        ChatServerCommand command = new ChatServerCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void withoutClusterTheServerIsOnItsOwn() {
        assertThat(parse().network(Endpoint.loopback(6667))).isSameAs(Network.SINGLE);
    }

    @Test
    void clusterFlagMistakesAreUsageErrors() {
        Endpoint plain = Endpoint.loopback(6667);
        assertThatThrownBy(() -> parse("--node-name", "n1").network(plain))
                .isInstanceOf(UserError.class).hasMessage("--node-name needs --cluster");
        assertThatThrownBy(() -> parse("--cluster", "http://127.0.0.1:6379").network(plain))
                .isInstanceOf(UserError.class).hasMessageStartingWith("--cluster: ");
        assertThatThrownBy(() -> parse("--cluster", "redis://127.0.0.1:6379", "--cluster-lease", "100ms").network(plain))
                .isInstanceOf(UserError.class).hasMessage("--cluster-lease must be at least 300ms");
        assertThatThrownBy(() -> parse("--cluster", "redis://127.0.0.1:6379", "--node-name", "no spaces").network(plain))
                .isInstanceOf(UserError.class).hasMessageContaining("--node-name must be");
    }
}
