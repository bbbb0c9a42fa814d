package dev.sockets.chat.protocol;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One outgoing line and the IRCv3 tags it may carry: when the server saw it ({@code time}, for
 * server-time), and for message-tags clients its {@code msgid}, the sender's client-only tags and the
 * {@code bot} tag. Each recipient gets the form its capabilities ask for; the forms are made lazily and
 * kept, so a line fanned out to a thousand members is tagged once per distinct form, not once per
 * member, and a recipient that negotiated nothing gets the untagged array itself, byte for byte.
 * Thread-safe: any fan-out thread may ask for any form.
 */
public final class TaggedLine {

    private static final int SERVER_TIME = 1;
    private static final int MESSAGE_TAGS = 2;
    /** The {@code account} tag, for account-tag clients (only on a line from a logged-in user). */
    private static final int ACCOUNT_TAG = 4;
    /** The variant body instead of the line (extended-join's JOIN), for clients with the variant's capability. */
    private static final int VARIANT = 8;
    /** Per process: message ids of two servers of a cluster never collide. */
    private static final String ID_PREFIX = Long.toString(ThreadLocalRandom.current().nextLong() >>> 16, 36);
    private static final AtomicLong ID_COUNTER = new AtomicLong();

    private final byte[] line;
    private final long millis;
    private final String clientTags;
    private final boolean bot;
    private final Capability requires;
    private final String account;
    private final Capability variantCap;
    private final byte[] variant;
    private final AtomicReference<String> msgid;
    private final AtomicReferenceArray<byte[]> forms;

    /**
     * @param line the untagged wire form, CRLF-terminated
     * @param millis when the server saw it (epoch milliseconds)
     * @param msgid the message id, or null: one is made when first needed (only messages carry one)
     * @param clientTags the sender's client-only tags, escaped ({@code +a=b;+c}), or null
     * @param bot whether the sender is a bot (+B)
     * @param requires only clients with this capability get the line at all (TAGMSG: message-tags; an
     *        AWAY: away-notify), or null for every client
     */
    public TaggedLine(byte[] line, long millis, String msgid, String clientTags, boolean bot, Capability requires) {
        this(line, millis, msgid, clientTags, bot, requires, null, null, null);
    }

    /**
     * @param account the sender's account (the {@code account} tag for account-tag clients), or null
     * @param variantCap clients with this capability get {@code variant} instead of {@code line} (with the
     *        same tags), or null
     * @param variant the other body, CRLF-terminated (extended-join's JOIN), or null
     */
    public TaggedLine(byte[] line, long millis, String msgid, String clientTags, boolean bot, Capability requires,
            String account, Capability variantCap, byte[] variant) {
        this.line = line;
        this.millis = millis;
        this.msgid = new AtomicReference<>(msgid);
        this.clientTags = clientTags;
        this.bot = bot;
        this.requires = requires;
        this.account = account;
        this.variantCap = variant == null ? null : variantCap;
        this.variant = variantCap == null ? null : variant;
        // Most lines have neither an account nor a variant: four forms are all they can take.
        this.forms = new AtomicReferenceArray<>(account == null && this.variant == null ? 4 : 16);
        forms.set(0, line);
    }

    /** This line with the sender's account (the {@code account} tag), or itself when {@code account} is null. */
    public TaggedLine withAccount(String account) {
        return account == null ? this
                : new TaggedLine(line, millis, msgid.get(), clientTags, bot, requires, account, variantCap, variant);
    }

    /** This line under another message id (a multiline message's later lines as history keeps them). */
    public TaggedLine withMsgid(String msgid) {
        return new TaggedLine(line, millis, msgid, clientTags, bot, requires, account, variantCap, variant);
    }

    /** A server line seen now whose clients with {@code cap} get {@code variant} instead (extended-join). */
    public static TaggedLine withVariant(byte[] line, Capability cap, byte[] variant) {
        return new TaggedLine(line, System.currentTimeMillis(), "", null, false, null, null, cap, variant);
    }

    /** A server line (no msgid, no client tags) seen now. */
    public static TaggedLine now(byte[] line) {
        return new TaggedLine(line, System.currentTimeMillis(), "", null, false, null);
    }

    /** A server line seen now, only for clients with {@code cap} (away-notify, invite-notify, setname...). */
    public static TaggedLine only(Capability cap, byte[] line) {
        return new TaggedLine(line, System.currentTimeMillis(), "", null, false, cap);
    }

    /** A user's message (PRIVMSG, NOTICE, TAGMSG) seen now: it gets a msgid. */
    public static TaggedLine message(byte[] line, String clientTags, boolean bot, boolean tagsOnly) {
        return message(line, clientTags, bot, tagsOnly, null);
    }

    /** A message from a user logged in to {@code account} (null: none), seen now: it gets a msgid. */
    public static TaggedLine message(byte[] line, String clientTags, boolean bot, boolean tagsOnly, String account) {
        return new TaggedLine(line, System.currentTimeMillis(), null, clientTags, bot,
                tagsOnly ? Capability.MESSAGE_TAGS : null, account, null, null);
    }

    /** The untagged wire form (what a client without capabilities gets). */
    public byte[] line() {
        return line;
    }

    public long millis() {
        return millis;
    }

    /** The message id if one was made (someone got it), "" for a server line, or null; never makes one. */
    public String msgidIfMade() {
        return msgid.get();
    }

    /** The message id ("" for a server line); made on first use. */
    public String msgid() {
        String id = msgid.get();
        if (id == null) {
            msgid.compareAndSet(null, ID_PREFIX + "-" + Long.toString(ID_COUNTER.incrementAndGet(), 36));
            id = msgid.get();
        }
        return id;
    }

    /** The sender's client-only tags, escaped, or null. */
    public String clientTags() {
        return clientTags;
    }

    public boolean bot() {
        return bot;
    }

    /** Only clients with this capability get the line, or null: every client. */
    public Capability requires() {
        return requires;
    }

    /** The sender's account, or null. */
    public String account() {
        return account;
    }

    /** The capability that gets {@link #variant()}, or null. */
    public Capability variantCapability() {
        return variantCap;
    }

    /** The other body (extended-join's JOIN), or null. */
    public byte[] variant() {
        return variant;
    }

    /** The form for a recipient with {@code caps}; null when it must not get the line (see {@link #requires}). */
    public byte[] forCaps(CapabilitySet caps) {
        int form = form(caps);
        if (form < 0) {
            return null;
        }
        byte[] b = forms.get(form);
        if (b == null) {
            b = render(form, null);
            forms.compareAndSet(form, null, b);
            b = forms.get(form);
        }
        return b;
    }

    /**
     * The form for {@code caps} with one more tag ({@code label=...}, {@code batch=...}), made for one
     * recipient and not kept; null when it must not get the line.
     */
    public byte[] forCaps(CapabilitySet caps, String extraTag) {
        int form = form(caps);
        return form < 0 ? null : render(form, extraTag);
    }

    private int form(CapabilitySet caps) {
        if (requires != null && !caps.contains(requires)) {
            return -1;
        }
        boolean tags = caps.contains(Capability.MESSAGE_TAGS);
        int form = (caps.contains(Capability.SERVER_TIME) ? SERVER_TIME : 0) | (tags ? MESSAGE_TAGS : 0);
        if (account != null && caps.contains(Capability.ACCOUNT_TAG)) {
            form |= ACCOUNT_TAG;
        }
        if (variant != null && caps.contains(variantCap)) {
            form |= VARIANT;
        }
        return form;
    }

    private byte[] render(int form, String extraTag) {
        StringBuilder sb = new StringBuilder(64);
        if (extraTag != null) {
            sb.append(extraTag);
        }
        if ((form & SERVER_TIME) != 0) {
            append(sb, "time=").append(Tags.time(millis));
        }
        if ((form & MESSAGE_TAGS) != 0) {
            String id = msgid();
            if (!id.isEmpty()) {
                append(sb, "msgid=").append(id);
            }
            if (bot) {
                append(sb, "bot");
            }
            if (clientTags != null) {
                append(sb, clientTags);
            }
        }
        if ((form & ACCOUNT_TAG) != 0) {
            append(sb, "account=").append(Tags.escape(account));
        }
        byte[] body = (form & VARIANT) != 0 ? variant : line;
        if (sb.isEmpty()) {
            return body;
        }
        byte[] tags = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        int n = Math.min(tags.length, Tags.MAX_TAG_SECTION - 2);
        byte[] out = new byte[n + 2 + body.length];
        out[0] = '@';
        System.arraycopy(tags, 0, out, 1, n);
        out[n + 1] = ' ';
        System.arraycopy(body, 0, out, n + 2, body.length);
        return out;
    }

    private static StringBuilder append(StringBuilder sb, String s) {
        return (sb.isEmpty() ? sb : sb.append(';')).append(s);
    }
}
