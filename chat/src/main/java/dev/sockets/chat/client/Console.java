package dev.sockets.chat.client;

import java.io.IOException;

/**
 * Where the user's lines come from and where display lines go. One thread reads ({@link #readLine});
 * any thread may {@link #print} at any time: on a terminal the line appears above what the user is
 * typing instead of garbling it. The session closes the console when it ends.
 */
interface Console extends AutoCloseable {

    /** The next input line without its line end, or null at end of input. Blocks. */
    String readLine(String prompt) throws IOException;

    /** Whether a person types the lines (a terminal), not a script. */
    boolean interactive();

    /** The prompt changed while a line is being read (e.g. after /part): show the new one. Thread-safe. */
    void prompt(String prompt);

    /** Shows {@code text} (one or more lines). Thread-safe. */
    void print(String text);

    /** Releases the terminal (restores its mode); idempotent. Does not close System.in/out. */
    @Override
    void close();
}
