package dev.sockets.chat.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Plain line I/O for when stdin is not a terminal (pipes, scripts, tests): UTF-8 lines in, lines out,
 * no prompt, no editing. The streams belong to the caller and are not closed.
 */
final class PlainConsole implements Console {

    private final BufferedReader in;
    private final PrintStream out;

    PlainConsole(InputStream in, PrintStream out) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
    }

    @Override
    public String readLine(String prompt) throws IOException {
        return in.readLine();
    }

    @Override
    public boolean interactive() {
        return false;
    }

    @Override
    public void prompt(String prompt) {
        // no prompt without a terminal
    }

    @Override
    public void print(String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }

    @Override
    public void close() {
        out.flush();
    }
}
