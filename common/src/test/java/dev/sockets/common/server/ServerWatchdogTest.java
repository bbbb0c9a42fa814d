package dev.sockets.common.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockets.common.net.Endpoint;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A protocol's periodic checks and deadlines run on the server's one watchdog thread, from start to stop. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ServerWatchdogTest {

    @Test
    void checksRunRepeatedlyOnTheWatchdogAndDeadlinesOnceUntilTheServerStops() throws Exception {
        CountDownLatch checks = new CountDownLatch(3);
        String[] checkThread = new String[1];
        Server server = Server.builder("wd").tcp(Endpoint.loopback(0), c -> { })
                .every("test check", Duration.ofMillis(10), () -> {
                    checkThread[0] = Thread.currentThread().getName();
                    checks.countDown();
                })
                .build();
        server.start();
        try {
            assertThat(checks.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(checkThread[0]).isEqualTo("wd-watchdog");
            CountDownLatch deadline = new CountDownLatch(1);
            server.deadline(Duration.ofMillis(20), deadline::countDown);
            assertThat(deadline.await(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
        assertThatThrownBy(() -> server.deadline(Duration.ofMillis(1), () -> { }))
                .isInstanceOf(RejectedExecutionException.class);
    }
}
