package dev.sockets.daytime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.common.cli.Completion;
import org.junit.jupiter.api.Test;

class DaytimeLauncherCommandsTest {

    @Test
    void theLauncherCompletionFindsDaytimeAndTimeThroughTheService() {
        var commands = Completion.launcherCommandLine().getSubcommands();
        assertThat(commands).containsKeys("daytime", "time");
        assertThat(commands.get("daytime").getSubcommands()).containsKeys("server", "client");
        assertThat(commands.get("time").getSubcommands()).containsKeys("server", "client");
    }
}
