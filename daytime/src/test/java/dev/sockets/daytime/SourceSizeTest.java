package dev.sockets.daytime;

import dev.sockets.common.testing.SourceSize;
import org.junit.jupiter.api.Test;

/** No main source file of daytime is over 500 lines: a longer one does more than one job. */
class SourceSizeTest {

    @Test
    void everyMainSourceFileFits() {
        SourceSize.assertMainSourcesFit();
    }
}
