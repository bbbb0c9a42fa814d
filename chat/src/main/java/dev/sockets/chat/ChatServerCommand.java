package dev.sockets.chat;

import dev.sockets.chat.server.ChatServer;
import dev.sockets.chat.server.cluster.ClusterNetwork;
import dev.sockets.chat.server.cluster.RedisBackplane;
import dev.sockets.chat.server.config.AccountPolicy;
import dev.sockets.chat.server.config.ChatConfig;
import dev.sockets.chat.server.network.Network;
import dev.sockets.chat.server.session.ChatTls;
import dev.sockets.chat.server.store.HistoryPolicy;
import dev.sockets.chat.server.store.Store;
import dev.sockets.chat.server.store.StoreException;
import dev.sockets.chat.server.store.StoreLocation;
import dev.sockets.chat.server.web.WebConfig;
import dev.sockets.common.cli.Cli;
import dev.sockets.common.cli.ProtocolPort;
import dev.sockets.common.cli.DurationConverter;
import dev.sockets.common.cli.OptionRange;
import dev.sockets.common.cli.ServerOptions;
import dev.sockets.common.cli.ServerRunner;
import dev.sockets.common.cli.UserError;
import dev.sockets.common.cli.Verbosity;
import dev.sockets.common.net.Endpoint;
import dev.sockets.common.server.Limits;
import dev.sockets.common.tls.TlsMaterial;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * {@code chat server}: runs the chat server in the foreground until SIGTERM/SIGINT, then tells every
 * client, flushes within {@code --grace} and exits 0. With {@code --tls-cert}/{@code --tls-key} or
 * {@code --tls-self-signed} it also listens for TLS on {@code --tls-port} (default 6697).
 */
@Command(name = "server", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Run the chat server (IRC subset; default port 6667).",
        subcommands = HashPasswordCommand.class)
public final class ChatServerCommand implements Callable<Integer>, ProtocolPort {

    private static final Logger log = LoggerFactory.getLogger(ChatServerCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    ServerOptions server;

    @Mixin
    Verbosity verbosity;

    @Mixin
    WebOptions web;

    @Option(names = "--name", paramLabel = "NAME", description = "Server name in replies (default: ${DEFAULT-VALUE}).")
    String name = ChatConfig.DEFAULT_SERVER_NAME;

    @Option(names = "--network", paramLabel = "NAME", description = "NETWORK name announced in 005 (default: ${DEFAULT-VALUE}).")
    String network = ChatConfig.DEFAULT_NETWORK;

    @Option(names = "--server-info", paramLabel = "TEXT", description = "The server's description in LINKS and WHOIS (default: ${DEFAULT-VALUE}).")
    String serverInfo = ChatConfig.DEFAULT_SERVER_INFO;

    @Option(names = "--motd", paramLabel = "FILE", description = "Message of the day, sent line by line (default: none, 422).")
    Path motd;

    @Option(names = "--password", paramLabel = "TEXT", description = "Connection password clients must send with PASS (default: none).")
    String password;

    @Option(names = "--operators", paramLabel = "FILE", description = "IRC operators, one 'NAME HASH' per line, "
            + "the hash made by 'sockets chat server hash-password NAME' (default: none; OPER always fails).")
    Path operators;

    @Option(names = "--sendq", paramLabel = "BYTES", description = "Output queued for one client before it is dropped with 'SendQ exceeded' (default: ${DEFAULT-VALUE}).")
    int sendq = ChatConfig.DEFAULT_SENDQ_BYTES;

    @Option(names = "--flood-rate", paramLabel = "LINES_PER_S", description = "Lines per second one client may send sustained; faster input is delayed (0 = no flood control; default: ${DEFAULT-VALUE}).")
    double floodRate = ChatConfig.DEFAULT_FLOOD_RATE;

    @Option(names = "--flood-burst", paramLabel = "LINES", description = "Lines one client may send at once before being delayed (default: ${DEFAULT-VALUE}).")
    int floodBurst = ChatConfig.DEFAULT_FLOOD_BURST;

    @Option(names = "--flood-backlog", paramLabel = "BYTES", description = "Unprocessed input of a delayed client before it is dropped with 'Excess Flood' (default: ${DEFAULT-VALUE}).")
    int floodBacklog = ChatConfig.DEFAULT_FLOOD_BACKLOG_BYTES;

    @Option(names = "--register-timeout", paramLabel = "DURATION", converter = DurationConverter.class, description = "Drop connections not registered (NICK+USER) within this time (default: 30s).")
    Duration registerTimeout = ChatConfig.DEFAULT_REGISTER_TIMEOUT;

    @Option(names = "--ping-interval", paramLabel = "DURATION", converter = DurationConverter.class, description = "Send PING after this much silence from a client (default: 120s).")
    Duration pingInterval = ChatConfig.DEFAULT_PING_INTERVAL;

    @Option(names = "--ping-timeout", paramLabel = "DURATION", converter = DurationConverter.class, description = "Drop a client that sends nothing for this long after our PING (default: 60s).")
    Duration pingTimeout = ChatConfig.DEFAULT_PING_TIMEOUT;

    @Option(names = "--max-clients", paramLabel = "N", description = "Clients at once; more get 'ERROR :Too many connections' (default: --max-connections).")
    Integer maxClients;

    @Option(names = "--max-clients-per-ip", paramLabel = "N", description = "Clients at once from one IP address (0 = no limit; default: --max-connections-per-ip).")
    Integer maxClientsPerIp;

    @Option(names = "--max-unregistered", paramLabel = "N", description = "Connections at once that have not "
            + "registered yet (TLS handshakes included); more get 'ERROR :Too many unregistered connections' "
            + "(0 = no limit; default: a quarter of --max-clients, or " + ChatConfig.DEFAULT_MAX_UNREGISTERED
            + " without a client limit).")
    Integer maxUnregistered;

    @Option(names = "--max-unregistered-per-ip", paramLabel = "N", description = "Of those, connections at once "
            + "from one IP address, loopback included, so one address cannot lock everyone else out "
            + "(0 = no limit; default: ${DEFAULT-VALUE}; raise it for a load test from one host).")
    int maxUnregisteredPerIp = ChatConfig.DEFAULT_MAX_UNREGISTERED_PER_IP;

    @Option(names = "--tls-handshakes-per-ip", paramLabel = "N", description = "TLS handshakes one IP address may "
            + "start per second, in bursts of twice that; faster ones are closed before any handshake work "
            + "(0 = no limit; default: ${DEFAULT-VALUE}).")
    double tlsHandshakesPerIp = ChatConfig.DEFAULT_TLS_HANDSHAKES_PER_IP;

    @Option(names = "--max-targets", paramLabel = "N", description = "Targets one PRIVMSG, NOTICE or KICK may name "
            + "(TARGMAX); each one beyond is answered with 407 (default: ${DEFAULT-VALUE}; raise it on a LAN).")
    int maxTargets = ChatConfig.DEFAULT_MAX_TARGETS;

    @Option(names = "--utf8-only", description = "Refuse lines that are not UTF-8 (FAIL ... INVALID_UTF8, 005 "
            + "UTF8ONLY) instead of relaying their bytes as they are (default: off; IRC has no encoding and "
            + "older clients may send Latin-1).")
    boolean utf8Only;

    @Option(names = "--tls-port", paramLabel = "PORT", description = "Port of the TLS listener, next to the plain "
            + "one (default: " + ChatConfig.DEFAULT_TLS_PORT + "; needs --tls-cert and --tls-key, or --tls-self-signed).")
    Integer tlsPort;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain for TLS, leaf first (default: none, no TLS).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key of --tls-cert (PKCS#8, or RSA/EC "
            + "traditional; unencrypted; default: none).")
    Path tlsKey;

    @Option(names = "--tls-self-signed", description = "Serve TLS with a key pair and certificate generated at start "
            + "(its SHA-256 fingerprint is logged so users can pin it).")
    boolean tlsSelfSigned;

    @Option(names = "--max-channels", paramLabel = "N", description = "Channels one client may join (default: ${DEFAULT-VALUE}).")
    int maxChannels = ChatConfig.DEFAULT_MAX_CHANNELS;

    @Option(names = "--nicklen", paramLabel = "N", description = "Longest nick (default: ${DEFAULT-VALUE}).")
    int nickLength = ChatConfig.DEFAULT_NICK_LENGTH;

    @Option(names = "--channellen", paramLabel = "N", description = "Longest channel name (default: ${DEFAULT-VALUE}).")
    int channelLength = ChatConfig.DEFAULT_CHANNEL_LENGTH;

    @Option(names = "--topiclen", paramLabel = "N", description = "Longest topic (default: ${DEFAULT-VALUE}).")
    int topicLength = ChatConfig.DEFAULT_TOPIC_LENGTH;

    @Option(names = "--cluster", paramLabel = "redis://HOST:PORT", description = "Join a network of chat servers "
            + "that share users, nicks and channels through this Redis server (default: none, a server on its own).")
    String cluster;

    @Option(names = "--node-name", paramLabel = "NAME", description = "This server's name in the cluster, unique "
            + "among its nodes and shown in WHOIS (default: HOSTNAME-PORT).")
    String nodeName;

    @Option(names = "--cluster-lease", paramLabel = "DURATION", converter = DurationConverter.class, description =
            "How long a node that stops answering keeps its users and nicks before the others see it split (default: 10s).")
    Duration clusterLease = Duration.ofSeconds(10);

    @Option(names = "--account-registration", paramLabel = "WHEN", description = "Who may create an account with "
            + "REGISTER: off (only the operator, with 'sockets chat account add'), after-connect, or before-connect "
            + "(also while connecting) (default: ${DEFAULT-VALUE}).")
    String accountRegistration = AccountPolicy.Registration.BEFORE_CONNECT.optionValue();

    @Option(names = "--nick-protection", paramLabel = "DURATION", converter = DurationConverter.class, description =
            "Rename a user who holds a registered nick without logging in to its account after this grace period, "
            + "warned by a NOTICE first (0 = off; default: 0, e.g. 30s).")
    Duration nickProtection = Duration.ZERO;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the embedded database (chat.db, SQLite) "
            + "lives; created on first start (default: ${DEFAULT-VALUE} in the working directory).")
    Path dataDir = Path.of("sockets-chat");

    @Option(names = "--store", paramLabel = "postgresql://USER:PASSWORD@HOST:PORT/DB", description = "Keep the "
            + "store in this PostgreSQL database instead, shared by the servers of a network; 'none' keeps "
            + "nothing (default: the embedded file in --data-dir).")
    String store;

    @Option(names = "--history-days", paramLabel = "DAYS", description = "Keep messages this many days "
            + "(0 = for ever; default: ${DEFAULT-VALUE}).")
    int historyDays = HistoryPolicy.DEFAULT_DAYS;

    @Option(names = "--history-max-per-target", paramLabel = "N", description = "Keep at most this many messages "
            + "per channel or private conversation, the newest (0 = no limit; default: ${DEFAULT-VALUE}).")
    int historyMaxPerTarget = HistoryPolicy.DEFAULT_MAX_PER_TARGET;

    @Option(names = "--join-replay", paramLabel = "N", description = "Send a user who joins a channel its last N "
            + "messages (default: ${DEFAULT-VALUE}, none).")
    int joinReplay = 0;

    @Override
    public Integer call() {
        verbosity.apply();
        ChatConfig config = config();
        Endpoint endpoint = server.endpoint(ChatConfig.DEFAULT_PORT);
        Limits limits = limits();
        ChatTls tls = tls(endpoint);
        WebConfig webConfig = web.config(endpoint, tls);
        Network network = network(endpoint);
        HistoryPolicy history = historyPolicy();
        Store opened = openStore();
        ChatServer chat = new ChatServer(config, endpoint, tls, limits, server.statsInterval(), network, opened,
                history);
        if (webConfig != null) {
            chat.withWeb(webConfig);
        }
        return ServerRunner.run(server, () -> reload(chat), chat.server());
    }

    /**
     * SIGHUP: parses the command line again (re-reading {@code --config} and the MOTD file), applies what
     * can change at run time and logs, in one line, what was reloaded and which changed options wait for a
     * restart. A file that no longer parses changes nothing: the running configuration stays.
     */
    void reload(ChatServer chat) {
        ChatServerCommand next;
        ChatConfig nextConfig;
        try {
            next = (ChatServerCommand) Cli.reparse(spec);
            nextConfig = next.config();
        } catch (UserError e) {
            log.warn("SIGHUP: {}; the running configuration stays", e.getMessage());
            return;
        }
        List<String> restart = new ArrayList<>();
        List<String> applied = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            Object before = o.getValue();
            Object after = next.spec.findOption(o.longestName()).getValue();
            if (!Objects.equals(before, after)) {
                (ChatConfig.RELOADABLE.contains(o.longestName()) ? applied : restart).add(o.longestName());
            }
        }
        ChatConfig was = chat.config();
        ChatConfig now = chat.reconfigure(nextConfig);
        if (!Objects.equals(was.motd(), now.motd()) && !applied.contains("--motd")) {
            applied.add("MOTD text");
        }
        if (!was.operators().equals(now.operators()) && !applied.contains("--operators")) {
            applied.add("operators file");
        }
        log.info("SIGHUP: reloaded{}{}", applied.isEmpty() ? " (nothing changed)" : ": " + String.join(", ", applied),
                restart.isEmpty() ? "" : "; changed but applied only at restart: " + String.join(", ", restart));
    }

    HistoryPolicy historyPolicy() {
        OptionRange.notNegative("--history-days", historyDays);
        OptionRange.notNegative("--history-max-per-target", historyMaxPerTarget);
        OptionRange.notNegative("--join-replay", joinReplay);
        if (joinReplay > HistoryPolicy.MAX_PER_REQUEST) {
            throw UserError.usage("--join-replay must be at most " + HistoryPolicy.MAX_PER_REQUEST);
        }
        return new HistoryPolicy(historyDays == 0 ? null : Duration.ofDays(historyDays), historyMaxPerTarget,
                joinReplay, HistoryPolicy.DEFAULT_BUFFER);
    }

    /** The store the flags ask for, open and migrated, or null for {@code --store none}. */
    Store openStore() {
        Store opened = openStore(store, dataDir);
        if (opened != null) {
            log.info("chat: store {} (schema version {})", opened, opened.schemaVersion());
        }
        return opened;
    }

    /**
     * The store {@code --store URL} (null: the embedded file in {@code dataDir}; {@code none}: no store, null)
     * names, open and migrated; its failures are one line.
     */
    static Store openStore(String store, Path dataDir) {
        if ("none".equals(store)) {
            return null;
        }
        StoreLocation location;
        try {
            location = StoreLocation.of(store, dataDir);
        } catch (IllegalArgumentException e) {
            throw UserError.usage("--store: " + e.getMessage());
        }
        try {
            return Store.open(location);
        } catch (StoreException e) {
            throw new UserError("store: " + e.getMessage());
        }
    }

    /** The cluster the flags ask for, or a server on its own. */
    Network network(Endpoint endpoint) {
        if (cluster == null) {
            if (nodeName != null) {
                throw UserError.usage("--node-name needs --cluster");
            }
            return Network.SINGLE;
        }
        if (clusterLease.compareTo(Duration.ofMillis(300)) < 0) {
            throw UserError.usage("--cluster-lease must be at least 300ms");
        }
        String node = nodeName != null ? nodeName : defaultNodeName(endpoint);
        if (!node.matches("[A-Za-z0-9][A-Za-z0-9.\\-_]{0,62}")) {
            throw UserError.usage("--node-name must be 1-63 letters, digits, '.', '-' or '_'");
        }
        RedisBackplane backplane;
        try {
            // A Redis command must fail well within a lease, or a slow answer would cost the node its lease.
            Duration timeout = clusterLease.dividedBy(3).compareTo(Duration.ofSeconds(2)) < 0
                    ? clusterLease.dividedBy(3) : Duration.ofSeconds(2);
            backplane = new RedisBackplane(RedisBackplane.parse(cluster), "sockets:" + network, timeout);
        } catch (IllegalArgumentException e) {
            throw UserError.usage("--cluster: " + e.getMessage());
        }
        return new ClusterNetwork(backplane, node, clusterLease, backplane.toString(), name);
    }

    private static String defaultNodeName(Endpoint endpoint) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "node";
        }
        host = host.replaceAll("[^A-Za-z0-9.\\-_]", "");
        String port = endpoint.port() != 0 ? Integer.toString(endpoint.port()) : Long.toString(ProcessHandle.current().pid());
        return (host.isEmpty() ? "node" : host) + "-" + port;
    }

    /** The TLS listener the flags ask for, or null; loads or generates the identity (one-line errors). */
    ChatTls tls(Endpoint plain) {
        boolean pem = tlsCert != null || tlsKey != null;
        if (!pem && !tlsSelfSigned) {
            if (tlsPort != null) {
                throw UserError.usage("--tls-port needs --tls-cert and --tls-key, or --tls-self-signed");
            }
            return null;
        }
        if (pem && tlsSelfSigned) {
            throw UserError.usage("use either --tls-cert/--tls-key or --tls-self-signed, not both");
        }
        if (pem && (tlsCert == null || tlsKey == null)) {
            throw UserError.usage(tlsCert == null ? "--tls-key needs --tls-cert" : "--tls-cert needs --tls-key");
        }
        int port = tlsPort == null ? ChatConfig.DEFAULT_TLS_PORT : tlsPort;
        OptionRange.port("--tls-port", port, true);
        if (port != 0 && port == plain.port()) {
            throw UserError.usage("--tls-port must differ from --port");
        }
        try {
            TlsMaterial material = tlsSelfSigned ? TlsMaterial.selfSigned(name) : TlsMaterial.fromPem(tlsCert, tlsKey);
            log.info("chat: TLS certificate SHA-256 {}", material.sha256Fingerprint());
            return new ChatTls(plain.withPort(port), material.serverContext());
        } catch (IOException e) {
            throw new UserError("TLS: " + e.getMessage());
        }
    }

    Limits limits() {
        Limits limits = server.limits();
        if (maxClients != null) {
            OptionRange.notNegative("--max-clients", maxClients);
            limits = limits.withMaxConnections(maxClients);
        }
        if (maxClientsPerIp != null) {
            OptionRange.notNegative("--max-clients-per-ip", maxClientsPerIp);
            limits = limits.withMaxConnectionsPerIp(maxClientsPerIp);
        }
        return limits.refusingWith("ERROR :Too many connections\r\n");
    }

    ChatConfig config() {
        if (!name.matches("[A-Za-z0-9.\\-_]+") || !network.matches("[\\x21-\\x7e]+")) {
            throw UserError.usage("--name and --network must be one word of printable ASCII");
        }
        if (serverInfo.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw UserError.usage("--server-info must be printable text");
        }
        if (password != null && (password.isEmpty() || password.contains(" "))) {
            throw UserError.usage("--password must be one word");
        }
        // The same bounds ChatConfig enforces, checked here to name the option at fault.
        OptionRange.atLeast("--sendq", sendq, 1024);
        OptionRange.notNegative("--flood-rate", floodRate);
        OptionRange.atLeast("--flood-burst", floodBurst, 1);
        OptionRange.atLeast("--flood-backlog", floodBacklog, 512);
        OptionRange.atLeast("--max-channels", maxChannels, 1);
        OptionRange.atLeast("--nicklen", nickLength, 1);
        OptionRange.atLeast("--channellen", channelLength, 2);
        OptionRange.atLeast("--topiclen", topicLength, 1);
        OptionRange.positive("--register-timeout", registerTimeout);
        OptionRange.positive("--ping-interval", pingInterval);
        OptionRange.positive("--ping-timeout", pingTimeout);
        OptionRange.notNegative("--max-unregistered-per-ip", maxUnregisteredPerIp);
        OptionRange.notNegative("--tls-handshakes-per-ip", tlsHandshakesPerIp);
        OptionRange.atLeast("--max-targets", maxTargets, 1);
        try {
            return ChatConfig.builder()
                    .serverName(name).network(network).motd(readMotd()).password(password)
                    .sendQueueBytes(sendq).floodRate(floodRate).floodBurst(floodBurst).floodBacklogBytes(floodBacklog)
                    .registerTimeout(registerTimeout).pingInterval(pingInterval).pingTimeout(pingTimeout)
                    .maxChannelsPerClient(maxChannels).nickLength(nickLength).channelLength(channelLength)
                    .topicLength(topicLength).maxUnregistered(maxUnregistered())
                    .maxUnregisteredPerIp(maxUnregisteredPerIp).tlsHandshakesPerIp(tlsHandshakesPerIp)
                    .maxTargets(maxTargets).operators(readOperators()).serverInfo(serverInfo)
                    .accounts(accountPolicy())
                    .utf8Only(utf8Only).build();
        } catch (IllegalArgumentException e) {
            throw UserError.usage(e.getMessage());
        }
    }

    private AccountPolicy accountPolicy() {
        AccountPolicy.Registration registration = null;
        for (AccountPolicy.Registration r : AccountPolicy.Registration.values()) {
            if (r.optionValue().equals(accountRegistration)) {
                registration = r;
            }
        }
        if (registration == null) {
            throw UserError.usage("--account-registration must be off, after-connect or before-connect");
        }
        if (nickProtection.isNegative()) {
            throw UserError.usage("--nick-protection must not be negative");
        }
        return new AccountPolicy(registration, nickProtection);
    }

    private int maxUnregistered() {
        if (maxUnregistered != null) {
            OptionRange.notNegative("--max-unregistered", maxUnregistered);
            return maxUnregistered;
        }
        int clients = limits().maxConnections();
        return clients > 0 ? Math.max(1, clients / 4) : ChatConfig.DEFAULT_MAX_UNREGISTERED;
    }

    private dev.sockets.chat.server.config.Operators readOperators() {
        if (operators == null) {
            return dev.sockets.chat.server.config.Operators.NONE;
        }
        try {
            dev.sockets.chat.server.config.Operators ops = dev.sockets.chat.server.config.Operators.load(operators);
            log.info("chat: {} IRC operator(s) from {}", ops.size(), operators);
            return ops;
        } catch (IllegalArgumentException e) {
            // Not a usage error: the command line is right, the file is not.
            throw new UserError("--operators: " + e.getMessage());
        }
    }

    private List<String> readMotd() {
        if (motd == null) {
            return null;
        }
        if (Files.isDirectory(motd)) {
            throw new UserError("--motd: " + motd + ": is a directory");
        }
        try {
            // ISO-8859-1 keeps the file's bytes as they are (UTF-8 or not) all the way to the wire.
            String text = Files.readString(motd, StandardCharsets.ISO_8859_1);
            return text.lines().toList();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UserError("--motd: " + motd + ": no such file");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new UserError("--motd: " + motd + ": permission denied");
        } catch (IOException e) {
            throw new UserError("--motd: " + motd + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    @Override
    public String defaultPortHelp() {
        return Integer.toString(ChatConfig.DEFAULT_PORT);
    }
}
