package dev.sockets.chat.server.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of one chat server, immutable. Build with {@link #builder()}; every setting has a default
 * suitable for a LAN server.
 *
 * @param serverName the name in prefixes ({@code :irc.local 001 ...})
 * @param network the NETWORK token of 005
 * @param motd lines of the message of the day, or null for none (422)
 * @param password the connection password clients must send with PASS, or null for none
 * @param sendQueueBytes bytes a client may have queued for sending before it is disconnected
 * @param floodRate lines per second a client may send sustained (0 = no flood control)
 * @param floodBurst lines a client may send at once before fakelag starts
 * @param floodBacklogBytes bytes waiting unprocessed (while fakelagged) before "Excess Flood"
 * @param registerTimeout how long a connection may stay unregistered
 * @param pingInterval silence after which the server sends PING
 * @param pingTimeout time after that PING without any line before disconnecting
 * @param maxChannelsPerClient channels one client may be in at once
 * @param nickLength NICKLEN
 * @param channelLength CHANNELLEN
 * @param topicLength TOPICLEN
 * @param quitFlush how long a leaving client's last lines may take to flush before the socket closes
 * @param maxUnregistered connections at once that have not registered yet (TLS handshakes included); more
 *        get {@code ERROR :Too many unregistered connections} (0 = no limit)
 * @param maxUnregisteredPerIp of those, at once from one address, loopback included (0 = no limit): so one
 *        address cannot fill the shared budget and lock everyone else out
 * @param tlsHandshakesPerIp TLS handshakes one address may start per second, with bursts of twice that
 *        (0 = no limit): a handshake costs the server several times a plain connection's CPU
 * @param maxTargets targets one PRIVMSG, NOTICE, TAGMSG or KICK may name (TARGMAX, MAXTARGETS): one line cannot
 *        fan out to more; each target beyond it is answered with 407
 * @param operators who may become an IRC operator with OPER ({@code --operators}; none by default)
 * @param serverInfo the server's description in LINKS (364) and WHOIS (312)
 * @param utf8Only every line a client sends must be UTF-8 (005 {@code UTF8ONLY}); one that is not is refused
 *        with {@code FAIL <command> INVALID_UTF8} and not relayed ({@code --utf8-only}; off by default, as
 *        IRC has no encoding and older clients send Latin-1)
 * @param accounts account registration and nick protection
 */
public record ChatConfig(String serverName, String network, List<String> motd, String password,
                         int sendQueueBytes, double floodRate, int floodBurst, int floodBacklogBytes,
                         Duration registerTimeout, Duration pingInterval, Duration pingTimeout,
                         int maxChannelsPerClient, int nickLength, int channelLength, int topicLength,
                         Duration quitFlush, int maxUnregistered, int maxUnregisteredPerIp,
                         double tlsHandshakesPerIp, int maxTargets, Operators operators, String serverInfo,
                         boolean utf8Only, AccountPolicy accounts) {

    public static final int DEFAULT_PORT = 6667;
    /** The customary IRC-over-TLS port (RFC 7194). */
    public static final int DEFAULT_TLS_PORT = 6697;
    /** Unregistered connections at once when neither the flag nor a connection limit says otherwise. */
    public static final int DEFAULT_MAX_UNREGISTERED = 2500;
    /** Unregistered connections at once from one address: a person's clients register in milliseconds. */
    public static final int DEFAULT_MAX_UNREGISTERED_PER_IP = 10;
    /** TLS handshakes per second one address may start (bursts of twice that). */
    public static final double DEFAULT_TLS_HANDSHAKES_PER_IP = 10;
    /**
     * Targets per PRIVMSG, NOTICE or KICK: as Solanum's 4, so one line from a spammer reaches few people;
     * a LAN or a bot network may raise it.
     */
    public static final int DEFAULT_MAX_TARGETS = 4;

    /**
     * What a reload (SIGHUP) may change in a running server: nothing that was announced to connected
     * clients (names, lengths, limits in 005) or sized at start (the unregistered budgets, timers). The
     * names are those of the {@code chat server} options.
     */
    public static final Set<String> RELOADABLE = Set.of("--motd", "--password", "--sendq",
            "--flood-rate", "--flood-burst", "--flood-backlog", "--operators");

    /** This configuration with the {@link #RELOADABLE} settings of {@code next}. */
    public ChatConfig withReloadable(ChatConfig next) {
        return new ChatConfig(serverName, network, next.motd, next.password, next.sendQueueBytes, next.floodRate,
                next.floodBurst, next.floodBacklogBytes, registerTimeout, pingInterval, pingTimeout,
                maxChannelsPerClient, nickLength, channelLength, topicLength, quitFlush, maxUnregistered,
                maxUnregisteredPerIp, tlsHandshakesPerIp, maxTargets, next.operators, serverInfo, utf8Only, accounts);
    }

    public ChatConfig {
        Objects.requireNonNull(serverName);
        Objects.requireNonNull(network);
        motd = motd == null ? null : List.copyOf(motd);
        operators = operators == null ? Operators.NONE : operators;
        serverInfo = serverInfo == null || serverInfo.isBlank() ? DEFAULT_SERVER_INFO : serverInfo;
        accounts = accounts == null ? AccountPolicy.DEFAULT : accounts;
        if (sendQueueBytes < 1024 || floodRate < 0 || floodBurst < 1 || floodBacklogBytes < 512
                || maxChannelsPerClient < 1 || nickLength < 1 || channelLength < 2 || topicLength < 1
                || maxUnregistered < 0 || maxUnregisteredPerIp < 0 || !(tlsHandshakesPerIp >= 0) || maxTargets < 1) {
            throw new IllegalArgumentException("chat settings out of range: sendq >= 1024, flood rate >= 0, "
                    + "flood burst >= 1, flood backlog >= 512, lengths and channel limit >= 1, "
                    + "max unregistered (also per IP) >= 0, TLS handshake rate >= 0, max targets >= 1");
        }
        for (Duration d : List.of(registerTimeout, pingInterval, pingTimeout, quitFlush)) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("chat timeouts must be positive");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Server name in replies. */
    public static final String DEFAULT_SERVER_NAME = "irc.local";
    /** The server's description in LINKS and WHOIS. */
    public static final String DEFAULT_SERVER_INFO = "sockets chat server";
    /** NETWORK name announced in 005. */
    public static final String DEFAULT_NETWORK = "sockets";
    /** Output queued for one client before it is dropped. */
    public static final int DEFAULT_SENDQ_BYTES = 256 * 1024;
    /** Lines per second one client may send sustained. */
    public static final double DEFAULT_FLOOD_RATE = 20;
    /** Lines one client may send at once. */
    public static final int DEFAULT_FLOOD_BURST = 40;
    /** Unprocessed input of a delayed client before it is dropped. */
    public static final int DEFAULT_FLOOD_BACKLOG_BYTES = 32 * 1024;
    /** Time to register (NICK+USER). */
    public static final Duration DEFAULT_REGISTER_TIMEOUT = Duration.ofSeconds(30);
    /** Silence before the server PINGs. */
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(120);
    /** Time to answer a PING. */
    public static final Duration DEFAULT_PING_TIMEOUT = Duration.ofSeconds(60);
    /** Channels one client may join. */
    public static final int DEFAULT_MAX_CHANNELS = 50;
    /** Longest nick. */
    public static final int DEFAULT_NICK_LENGTH = 30;
    /** Longest channel name. */
    public static final int DEFAULT_CHANNEL_LENGTH = 50;
    /** Longest topic. */
    public static final int DEFAULT_TOPIC_LENGTH = 390;

    /** Mutable builder with the defaults; not thread-safe. */
    public static final class Builder {
        private String serverName = DEFAULT_SERVER_NAME;
        private String network = DEFAULT_NETWORK;
        private List<String> motd;
        private String password;
        private int sendQueueBytes = DEFAULT_SENDQ_BYTES;
        private double floodRate = DEFAULT_FLOOD_RATE;
        private int floodBurst = DEFAULT_FLOOD_BURST;
        private int floodBacklogBytes = DEFAULT_FLOOD_BACKLOG_BYTES;
        private Duration registerTimeout = DEFAULT_REGISTER_TIMEOUT;
        private Duration pingInterval = DEFAULT_PING_INTERVAL;
        private Duration pingTimeout = DEFAULT_PING_TIMEOUT;
        private int maxChannelsPerClient = DEFAULT_MAX_CHANNELS;
        private int nickLength = DEFAULT_NICK_LENGTH;
        private int channelLength = DEFAULT_CHANNEL_LENGTH;
        private int topicLength = DEFAULT_TOPIC_LENGTH;
        private Duration quitFlush = Duration.ofSeconds(2);
        private int maxUnregistered = DEFAULT_MAX_UNREGISTERED;
        private int maxUnregisteredPerIp = DEFAULT_MAX_UNREGISTERED_PER_IP;
        private double tlsHandshakesPerIp = DEFAULT_TLS_HANDSHAKES_PER_IP;
        private int maxTargets = DEFAULT_MAX_TARGETS;
        private Operators operators = Operators.NONE;
        private String serverInfo = DEFAULT_SERVER_INFO;
        private boolean utf8Only;
        private AccountPolicy accounts = AccountPolicy.DEFAULT;

        public Builder serverName(String v) { serverName = v; return this; }
        public Builder network(String v) { network = v; return this; }
        public Builder motd(List<String> v) { motd = v; return this; }
        public Builder password(String v) { password = v; return this; }
        public Builder sendQueueBytes(int v) { sendQueueBytes = v; return this; }
        public Builder floodRate(double v) { floodRate = v; return this; }
        public Builder floodBurst(int v) { floodBurst = v; return this; }
        public Builder floodBacklogBytes(int v) { floodBacklogBytes = v; return this; }
        public Builder registerTimeout(Duration v) { registerTimeout = v; return this; }
        public Builder pingInterval(Duration v) { pingInterval = v; return this; }
        public Builder pingTimeout(Duration v) { pingTimeout = v; return this; }
        public Builder maxChannelsPerClient(int v) { maxChannelsPerClient = v; return this; }
        public Builder nickLength(int v) { nickLength = v; return this; }
        public Builder channelLength(int v) { channelLength = v; return this; }
        public Builder topicLength(int v) { topicLength = v; return this; }
        public Builder quitFlush(Duration v) { quitFlush = v; return this; }
        public Builder maxUnregistered(int v) { maxUnregistered = v; return this; }
        public Builder maxUnregisteredPerIp(int v) { maxUnregisteredPerIp = v; return this; }
        public Builder tlsHandshakesPerIp(double v) { tlsHandshakesPerIp = v; return this; }
        public Builder maxTargets(int v) { maxTargets = v; return this; }
        public Builder operators(Operators v) { operators = v; return this; }
        public Builder serverInfo(String v) { serverInfo = v; return this; }
        public Builder utf8Only(boolean v) { utf8Only = v; return this; }
        public Builder accounts(AccountPolicy v) { accounts = v; return this; }

        public ChatConfig build() {
            return new ChatConfig(serverName, network, motd, password, sendQueueBytes, floodRate, floodBurst,
                    floodBacklogBytes, registerTimeout, pingInterval, pingTimeout, maxChannelsPerClient,
                    nickLength, channelLength, topicLength, quitFlush, maxUnregistered, maxUnregisteredPerIp,
                    tlsHandshakesPerIp, maxTargets, operators, serverInfo, utf8Only, accounts);
        }
    }
}
