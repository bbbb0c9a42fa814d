package dev.sockets.chat.server.store;

import java.time.Duration;

/**
 * How much history a server keeps and replays.
 *
 * @param maxAge messages older than this are deleted ({@code --history-days}; null: kept for ever)
 * @param maxPerTarget messages kept per channel or private conversation ({@code --history-max-per-target}; 0: no limit)
 * @param joinReplay a channel's last messages sent to a user who joins it ({@code --join-replay}; 0: none)
 * @param buffer messages kept in memory while the store cannot take them; beyond, new ones are dropped
 */
public record HistoryPolicy(Duration maxAge, int maxPerTarget, int joinReplay, int buffer) {

    /** The most messages one CHATHISTORY request (or a join's replay) gets (005 {@code CHATHISTORY}). */
    public static final int MAX_PER_REQUEST = 100;
    public static final int DEFAULT_DAYS = 30;
    public static final int DEFAULT_MAX_PER_TARGET = 10_000;
    public static final int DEFAULT_BUFFER = 100_000;
    public static final HistoryPolicy DEFAULT = new HistoryPolicy(Duration.ofDays(DEFAULT_DAYS),
            DEFAULT_MAX_PER_TARGET, 0, DEFAULT_BUFFER);

    public HistoryPolicy {
        if (maxPerTarget < 0 || joinReplay < 0 || buffer < 1) {
            throw new IllegalArgumentException("history limits must not be negative");
        }
    }
}
