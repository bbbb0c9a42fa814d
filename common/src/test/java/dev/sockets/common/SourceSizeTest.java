package dev.sockets.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.common.testing.SourceSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No main source file of common is over 500 lines; and the check itself finds a file that is. */
class SourceSizeTest {

    @Test
    void everyMainSourceFileFits() {
        SourceSize.assertMainSourcesFit();
    }

    @Test
    void aFileOverTheLimitIsFoundAndOneAtTheLimitIsNot(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(dir.resolve("a/b/Long.java"), "x\n".repeat(SourceSize.MAX_LINES + 1));
        Files.writeString(dir.resolve("a/Fits.java"), "x\n".repeat(SourceSize.MAX_LINES));
        Files.writeString(dir.resolve("a/notes.txt"), "x\n".repeat(SourceSize.MAX_LINES + 1));
        assertThat(SourceSize.tooLong(dir)).containsExactly(dir.resolve("a/b/Long.java") + ": 501 lines");
    }
}
