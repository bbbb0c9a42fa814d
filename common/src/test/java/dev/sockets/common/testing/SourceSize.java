package dev.sockets.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The project's rule that no main source file is longer than {@value #MAX_LINES} lines (a longer one does
 * more than one job), checked by a test in each module over its own {@code src/main/java}.
 */
public final class SourceSize {

    public static final int MAX_LINES = 500;

    private SourceSize() {
    }

    /** The Java files under {@code root} longer than {@value #MAX_LINES} lines, as {@code path: N lines}. */
    public static List<String> tooLong(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted()
                    .map(p -> p + ": " + lines(p) + " lines")
                    .filter(s -> Integer.parseInt(s.substring(s.lastIndexOf(": ") + 2, s.length() - " lines".length()))
                            > MAX_LINES)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails unless every Java file of this module's {@code src/main/java} (the working directory's) fits. */
    public static void assertMainSourcesFit() {
        Path main = Path.of("src/main/java");
        assertThat(main).as("run from the module's directory").isDirectory();
        assertThat(tooLong(main)).as("main source files over " + MAX_LINES + " lines: split them by job").isEmpty();
    }

    private static long lines(Path file) {
        try (Stream<String> l = Files.lines(file)) {
            return l.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
