package dev.sockets.chat.client;

import dev.sockets.chat.protocol.CaseMapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Where the user is: the channels the server says we are on, the current target (the channel or nick
 * a plain line goes to), and the JOINs and PARTs sent but not yet answered. The input thread waits on the
 * answers; the reader thread gives them. Thread-safe.
 */
final class ChannelTracker {

    private final Map<String, CompletableFuture<Void>> pendingJoins = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> pendingParts = new ConcurrentHashMap<>();
    private final Map<String, String> joined = new LinkedHashMap<>(); // folded -> as the server spells it
    private final Roster roster;
    private final Consumer<String> onTargetChange;
    private volatile String target;

    /** @param onTargetChange told the new target (null: none), so the prompt follows it */
    ChannelTracker(Roster roster, Consumer<String> onTargetChange) {
        this.roster = roster;
        this.onTargetChange = onTargetChange;
    }

    /** The current target, or null. */
    String target() {
        return target;
    }

    /** The user chose a new target (a query), or the channels changed. */
    void target(String newTarget) {
        target = newTarget;
        roster.current(newTarget);
        onTargetChange.accept(newTarget);
    }

    /** A JOIN of {@code channels} is about to be sent: one answer to wait for per channel. */
    CompletableFuture<Void> expectJoin(List<String> channels) {
        List<CompletableFuture<Void>> answers = new ArrayList<>();
        for (String c : channels) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            pendingJoins.put(CaseMapping.fold(c), f);
            answers.add(f);
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new));
    }

    /** Stops waiting for answers to a JOIN (answered or not). */
    void forgetJoin(List<String> channels) {
        channels.forEach(c -> pendingJoins.remove(CaseMapping.fold(c)));
    }

    /** A PART of {@code channel} is about to be sent. */
    CompletableFuture<Void> expectPart(String channel) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        pendingParts.put(CaseMapping.fold(channel), f);
        return f;
    }

    void forgetPart(String channel) {
        pendingParts.remove(CaseMapping.fold(channel));
    }

    /** Whether a JOIN of {@code channel} waits for its answer. */
    boolean joinPending(String channel) {
        return pendingJoins.containsKey(CaseMapping.fold(channel));
    }

    /** We are on {@code channel} now: it becomes the current target. */
    void entered(String channel) {
        synchronized (joined) {
            joined.put(CaseMapping.fold(channel), channel);
        }
        target(channel);
        answered(channel);
    }

    /** We are no longer on {@code channel}: the target goes to the channel joined last, if any. */
    void left(String channel) {
        roster.forget(channel);
        synchronized (joined) {
            joined.remove(CaseMapping.fold(channel));
            String t = target;
            if (t != null && CaseMapping.equals(t, channel)) {
                target(joined.isEmpty() ? null : new ArrayList<>(joined.values()).getLast());
            }
        }
        partAnswered(channel);
    }

    /** The server refused something about {@code channel} (an error numeric): a JOIN or PART of it is answered. */
    void refused(String channel) {
        answered(channel);
        partAnswered(channel);
    }

    private void answered(String channel) {
        CompletableFuture<Void> f = pendingJoins.get(CaseMapping.fold(channel));
        if (f != null) {
            f.complete(null);
        }
    }

    private void partAnswered(String channel) {
        CompletableFuture<Void> f = pendingParts.get(CaseMapping.fold(channel));
        if (f != null) {
            f.complete(null);
        }
    }
}
