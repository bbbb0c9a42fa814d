package dev.sockets.chat.server.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sockets.common.testing.RedisProcess;
import dev.sockets.common.testing.RedisServer;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/** {@link RedisBackplane} against a real redis-server ({@link RedisServer}), a fresh one for every test. */
@Timeout(30)
class RedisBackplaneTest {

    private static final String PREFIX = "sockets:test";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** Long enough never to end a listen in these tests, unless a test is about silence. */
    private static final Duration QUIET_OK = Duration.ofSeconds(60);
    private static final Duration LONG_LEASE = Duration.ofSeconds(60);
    private static final long WAIT_SECONDS = 5;

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    @RegisterExtension
    static final RedisServer redis = RedisServer.eachTest();

    private final List<RedisBackplane> backplanes = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        backplanes.forEach(RedisBackplane::close);
        threads.shutdownNow();
    }

    @Test
    void everyListenerHearsEveryMessageInPublishOrderItsOwnIncluded() throws Exception {
        RedisBackplane a = backplane();
        RedisBackplane b = backplane();
        Listening hearA = new Listening(a, QUIET_OK);
        Listening hearB = new Listening(b, QUIET_OK);
        hearA.awaitSubscribed();
        hearB.awaitSubscribed();

        List<String> sent = IntStream.range(0, 1000).mapToObj(i -> "message " + i).toList();
        // Batches of several sizes: pipelining must keep the order within and across them.
        for (int from = 0, size = 1; from < sent.size(); from += size, size = size * 2 % 97 + 1) {
            a.publish(bytes(sent.subList(from, Math.min(sent.size(), from + size))));
        }

        assertThat(hearA.take(sent.size())).containsExactlyElementsOf(sent);
        assertThat(hearB.take(sent.size())).containsExactlyElementsOf(sent);
    }

    @Test
    void onSubscribedRunsBeforeAnyMessageAndWhatItPublishesIsHeard() throws Exception {
        RedisBackplane listening = backplane();
        RedisBackplane publishing = backplane();
        publishing.publish(bytes(List.of("before anyone listens"))); // heard by nobody
        Queue<String> events = new ConcurrentLinkedQueue<>();
        CountDownLatch firstHeard = new CountDownLatch(1);
        CountDownLatch secondHeard = new CountDownLatch(1);
        Future<?> listen = threads.submit(() -> {
            listening.listen(QUIET_OK, () -> {
                events.add("subscribed");
                try {
                    publishing.publish(bytes(List.of("first")));
                } catch (IOException e) {
                    events.add("publish failed: " + e.getMessage());
                }
            }, message -> {
                String text = new String(message, UTF_8);
                events.add(text);
                (text.equals("first") ? firstHeard : secondHeard).countDown();
            });
            return null;
        });
        assertThat(firstHeard.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("first heard; events %s", events).isTrue();
        publishing.publish(bytes(List.of("second")));
        assertThat(secondHeard.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("second heard; events %s", events).isTrue();

        assertThat(events).containsExactly("subscribed", "first", "second");
        listening.close();
        listen.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void aNickHasOneHolderEvenWhenTwoNodesRaceForIt() throws Exception {
        RedisBackplane a = backplane();
        RedisBackplane b = backplane();
        a.renewLease("A", LONG_LEASE);
        b.renewLease("B", LONG_LEASE);

        assertThat(a.claimNick("alice", "A")).isTrue();
        assertThat(b.claimNick("alice", "B")).isFalse();
        assertThat(a.claimNick("alice", "A")).as("a holder claiming again").isTrue();

        List<Callable<String>> claims = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            RedisBackplane backplane = i % 2 == 0 ? a : b;
            String node = i % 2 == 0 ? "A" : "B";
            claims.add(() -> backplane.claimNick("race", node) ? node : null);
        }
        List<String> winners = new ArrayList<>();
        for (Future<String> claim : threads.invokeAll(claims, WAIT_SECONDS, TimeUnit.SECONDS)) {
            if (claim.get() != null) {
                winners.add(claim.get());
            }
        }
        assertThat(winners).isNotEmpty();
        assertThat(winners).containsOnly(winners.getFirst());
        assertThat(holder("race")).isEqualTo(winners.getFirst());
    }

    @Test
    void theNicksOfANodeWhoseLeaseExpiredAreFree() throws Exception {
        RedisBackplane a = backplane();
        RedisBackplane b = backplane();
        // Short enough to see it run out, long enough for B's two round trips on lazily opened connections
        // to happen within it on a loaded machine.
        a.renewLease("A", Duration.ofSeconds(2));
        b.renewLease("B", LONG_LEASE);
        assertThat(a.claimNick("bob", "A")).isTrue();
        assertThat(b.claimNick("bob", "B")).as("while A's lease runs").isFalse();

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> b.claimNick("bob", "B"));
        assertThat(holder("bob")).isEqualTo("B");
        assertThat(a.claimNick("bob", "A")).as("B holds it now, with a live lease").isFalse();
        assertThat(a.renewLease("A", LONG_LEASE)).as("A learns its lease had run out").isFalse();
        assertThat(a.renewLease("A", LONG_LEASE)).as("and now it runs").isTrue();
    }

    @Test
    void onlyTheHolderReleasesANick() throws Exception {
        RedisBackplane a = backplane();
        RedisBackplane b = backplane();
        a.renewLease("A", LONG_LEASE);
        b.renewLease("B", LONG_LEASE);
        assertThat(a.claimNick("carol", "A")).isTrue();

        b.releaseNick("carol", "B");
        assertThat(holder("carol")).isEqualTo("A");
        assertThat(b.claimNick("carol", "B")).isFalse();

        a.releaseNick("carol", "A");
        assertThat(holder("carol")).isNull();
        assertThat(b.claimNick("carol", "B")).isTrue();
        a.releaseNick("nobody-holds-this", "A");
    }

    @Test
    void leaveReleasesEveryNickOfTheNodeAndEndsItsLease() throws Exception {
        RedisBackplane a = backplane();
        RedisBackplane b = backplane();
        a.renewLease("A", LONG_LEASE);
        b.renewLease("B", LONG_LEASE);
        for (String nick : List.of("dave", "erin", "frank")) {
            assertThat(a.claimNick(nick, "A")).isTrue();
        }
        assertThat(b.claimNick("grace", "B")).isTrue();
        assertThat(b.claimNick("heidi", "C")).as("C never had a lease").isTrue();

        a.leave("A");

        try (Jedis jedis = jedis(redis.port(), null)) {
            // A's own claims and those of dead nodes (C) are gone; live B keeps its own.
            assertThat(jedis.hgetAll(PREFIX + ":nicks")).containsExactly(Map.entry("grace", "B"));
            assertThat(jedis.exists(PREFIX + ":node:A")).isFalse();
            assertThat(jedis.exists(PREFIX + ":node:B")).isTrue();
        }
        assertThat(b.claimNick("dave", "B")).isTrue();
        assertThat(a.claimNick("grace", "A")).isFalse();
    }

    @Test
    void listenFailsWhenRedisDies() throws Exception {
        RedisBackplane a = backplane();
        Listening hear = new Listening(a, QUIET_OK);
        hear.awaitSubscribed();

        long start = System.nanoTime();
        redis.kill();

        IOException failure = hear.awaitFailure();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(WAIT_SECONDS));
        assertThat(failure.getMessage()).startsWith(redis.uri() + ": ").doesNotContain("\n");
        System.out.printf("listen after SIGKILL of redis: %s%n", failure.getMessage());
    }

    @Test
    void listenFailsWhenTheBusIsSilentForTooLong() throws Exception {
        RedisBackplane a = backplane();
        Listening hear = new Listening(a, Duration.ofMillis(300));
        hear.awaitSubscribed();

        IOException failure = hear.awaitFailure();
        assertThat(failure.getMessage()).isEqualTo(redis.uri() + ": no message for 300 ms");
    }

    @Test
    void publishFailsWhileRedisIsDownAndWorksAgainOnceItIsBack() throws Exception {
        RedisBackplane a = backplane();
        a.renewLease("A", LONG_LEASE);
        a.publish(bytes(List.of("while up")));
        assertThat(a.claimNick("heidi", "A")).isTrue();

        redis.stop();

        assertThatThrownBy(() -> a.publish(bytes(List.of("on the dead connection"))))
                .isInstanceOf(IOException.class).hasMessageStartingWith(redis.uri() + ": ");
        assertThatThrownBy(() -> a.publish(bytes(List.of("on a new connection"))))
                .isInstanceOf(IOException.class).hasMessage(redis.uri() + ": Connection refused");
        assertThatThrownBy(() -> a.claimNick("ivan", "A"))
                .isInstanceOf(IOException.class).hasMessage(redis.uri() + ": Connection refused");

        redis.restart();

        RedisBackplane b = backplane();
        Listening hearB = new Listening(b, QUIET_OK);
        hearB.awaitSubscribed();
        a.publish(bytes(List.of("back again")));
        assertThat(hearB.take(1)).containsExactly("back again");
        a.renewLease("A", LONG_LEASE); // Redis lost everything: a node renews its lease and reclaims
        assertThat(a.claimNick("heidi", "A")).isTrue();
    }

    @Test
    void afterARedisRestartThatListenNoticedClaimsWorkAtOnce() throws Exception {
        RedisBackplane a = backplane();
        a.renewLease("A", LONG_LEASE);
        List<Callable<Boolean>> claims = IntStream.range(0, 8)
                .mapToObj(i -> (Callable<Boolean>) () -> a.claimNick("nick" + i, "A")).toList();
        for (Future<Boolean> claim : threads.invokeAll(claims, WAIT_SECONDS, TimeUnit.SECONDS)) {
            assertThat(claim.get()).isTrue(); // and the pool now holds idle connections
        }
        Listening hear = new Listening(a, QUIET_OK);
        hear.awaitSubscribed();

        redis.kill();
        hear.awaitFailure();
        redis.restart();

        // No failure on a connection that died with the old Redis: the node's first steps back just work.
        a.renewLease("A", LONG_LEASE);
        for (Future<Boolean> claim : threads.invokeAll(claims, WAIT_SECONDS, TimeUnit.SECONDS)) {
            assertThat(claim.get()).isTrue();
        }
    }

    @Test
    void closeEndsAListenAtOnce() throws Exception {
        RedisBackplane a = backplane();
        Listening hear = new Listening(a, QUIET_OK);
        hear.awaitSubscribed();

        long start = System.nanoTime();
        a.close();
        hear.listen.get(WAIT_SECONDS, TimeUnit.SECONDS); // returns normally
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // far below QUIET_OK (60 s): close() ends the listen, not its quiet bound; 3 s leaves room for a loaded machine
        assertThat(took).isLessThan(Duration.ofSeconds(3));
        System.out.printf("close() ended listen in %d ms%n", took.toMillis());

        a.close(); // idempotent
        a.listen(QUIET_OK, () -> { }, message -> { }); // returns at once once closed
        assertThatThrownBy(() -> a.publish(bytes(List.of("too late"))))
                .isInstanceOf(IOException.class).hasMessage(redis.uri() + ": closed");
        assertThatThrownBy(() -> a.claimNick("judy", "A")).isInstanceOf(IOException.class);
    }

    @Test
    void aPasswordAndADatabaseComeFromTheUri() throws Exception {
        try (RedisProcess locked = RedisProcess.start("s3cret")) {
            String where = "127.0.0.1:" + locked.port();
            RedisBackplane right = new RedisBackplane(URI.create("redis://:s3cret@" + where + "/3"), PREFIX, TIMEOUT);
            RedisBackplane wrong = new RedisBackplane(URI.create("redis://:hunter2@" + where), PREFIX, TIMEOUT);
            backplanes.addAll(List.of(right, wrong));

            assertThat(right.toString()).isEqualTo("redis://" + where + "/3");
            assertThat(right.claimNick("kim", "A")).isTrue();
            try (Jedis jedis = jedis(locked.port(), "s3cret")) {
                jedis.select(3);
                assertThat(jedis.hget(PREFIX + ":nicks", "kim")).isEqualTo("A");
            }
            assertThatThrownBy(() -> wrong.claimNick("kim", "B"))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("redis://" + where + ": ")
                    .hasMessageNotContaining("hunter2")
                    .hasMessageNotContaining("\n");
            assertThatThrownBy(() -> wrong.publish(bytes(List.of("x"))))
                    .isInstanceOf(IOException.class)
                    .satisfies(e -> System.out.printf("publish with a wrong password: %s%n", e.getMessage()));
        }
    }

    @Test
    void badUrisAreRefusedWithAOneLineReason() {
        for (String bad : List.of("http://localhost:6379", "redis://", "redis:localhost", "localhost:6379",
                "redis://localhost:6379/zero", "redis://localhost/1?timeout=3", "redis://:pa ss@localhost",
                "redis://:secret@localhost:6379/x")) {
            assertThatThrownBy(() -> RedisBackplane.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("\n")
                    .hasMessageNotContaining("secret")
                    .hasMessageNotContaining("pa ss");
        }
        assertThatThrownBy(() -> new RedisBackplane(URI.create("rediss://localhost"), PREFIX, TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redis://");
        assertThat(RedisBackplane.parse(" redis://LocalHost ")).isEqualTo(URI.create("redis://LocalHost"));
        try (RedisBackplane defaults = new RedisBackplane(URI.create("redis://LocalHost"), PREFIX, TIMEOUT)) {
            assertThat(defaults).hasToString("redis://localhost:6379");
        }
    }

    private RedisBackplane backplane() {
        RedisBackplane backplane = new RedisBackplane(redis.uri(), PREFIX, TIMEOUT);
        backplanes.add(backplane);
        return backplane;
    }

    private String holder(String nick) {
        try (Jedis jedis = jedis(redis.port(), null)) {
            return jedis.hget(PREFIX + ":nicks", nick);
        }
    }

    /** A new connection to inspect the data directly; the caller closes it. */
    private static Jedis jedis(int port, String password) {
        var config = DefaultJedisClientConfig.builder()
                .serverDefaultProtocol()
                .timeoutMillis(2000)
                .password(password)
                .build();
        return new Jedis(new HostAndPort("127.0.0.1", port), config);
    }

    private static List<byte[]> bytes(List<String> messages) {
        return messages.stream().map(m -> m.getBytes(UTF_8)).toList();
    }

    /** A {@link Backplane#listen} on a thread of its own, keeping what it hears. */
    private final class Listening {
        final BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        final CountDownLatch subscribed = new CountDownLatch(1);
        final Future<?> listen;

        Listening(RedisBackplane backplane, Duration silence) {
            Consumer<byte[]> keep = message -> heard.add(new String(message, UTF_8));
            listen = threads.submit(() -> {
                backplane.listen(silence, subscribed::countDown, keep);
                return null;
            });
        }

        void awaitSubscribed() throws InterruptedException {
            assertThat(subscribed.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("subscribed").isTrue();
        }

        List<String> take(int count) throws InterruptedException {
            List<String> taken = new ArrayList<>();
            while (taken.size() < count) {
                String next = heard.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                assertThat(next).as("message %d of %d, after %s", taken.size() + 1, count, taken).isNotNull();
                taken.add(next);
            }
            return taken;
        }

        IOException awaitFailure() throws Exception {
            try {
                listen.get(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(IOException.class);
                return (IOException) e.getCause();
            }
            throw new AssertionError("listen returned normally");
        }
    }
}
