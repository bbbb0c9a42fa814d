package dev.sockets.chat.client;

import java.io.IOException;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive console: a JLine line editor on the system terminal (history, editing, Ctrl-R search).
 * Incoming lines are printed above the prompt, so they never garble what the user is typing. Ctrl-C at
 * the prompt means {@code /quit}, Ctrl-D means end of input; Tab completes commands and nicks.
 */
final class TerminalConsole implements Console {

    private final Terminal terminal;
    private final LineReader reader;

    TerminalConsole(Terminal terminal, Completer completer) {
        this.terminal = terminal;
        this.reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("sockets-chat")
                .completer(completer)
                // the session shows what was sent, formatted like everything else: the typed line would be a second copy
                .option(LineReader.Option.ERASE_LINE_ON_FINISH, true)
                .variable(LineReader.HISTORY_SIZE, 1000)
                // "!" in a chat message is punctuation, not a history reference
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
    }

    static TerminalConsole open(Completer completer) throws IOException {
        return new TerminalConsole(TerminalBuilder.builder().system(true).build(), completer);
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
    public boolean interactive() {
        return true;
    }

    @Override
    public void prompt(String prompt) {
        // only the implementation can change the prompt of a line being read; it is what the builder makes
        if (reader instanceof LineReaderImpl impl && reader.isReading()) {
            impl.setPrompt(prompt);
            try {
                reader.callWidget(LineReader.REDISPLAY);
                terminal.flush(); // widgets called from outside the editor's own loop do not flush
            } catch (IllegalStateException e) {
                // the line was finished just now: the next readLine shows the new prompt anyway
            }
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
