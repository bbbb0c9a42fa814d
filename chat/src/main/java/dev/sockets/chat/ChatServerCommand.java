package dev.sockets.chat;

import dev.sockets.chat.server.ChatConfig;
import dev.sockets.chat.server.ChatServer;
import dev.sockets.common.cli.DurationConverter;
import dev.sockets.common.cli.ServerOptions;
import dev.sockets.common.cli.ServerRunner;
import dev.sockets.common.cli.UserError;
import dev.sockets.common.cli.Verbosity;
import dev.sockets.common.server.Limits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code chat server}: runs the chat server in the foreground until SIGTERM/SIGINT, then tells every
 * client, flushes within {@code --grace} and exits 0.
 */
@Command(name = "server", mixinStandardHelpOptions = true, versionProvider = dev.sockets.common.cli.Cli.Version.class,
        description = "Run the chat server (IRC subset; default port 6667).")
public final class ChatServerCommand implements Callable<Integer> {

    @Mixin
    ServerOptions server;

    @Mixin
    Verbosity verbosity;

    @Option(names = "--name", paramLabel = "NAME", description = "Server name in replies (default: ${DEFAULT-VALUE}).")
    String name = "irc.local";

    @Option(names = "--network", paramLabel = "NAME", description = "NETWORK name announced in 005 (default: ${DEFAULT-VALUE}).")
    String network = "sockets";

    @Option(names = "--motd", paramLabel = "FILE", description = "Message of the day, sent line by line (default: none, 422).")
    Path motd;

    @Option(names = "--password", paramLabel = "TEXT", description = "Connection password clients must send with PASS (default: none).")
    String password;

    @Option(names = "--sendq", paramLabel = "BYTES", description = "Output queued for one client before it is dropped with 'SendQ exceeded' (default: ${DEFAULT-VALUE}).")
    int sendq = 256 * 1024;

    @Option(names = "--flood-rate", paramLabel = "LINES_PER_S", description = "Lines per second one client may send sustained; faster input is delayed (0 = no flood control; default: ${DEFAULT-VALUE}).")
    double floodRate = 20;

    @Option(names = "--flood-burst", paramLabel = "LINES", description = "Lines one client may send at once before being delayed (default: ${DEFAULT-VALUE}).")
    int floodBurst = 40;

    @Option(names = "--flood-backlog", paramLabel = "BYTES", description = "Unprocessed input of a delayed client before it is dropped with 'Excess Flood' (default: ${DEFAULT-VALUE}).")
    int floodBacklog = 32 * 1024;

    @Option(names = "--register-timeout", paramLabel = "DURATION", converter = DurationConverter.class, description = "Drop connections not registered (NICK+USER) within this time (default: 30s).")
    Duration registerTimeout = Duration.ofSeconds(30);

    @Option(names = "--ping-interval", paramLabel = "DURATION", converter = DurationConverter.class, description = "Send PING after this much silence from a client (default: 120s).")
    Duration pingInterval = Duration.ofSeconds(120);

    @Option(names = "--ping-timeout", paramLabel = "DURATION", converter = DurationConverter.class, description = "Drop a client that sends nothing for this long after our PING (default: 60s).")
    Duration pingTimeout = Duration.ofSeconds(60);

    @Option(names = "--max-clients", paramLabel = "N", description = "Clients at once; more get 'ERROR :Too many connections' (default: --max-connections).")
    Integer maxClients;

    @Option(names = "--max-clients-per-ip", paramLabel = "N", description = "Clients at once from one IP address (0 = no limit; default: --max-connections-per-ip).")
    Integer maxClientsPerIp;

    @Option(names = "--max-channels", paramLabel = "N", description = "Channels one client may join (default: ${DEFAULT-VALUE}).")
    int maxChannels = 50;

    @Option(names = "--nicklen", paramLabel = "N", description = "Longest nick (default: ${DEFAULT-VALUE}).")
    int nickLength = 30;

    @Option(names = "--channellen", paramLabel = "N", description = "Longest channel name (default: ${DEFAULT-VALUE}).")
    int channelLength = 50;

    @Option(names = "--topiclen", paramLabel = "N", description = "Longest topic (default: ${DEFAULT-VALUE}).")
    int topicLength = 390;

    @Override
    public Integer call() {
        verbosity.apply();
        ChatServer chat = new ChatServer(config(), server.endpoint(ChatConfig.DEFAULT_PORT), limits(),
                server.statsInterval());
        return ServerRunner.run(server, chat.server());
    }

    Limits limits() {
        Limits limits = server.limits();
        if (maxClients != null) {
            if (maxClients < 0) {
                throw UserError.usage("--max-clients must not be negative");
            }
            limits = limits.withMaxConnections(maxClients);
        }
        if (maxClientsPerIp != null) {
            if (maxClientsPerIp < 0) {
                throw UserError.usage("--max-clients-per-ip must not be negative");
            }
            limits = limits.withMaxConnectionsPerIp(maxClientsPerIp);
        }
        return limits.refusingWith("ERROR :Too many connections\r\n");
    }

    ChatConfig config() {
        if (!name.matches("[A-Za-z0-9.\\-_]+") || !network.matches("[\\x21-\\x7e]+")) {
            throw UserError.usage("--name and --network must be one word of printable ASCII");
        }
        if (password != null && (password.isEmpty() || password.contains(" "))) {
            throw UserError.usage("--password must be one word");
        }
        try {
            return ChatConfig.builder()
                    .serverName(name).network(network).motd(readMotd()).password(password)
                    .sendQueueBytes(sendq).floodRate(floodRate).floodBurst(floodBurst).floodBacklogBytes(floodBacklog)
                    .registerTimeout(registerTimeout).pingInterval(pingInterval).pingTimeout(pingTimeout)
                    .maxChannelsPerClient(maxChannels).nickLength(nickLength).channelLength(channelLength)
                    .topicLength(topicLength)
                    .build();
        } catch (IllegalArgumentException e) {
            throw UserError.usage(e.getMessage());
        }
    }

    private List<String> readMotd() {
        if (motd == null) {
            return null;
        }
        try {
            // ISO-8859-1 keeps the file's bytes as they are (UTF-8 or not) all the way to the wire.
            String text = Files.readString(motd, StandardCharsets.ISO_8859_1);
            return text.lines().toList();
        } catch (IOException e) {
            throw new UserError("cannot read MOTD file " + motd + ": " + e.getMessage());
        }
    }
}
