package dev.sockets.chat.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.chat.server.command.CommandTable.Command;
import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.network.Network;
import dev.sockets.chat.server.state.Registry;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CommandTableTest {

    private final CommandTable table = CommandTable.standard(new CommandContext(ChatConfig.builder().build(),
            new Registry(), Network.SINGLE, Instant.now(), "sockets-test"));

    @Test
    void everyCommandOfTheSubsetIsThere() {
        assertThat(table.commands().keySet()).containsExactlyInAnyOrder("PASS", "NICK", "USER", "CAP", "PING",
                "PONG", "QUIT", "JOIN", "PART", "TOPIC", "NAMES", "LIST", "KICK", "MODE", "PRIVMSG", "NOTICE", "TAGMSG", "SETNAME", "AWAY",
                "WHO", "WHOIS", "ISON", "USERHOST", "MOTD", "LUSERS", "VERSION", "TIME", "INVITE", "OPER", "KILL", "WALLOPS", "INFO", "ADMIN", "LINKS", "WHOWAS", "MONITOR", "HELP", "HELPOP", "BATCH", "METADATA", "REDACT",
                "AUTHENTICATE", "REGISTER", "VERIFY", "CS", "NS", "CHATHISTORY");
    }

    @Test
    void everyCommandHasAHelpTextStartingWithItsSyntax() {
        for (String name : table.commands().keySet()) {
            assertThat(Help.TEXTS).as("HELP %s", name).containsKey(name);
            assertThat(Help.TEXTS.get(name).get(0)).as("HELP %s", name).startsWith(name);
        }
        assertThat(Help.TEXTS.keySet()).as("no help for a command that is not there")
                .isSubsetOf(table.commands().keySet());
    }

    @Test
    void onlyConnectionSetupIsAllowedBeforeRegistration() {
        assertThat(table.commands().values()).filteredOn(Command::beforeRegistration).extracting(Command::name)
                .containsExactlyInAnyOrder("PASS", "NICK", "USER", "CAP", "PING", "PONG", "QUIT", "AUTHENTICATE", "REGISTER",
                        "VERIFY");
    }

    @Test
    void minimumParameters() {
        assertThat(table.lookup("USER").minParams()).isEqualTo(4);
        assertThat(table.lookup("KICK").minParams()).isEqualTo(2);
        assertThat(table.lookup("JOIN").minParams()).isEqualTo(1);
        assertThat(table.lookup("MODE").minParams()).isEqualTo(1);
        // these answer their own numerics (431, 411/412, 409) for a missing parameter
        assertThat(table.lookup("NICK").minParams()).isZero();
        assertThat(table.lookup("PRIVMSG").minParams()).isZero();
        assertThat(table.lookup("PING").minParams()).isZero();
    }

    @Test
    void lookupIsByUpperCaseName() {
        assertThat(table.lookup("PRIVMSG").name()).isEqualTo("PRIVMSG");
        assertThat(table.lookup("privmsg")).isNull();
        assertThat(table.lookup("NOPE")).isNull();
    }
}
