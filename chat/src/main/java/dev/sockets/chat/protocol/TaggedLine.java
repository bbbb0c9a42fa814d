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
    /** Per process: message ids of two servers of a cluster never collide. */
    private static final String ID_PREFIX = Long.toString(ThreadLocalRandom.current().nextLong() >>> 16, 36);
    private static final AtomicLong ID_COUNTER = new AtomicLong();

    private final byte[] line;
    private final long millis;
    private final String clientTags;
    private final boolean bot;
    private final Capability requires;
    private final AtomicReference<String> msgid;
    private final AtomicReferenceArray<byte[]> forms = new AtomicReferenceArray<>(4);

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
        this.line = line;
        this.millis = millis;
        this.msgid = new AtomicReference<>(msgid);
        this.clientTags = clientTags;
        this.bot = bot;
        this.requires = requires;
        forms.set(0, line);
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
        return new TaggedLine(line, System.currentTimeMillis(), null, clientTags, bot,
                tagsOnly ? Capability.MESSAGE_TAGS : null);
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
        return (caps.contains(Capability.SERVER_TIME) ? SERVER_TIME : 0) | (tags ? MESSAGE_TAGS : 0);
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
        if (sb.isEmpty()) {
            return line;
        }
        byte[] tags = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        int n = Math.min(tags.length, Tags.MAX_TAG_SECTION - 2);
        byte[] out = new byte[n + 2 + line.length];
        out[0] = '@';
        System.arraycopy(tags, 0, out, 1, n);
        out[n + 1] = ' ';
        System.arraycopy(line, 0, out, n + 2, line.length);
        return out;
    }

    private static StringBuilder append(StringBuilder sb, String s) {
        return (sb.isEmpty() ? sb : sb.append(';')).append(s);
    }
}
