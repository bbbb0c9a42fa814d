package dev.sockets.chat.server.state;

import dev.sockets.chat.protocol.TaggedLine;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A user of the chat network as the commands see it: identity, away message, invisibility and channels.
 * A {@link Client} is connected to this server; a {@link RemoteUser} to another node of a cluster, known
 * here from what its node publishes. Commands treat both alike; only {@link #send} differs (a queue here,
 * a publish on the bus there).
 *
 * <p>Threading: fields are volatile; the nick changes only under the {@link Registry} lock and channel
 * membership only under it, so any thread may read them.
 */
public abstract sealed class User permits Client, RemoteUser {

    private final Metadata metadata = new Metadata();

    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    /** Channels this user was invited to and has not joined since (changed under the registry lock). */
    private final Set<Channel> invites = ConcurrentHashMap.newKeySet();
    private final String host;
    private volatile String nick;
    private volatile String user;
    private volatile String realName;
    private volatile String prefix;
    private volatile String away;
    private volatile boolean invisible;
    private volatile boolean ircOperator;
    private volatile boolean wallops;
    private volatile boolean bot;
    private volatile String account;

    User(String host) {
        this.host = host;
    }

    /** Delivers a formatted line to this user, wherever it is connected; never blocks. */
    public boolean send(byte[] line) {
        return send(line, null);
    }

    /**
     * Delivers a formatted line sent by {@code from} (null: by the server); if the line cannot reach this
     * user's server, {@code from} is told so with a NOTICE.
     *
     * @return false when the line was dropped
     */
    public abstract boolean send(byte[] line, Client from);

    /**
     * Delivers a line with its tags: a local client gets the form its capabilities ask for (nothing, for a
     * TAGMSG to a client without message-tags), a remote one's node decides the same for it.
     */
    public abstract boolean send(TaggedLine line, Client from);

    /** Whether this user is connected to this server. */
    public abstract boolean isLocal();

    /** The name of the server this user is connected to (WHOIS, WHO). */
    public abstract String serverName();

    /** Whether the user completed registration (remote users always have). */
    public abstract boolean isRegistered();

    /** The nick, or null before NICK. */
    public String nick() {
        return nick;
    }

    /** The nick, or {@code *} before NICK (the target of numerics). */
    public String nickOrStar() {
        String n = nick;
        return n == null ? "*" : n;
    }

    void setNick(String nick) {
        this.nick = nick;
        updatePrefix();
    }

    public String user() {
        return user;
    }

    /** Its draft/metadata-3 keys and values (under the registry lock). */
    public Metadata metadata() {
        return metadata;
    }

    public String realName() {
        return realName;
    }

    void setUserFields(String user, String realName) {
        this.user = user;
        this.realName = realName;
        updatePrefix();
    }

    public String host() {
        return host;
    }

    /** {@code nick!user@host}: the prefix of everything this user sends to others. */
    public String prefix() {
        return prefix;
    }

    private void updatePrefix() {
        prefix = nickOrStar() + "!" + (user == null ? "*" : user) + "@" + host;
    }

    /** The away message, or null when here. */
    public String away() {
        return away;
    }

    void setAwayField(String message) {
        this.away = message;
    }

    void setRealNameField(String realName) {
        this.realName = realName;
    }

    /** User mode +B: the user says it is a bot (WHOIS 335, WHO flag B, the {@code bot} message tag). */
    public boolean isBot() {
        return bot;
    }

    void setBotField(boolean on) {
        this.bot = on;
    }

    /** The account this user is logged in to (SASL, REGISTER), or null: WHOIS 330, account-tag, WHOX {@code a}. */
    public String account() {
        return account;
    }

    void setAccountField(String account) {
        this.account = account;
    }

    public boolean isInvisible() {
        return invisible;
    }

    void setInvisibleField(boolean on) {
        this.invisible = on;
    }

    /** User mode +o: an IRC operator (OPER), on every node. */
    public boolean isIrcOperator() {
        return ircOperator;
    }

    void setIrcOperatorField(boolean on) {
        this.ircOperator = on;
    }

    /** User mode +w: receives WALLOPS. */
    public boolean receivesWallops() {
        return wallops;
    }

    void setWallopsField(boolean on) {
        this.wallops = on;
    }

    /** The user modes set, as 221 shows them ({@code +iowB}, or {@code +}). */
    public String userModes() {
        return "+" + (invisible ? "i" : "") + (ircOperator ? "o" : "") + (wallops ? "w" : "") + (bot ? "B" : "");
    }

    /** Channels this user is in (changed under the registry lock; safe to iterate any time). */
    public Set<Channel> channels() {
        return channels;
    }

    /**
     * Channels this user is invited to (INVITE) and has not joined since; an invite lasts as long as the
     * channel. Changed under the registry lock; safe to iterate any time.
     */
    public Set<Channel> invites() {
        return invites;
    }

    /** Whether a pending invite lets this user into {@code ch}. */
    public boolean isInvitedTo(Channel ch) {
        return invites.contains(ch);
    }
}
