package dev.sockets.chat.server.state;

import java.util.ArrayList;
import java.util.List;

/**
 * A client's multiline batch while it is open ({@code BATCH +ref draft/multiline target} ... {@code BATCH
 * -ref}, IRCv3 draft/multiline): what it said so far, held until the batch closes and then relayed as one
 * message. Bounded by the limits the server announced (the caller checks them as lines arrive). Used
 * only by the client's reader thread.
 */
public final class OpenBatch {

    /** One line of the batch: its text, and whether it continues the previous line (multiline-concat). */
    public record Part(String text, boolean concat) { }

    private final String ref;
    private final String target;
    private final String label;
    private final String clientTags;
    private final List<Part> parts = new ArrayList<>();
    private String command;
    private int bytes;
    private String failure;

    /**
     * @param ref the client's reference for the batch
     * @param target where the batch goes (a channel or a nick)
     * @param label the label of the command that opened it (labeled-response), or null
     * @param clientTags the client-only tags of the opening line, escaped, or null
     */
    public OpenBatch(String ref, String target, String label, String clientTags) {
        this.ref = ref;
        this.target = target;
        this.label = label;
        this.clientTags = clientTags;
    }

    public String ref() {
        return ref;
    }

    public String target() {
        return target;
    }

    public String label() {
        return label;
    }

    public String clientTags() {
        return clientTags;
    }

    /** PRIVMSG or NOTICE, from the first line; null before it. */
    public String command() {
        return command;
    }

    public List<Part> parts() {
        return parts;
    }

    /** The bytes of text so far, with one for each line break between lines. */
    public int bytes() {
        return bytes;
    }

    /** Adds a line of {@code command} (the first one fixes the command). */
    public void add(String command, String text, boolean concat) {
        if (this.command == null) {
            this.command = command;
        }
        bytes += text.length() + (parts.isEmpty() || concat ? 0 : 1);
        parts.add(new Part(text, concat));
    }

    /** Why the batch was refused (it is then dropped at its end), or null while it is fine. */
    public String failure() {
        return failure;
    }

    public void fail(String why) {
        failure = why;
        parts.clear();
    }
}
