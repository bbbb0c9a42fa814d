package dev.sockets.chat.server;

import dev.sockets.chat.protocol.CaseMapping;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One channel: members with their operator flag, topic and modes (+n, +t).
 *
 * <p>Threading: membership changes only under the {@link Registry} lock (callers hold it); the
 * {@link #members()} snapshot is an immutable array replaced on every change, so fan-out reads it
 * without any lock and a message goes to exactly the members present when it was sent. Topic and modes
 * are volatile fields written under the registry lock.
 */
public final class Channel {

    private final String name;
    private final String key;
    private final long createdSeconds = System.currentTimeMillis() / 1000;
    private final Map<Client, Boolean> operators = new LinkedHashMap<>(); // guarded by the registry lock
    private volatile Client[] members = new Client[0];
    private volatile String topic;
    private volatile String topicSetBy;
    private volatile long topicSetSeconds;
    private volatile boolean noExternalMessages = true;
    private volatile boolean topicLocked = true;

    Channel(String name) {
        this.name = name;
        this.key = CaseMapping.fold(name);
    }

    /** The name as its creator spelled it. */
    public String name() {
        return name;
    }

    /** The folded name (the registry key). */
    public String key() {
        return key;
    }

    public long createdSeconds() {
        return createdSeconds;
    }

    /** Members now, in join order; lock-free, never modified (do not modify it either). */
    public Client[] members() {
        return members;
    }

    public int size() {
        return members.length;
    }

    /** Whether {@code c} is a member (lock-free: a membership is recorded in the client too). */
    public boolean hasMember(Client c) {
        return c.channels().contains(this);
    }

    /** Operator status of a member; call under the registry lock for a consistent answer. */
    public boolean isOperator(Client c) {
        Boolean op = operators.get(c);
        return op != null && op;
    }

    /** Adds a member; caller holds the registry lock. */
    void add(Client c, boolean operator) {
        operators.put(c, operator);
        c.channels().add(this);
        members = operators.keySet().toArray(Client[]::new);
    }

    /** Removes a member; caller holds the registry lock. */
    void remove(Client c) {
        if (operators.remove(c) != null) {
            c.channels().remove(this);
            members = operators.keySet().toArray(Client[]::new);
        }
    }

    /** Gives or takes operator status; caller holds the registry lock. */
    public void setOperator(Client c, boolean op) {
        if (operators.containsKey(c)) {
            operators.put(c, op);
        }
    }

    /** {@code @nick} or {@code nick} for each member, for NAMES; caller holds the registry lock. */
    public List<String> namesWithPrefixes(boolean includeInvisible) {
        List<String> names = new ArrayList<>(operators.size());
        for (Map.Entry<Client, Boolean> e : operators.entrySet()) {
            if (includeInvisible || !e.getKey().isInvisible()) {
                names.add((e.getValue() ? "@" : "") + e.getKey().nick());
            }
        }
        return names;
    }

    Collection<Client> memberSet() {
        return operators.keySet();
    }

    public String topic() {
        return topic;
    }

    public String topicSetBy() {
        return topicSetBy;
    }

    public long topicSetSeconds() {
        return topicSetSeconds;
    }

    /** Sets (or clears, with an empty text) the topic; caller holds the registry lock. */
    public void setTopic(String text, String setBy) {
        this.topic = text.isEmpty() ? null : text;
        this.topicSetBy = setBy;
        this.topicSetSeconds = System.currentTimeMillis() / 1000;
    }

    /** +n: only members may send. */
    public boolean noExternalMessages() {
        return noExternalMessages;
    }

    public void setNoExternalMessages(boolean on) {
        this.noExternalMessages = on;
    }

    /** +t: only operators may set the topic. */
    public boolean topicLocked() {
        return topicLocked;
    }

    public void setTopicLocked(boolean on) {
        this.topicLocked = on;
    }

    /** {@code +nt}, {@code +n}, {@code +}. */
    public String modeString() {
        return "+" + (noExternalMessages ? "n" : "") + (topicLocked ? "t" : "");
    }

    /** Sends {@code line} to every member except {@code except} (may be null); lock-free. */
    public int broadcast(byte[] line, Client except) {
        int n = 0;
        for (Client m : members) {
            if (m != except) {
                m.send(line);
                n++;
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return name;
    }
}
