package dev.sockets.chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The line editor on a virtual xterm: what the user ends up seeing on the screen. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class TerminalConsoleTest {

    private final PipedOutputStream keyboard = new PipedOutputStream();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private TerminalConsole console;

    @BeforeEach
    void openTerminal() throws IOException {
        Terminal terminal = TerminalBuilder.builder().system(false).type("xterm").size(new Size(80, 24))
                .encoding(StandardCharsets.UTF_8).streams(new PipedInputStream(keyboard), written).build();
        Roster roster = new Roster();
        roster.names("#lan", "alice bob");
        roster.current("#lan");
        console = new TerminalConsole(terminal, new ChatCompleter(roster::currentNicks));
    }

    @AfterEach
    void closeTerminal() {
        console.close();
    }

    private String typeLine(String keys) throws Exception {
        int before = prompts();
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> console.readLine("[#lan] > "));
        // keys typed before the editor is reading would be echoed by the terminal's cooked mode
        await().atMost(5, TimeUnit.SECONDS).until(() -> prompts() > before);
        keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        return line.get(5, TimeUnit.SECONDS);
    }

    private int prompts() {
        synchronized (written) {
            return written.toString(StandardCharsets.UTF_8).split("\\[#lan\\] > ", -1).length - 1;
        }
    }

    /**
     * The lines left on the screen, for the little JLine writes here: text, CR, LF, backspace, erase to end
     * of line (ESC [ K), delete characters (ESC [ n P), cursor right and left (ESC [ n C, D); mode
     * switches change nothing visible. Trailing blanks are dropped.
     */
    private static final Pattern CSI = Pattern.compile("\u001b\\[([0-9]*)([A-Za-z])");

    private List<String> screen() {
        String out;
        synchronized (written) {
            out = written.toString(StandardCharsets.UTF_8).replaceAll("\u001b\\[\\?[0-9;]*[hl]|\u001b[=>]", "");
        }
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int col = 0;
        for (int i = 0; i < out.length(); i++) {
            char c = out.charAt(i);
            if (c == '\r') {
                col = 0;
            } else if (c == '\b') {
                col = Math.max(0, col - 1);
            } else if (c == '\n') {
                lines.add(line.toString());
                line.setLength(0);
                col = 0;
            } else if (c == '\u001b') {
                Matcher csi = CSI.matcher(out).region(i, out.length());
                if (!csi.lookingAt()) {
                    throw new AssertionError("unexpected escape sequence at " + i + " in " + out.replace("\u001b", "ESC"));
                }
                int n = csi.group(1).isEmpty() ? 1 : Integer.parseInt(csi.group(1));
                switch (csi.group(2)) {
                    case "K" -> line.setLength(Math.min(col, line.length()));
                    case "P" -> line.delete(Math.min(col, line.length()), Math.min(col + n, line.length()));
                    case "C" -> col += n;
                    case "D" -> col = Math.max(0, col - n);
                    default -> throw new AssertionError("unexpected escape sequence " + csi.group().replace("\u001b", "ESC"));
                }
                i = csi.end() - 1;
            } else {
                while (line.length() < col) {
                    line.append(' ');
                }
                if (col < line.length()) {
                    line.setCharAt(col, c);
                } else {
                    line.append(c);
                }
                col++;
            }
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines.stream().map(String::stripTrailing).toList();
    }

    @Test
    void aSentLineIsOnScreenOnceAsTheSessionShowsIt() throws Exception {
        assertThat(typeLine("hello there\r")).isEqualTo("hello there");
        console.print("12:04 [#lan] <me> hello there"); // the session's echo of what was sent
        await().atMost(5, TimeUnit.SECONDS).until(() -> screen().contains("12:04 [#lan] <me> hello there"));
        assertThat(screen()).as("the typed line was erased").containsExactly("12:04 [#lan] <me> hello there");
    }

    @Test
    void tabCompletesCommandsAndNicks() throws Exception {
        assertThat(typeLine("/jo\t#x\r")).isEqualTo("/join #x");
        assertThat(typeLine("hi bo\t\r")).isEqualTo("hi bob ");
        assertThat(typeLine("al\t\r")).isEqualTo("alice: ");
    }

    @Test
    void thePromptChangesWhileALineIsBeingRead() throws Exception {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> console.readLine("[#lan] > "));
        await().atMost(5, TimeUnit.SECONDS).until(() -> prompts() == 1);
        keyboard.write("draft".getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        await().atMost(5, TimeUnit.SECONDS).until(() -> screen().contains("[#lan] > draft"));
        console.prompt("> "); // e.g. the server confirmed the /part of the current channel
        await().atMost(5, TimeUnit.SECONDS).until(() -> screen().equals(List.of("> draft")));
        keyboard.write("\r".getBytes(StandardCharsets.UTF_8));
        keyboard.flush();
        assertThat(line.get(5, TimeUnit.SECONDS)).isEqualTo("draft");
    }
}
