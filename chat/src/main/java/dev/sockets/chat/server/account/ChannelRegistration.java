package dev.sockets.chat.server.account;

import java.util.List;
import java.util.Set;

/**
 * What is kept of a registered channel: its name, founder (an account), when it was registered, and the
 * state that applies when it is created again: topic, flag modes, key, limit, the b/e/I lists and the
 * accounts that are operators (folded names).
 *
 * @param topic null: none
 * @param joinKey null: no +k
 * @param limit 0: no +l
 */
public record ChannelRegistration(String name, String founder, long registeredMillis, String topic,
        String topicSetBy, long topicSetMillis, String flags, String joinKey, int limit, List<Mask> masks,
        Set<String> operators) {

    /** One entry of a b, e or I list. */
    public record Mask(char mode, String mask, String setBy, long setSeconds) { }

    public ChannelRegistration {
        masks = List.copyOf(masks);
        operators = Set.copyOf(operators);
    }
}
