package dev.sockets.chat.server.state;

import java.util.Iterator;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A reply too long to queue at once (LIST, WHO, NAMES over thousands of channels or users), produced as
 * the client reads it: its transport asks for the next lines whenever the client's send queue has drained
 * below a low-water mark, so a reply of any length never exceeds the send queue and costs memory for one
 * chunk, not for the whole list. Pulled by one thread at a time (the client's writer); it must not block.
 * A handler builds one with {@link #over} and gives it to {@link Client#stream}.
 */
@FunctionalInterface
public interface ReplySource {

    /**
     * Offers the next lines to {@code out}, about {@code budgetBytes} of them (a line is never split), or
     * the rest when fewer remain.
     *
     * @param out queues one line; false when the client is gone (then the source stops)
     * @return true while lines remain: called again once the queue has drained
     */
    boolean fill(Predicate<byte[]> out, int budgetBytes);

    /**
     * A reply rendering each item in turn (each item to zero or more lines) and then the {@code end} line
     * (the 323, 315 or 366 that tells the client the list is complete; null for none). Items are rendered
     * when their turn comes, so each shows its state at that moment.
     */
    static <T> ReplySource over(Iterator<? extends T> items, BiConsumer<? super T, Consumer<byte[]>> render,
            Supplier<byte[]> end) {
        return new ReplySource() {
            private boolean ended;

            @Override
            public boolean fill(Predicate<byte[]> out, int budgetBytes) {
                int[] used = {0};
                boolean[] refused = {false};
                Consumer<byte[]> sink = line -> {
                    if (!refused[0]) {
                        refused[0] = !out.test(line);
                        used[0] += line.length;
                    }
                };
                while (used[0] < budgetBytes && items.hasNext() && !refused[0]) {
                    render.accept(items.next(), sink);
                }
                if (refused[0]) {
                    return false;
                }
                if (items.hasNext()) {
                    return true;
                }
                if (!ended) {
                    ended = true;
                    if (end != null) {
                        out.test(end.get());
                    }
                }
                return false;
            }
        };
    }
}
