package dev.sockets.chat.server.command;

import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.network.Network;
import dev.sockets.chat.server.state.Registry;
import java.time.Instant;

/**
 * Everything a command handler may use besides the client that sent the command: the state, the
 * configuration, the network's figures and what this server says about itself. Given to every handler
 * explicitly, so a handler runs the same against a bound server or against a registry with mailboxes in
 * a unit test.
 *
 * @param created when this server was created (003 RPL_CREATED)
 * @param version the version announced in 002, 004 and VERSION ({@code sockets-1.0.0})
 */
public record CommandContext(ChatConfig config, Registry registry, Network network, Instant created,
        String version) { }
