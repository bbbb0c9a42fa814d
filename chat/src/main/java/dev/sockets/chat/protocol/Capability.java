package dev.sockets.chat.protocol;

import java.util.Locale;

/**
 * The IRCv3 capabilities this server offers in {@code CAP LS} (IRCv3 capability negotiation). A
 * capability is listed here only once the server does what it promises: a client that requests one
 * relies on it. The order is the order of {@code CAP LS}.
 */
public enum Capability {
    /** CAP NEW / CAP DEL when capabilities come or go; enabled implicitly by {@code CAP LS 302}. */
    CAP_NOTIFY("cap-notify"),
    /** Every prefix of a member ({@code @+nick}) in NAMES, WHO and WHOIS, not only the highest. */
    MULTI_PREFIX("multi-prefix"),
    /** {@code nick!user@host} in NAMES instead of the bare nick. */
    USERHOST_IN_NAMES("userhost-in-names"),
    /** Tags on incoming lines are honoured; client-only tags, msgid and TAGMSG are relayed to this client. */
    MESSAGE_TAGS("message-tags"),
    /** {@code time=} (ISO 8601 UTC, milliseconds) on every line: when the server saw it. */
    SERVER_TIME("server-time"),
    /** The sender gets its own PRIVMSG, NOTICE and TAGMSG back, as the recipients got it. */
    ECHO_MESSAGE("echo-message"),
    /** BATCH groups of lines (labeled-response, chathistory and chathistory-targets). */
    BATCH("batch"),
    /** A command sent with {@code @label=x} is answered with that label (an ACK when nothing else). */
    LABELED_RESPONSE("labeled-response"),
    /** AWAY lines when a user in a shared channel goes away or comes back, and after its JOIN when away. */
    AWAY_NOTIFY("away-notify"),
    /** INVITE lines for invitations to a channel one is in. */
    INVITE_NOTIFY("invite-notify"),
    /** SETNAME lines when a user in a shared channel (or oneself) changes the real name. */
    SETNAME("setname"),
    /**
     * Those one watches with MONITOR count as sharing a channel for the notifications of the capabilities
     * that {@link #reachesWatchers}: their AWAY, SETNAME and ACCOUNT lines arrive as from a channel peer.
     */
    EXTENDED_MONITOR("extended-monitor"),
    /** A BATCH of PRIVMSG or NOTICE lines is one message (draft/multiline); others get the plain lines. */
    MULTILINE("draft/multiline"),
    /** METADATA of users and channels, and news of what one subscribed to (draft/metadata-3). */
    METADATA("draft/metadata-3"),
    /** REDACT of a recent message by its msgid, and the REDACT lines of others (draft/message-redaction). */
    MESSAGE_REDACTION("draft/message-redaction"),
    /** AUTHENTICATE (SASL 3.1/3.2): logging in to an account during registration; 302 lists the mechanisms. */
    SASL("sasl"),
    /** The {@code account} tag on messages from a user logged in to an account. */
    ACCOUNT_TAG("account-tag"),
    /** ACCOUNT lines when a user in a shared channel logs in or out. */
    ACCOUNT_NOTIFY("account-notify"),
    /** JOIN lines carry the joiner's account ({@code *}: none) and real name. */
    EXTENDED_JOIN("extended-join"),
    /** REGISTER and VERIFY (draft/account-registration): creating an account from the client. */
    ACCOUNT_REGISTRATION("draft/account-registration"),
    /**
     * CHATHISTORY: the stored messages of a channel or a private conversation, in a {@code chathistory}
     * batch. Offered only by a server that keeps history (not with {@code --store none}).
     */
    CHATHISTORY("draft/chathistory");

    /** Keys one client may subscribe to with METADATA SUB. */
    public static final int METADATA_MAX_SUBS = 50;
    /** Keys one user or channel may have. */
    public static final int METADATA_MAX_KEYS = 20;
    /** Bytes of one metadata value. */
    public static final int METADATA_MAX_VALUE_BYTES = 300;

    /** Bytes of text one multiline batch may hold (line breaks count one each). */
    public static final int MULTILINE_MAX_BYTES = 4096;
    /** Lines one multiline batch may hold. */
    public static final int MULTILINE_MAX_LINES = 32;

    private final String wireName;

    Capability(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire ({@code multi-prefix}). */
    public String wireName() {
        return wireName;
    }

    /**
     * Whether a line only for clients with this capability also reaches the extended-monitor watchers of its
     * sender (the IRCv3 extended-monitor spec: away-notify, setname, account-notify; chghost once there).
     */
    public boolean reachesWatchers() {
        return this == AWAY_NOTIFY || this == SETNAME || this == ACCOUNT_NOTIFY;
    }

    /** The value shown after {@code =} to a {@code CAP LS 302} client, or null for none. */
    public String value() {
        return switch (this) {
            case MULTILINE -> "max-bytes=" + MULTILINE_MAX_BYTES + ",max-lines=" + MULTILINE_MAX_LINES;
            case METADATA -> "max-subs=" + METADATA_MAX_SUBS + ",max-keys=" + METADATA_MAX_KEYS + ",max-value-bytes="
                    + METADATA_MAX_VALUE_BYTES;
            case SASL -> MECHANISMS;
            default -> null;
        };
    }

    /** The SASL mechanisms offered, as 302 lists them and 908 names them. */
    public static final String MECHANISMS = "PLAIN,EXTERNAL";

    /** {@code name} or {@code name=value} as listed to a client of CAP version {@code version}. */
    public String listed(int version) {
        String v = value();
        return v == null || version < 302 ? wireName : wireName + "=" + v;
    }

    /** The capability called {@code name} (case-insensitive, as client libraries vary), or null. */
    public static Capability byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (Capability c : values()) {
            if (c.wireName.equals(n)) {
                return c;
            }
        }
        return null;
    }
}
