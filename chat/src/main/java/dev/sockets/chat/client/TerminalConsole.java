package dev.sockets.chat.client;

import java.io.IOException;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive console: a JLine line editor on the system terminal (history, editing, Ctrl-R search).
 * Incoming lines are printed above the prompt, so they never garble what the user is typing. Ctrl-C at
 * the prompt means {@code /quit}, Ctrl-D means end of input.
 */
final class TerminalConsole implements Console {

    private final Terminal terminal;
    private final LineReader reader;

    private TerminalConsole(Terminal terminal) {
        this.terminal = terminal;
        this.reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("sockets-chat")
                .variable(LineReader.HISTORY_SIZE, 1000)
                // "!" in a chat message is punctuation, not a history reference
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
    }

    static TerminalConsole open() throws IOException {
        return new TerminalConsole(TerminalBuilder.builder().system(true).build());
    }

    /**
     * Whether stdin and stdout are a terminal. JDK 22+ may return a console even when redirected, so
     * ask it ({@code Console.isTerminal()}) where that method exists.
     */
    static boolean available() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a non-null console is a terminal
        }
    }

    @Override
    public String readLine(String prompt) {
        try {
            return reader.readLine(prompt);
        } catch (UserInterruptException e) {
            return "/quit";
        } catch (EndOfFileException e) {
            return null;
        }
    }

    @Override
    public void print(String text) {
        reader.printAbove(text);
    }

    @Override
    public void close() {
        try {
            terminal.close();
        } catch (IOException e) {
            // the terminal is going away with the process anyway
        }
    }
}
