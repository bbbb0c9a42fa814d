package dev.sockets.echo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.common.cli.Completion;
import org.junit.jupiter.api.Test;

class EchoLauncherCommandsTest {

    @Test
    void theLauncherCompletionFindsEchoAndItsRolesThroughTheService() {
        var commands = Completion.launcherCommandLine().getSubcommands();
        assertThat(commands).containsKeys("echo", "test", "completion");
        assertThat(commands.get("echo").getSubcommands()).containsKeys("server", "client", "load");
    }
}
