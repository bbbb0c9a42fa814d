package dev.sockets.chat.server.command;

import dev.sockets.chat.server.account.AccountService;
import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.network.Network;
import dev.sockets.chat.server.state.Registry;
import dev.sockets.chat.server.store.History;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Everything a command handler may use besides the client that sent the command: the state, the
 * configuration, the network's figures and what this server says about itself. Given to every handler
 * explicitly, so a handler runs the same against a bound server or against a registry with mailboxes in
 * a unit test.
 *
 * @param settings the configuration in force (a reload may replace it while the server runs)
 * @param created when this server was created (003 RPL_CREATED)
 * @param version the version announced in 002, 004 and VERSION ({@code sockets-1.0.0})
 * @param accounts the accounts users log in to ({@link AccountService#NONE}: none, no SASL)
 * @param history the messages kept ({@link History#OFF} when none are)
 */
public record CommandContext(Supplier<ChatConfig> settings, Registry registry, Network network, Instant created,
        String version, AccountService accounts, History history) {

    /** A context with accounts and without history. */
    public CommandContext(Supplier<ChatConfig> settings, Registry registry, Network network, Instant created,
            String version, AccountService accounts) {
        this(settings, registry, network, created, version, accounts, History.OFF);
    }

    /** A context without accounts. */
    public CommandContext(Supplier<ChatConfig> settings, Registry registry, Network network, Instant created,
            String version) {
        this(settings, registry, network, created, version, AccountService.NONE, History.OFF);
    }

    /** A context whose configuration never changes. */
    public CommandContext(ChatConfig config, Registry registry, Network network, Instant created, String version) {
        this(() -> config, registry, network, created, version, AccountService.NONE, History.OFF);
    }

    /** A context whose configuration never changes, with accounts. */
    public CommandContext(ChatConfig config, Registry registry, Network network, Instant created, String version,
            AccountService accounts) {
        this(() -> config, registry, network, created, version, accounts);
    }

    /** The configuration in force now: read it once per command, not once per server. */
    public ChatConfig config() {
        return settings.get();
    }
}
