package dev.sockets.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sockets.common.testing.LineClient;
import dev.sockets.common.testing.RedisServer;
import dev.sockets.it.harness.ExternalProcess;
import dev.sockets.it.harness.IrcPeer;
import dev.sockets.it.harness.Irssi;
import dev.sockets.it.harness.OurServer;
import dev.sockets.it.harness.Suite;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several chat servers forming one network through a real {@code redis-server} (issue 12), run the way
 * users run them: {@code chat server --cluster redis://127.0.0.1:P --node-name nX}, with raw IRC clients
 * on plain sockets. Three nodes live for the whole class; the tests that stop or kill a node start their
 * own extra one. The lease is 2 s so that a killed node is noticed quickly; flood control is off so a
 * burst of 100 lines is not paced.
 */
@Timeout(60)
class ClusterIT {

    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(10);
    /**
     * Time for a node's last heartbeat (every lease/4) to age past the lease, for the next check to see it and
     * for the QUIT to travel through Redis and another JVM to the client: milliseconds each, but seconds on a
     * loaded machine. "silent for" in the log is what proves the lease found the dead node.
     */
    private static final Duration KILL_MARGIN = Duration.ofSeconds(8);
    private static final String SPLIT = "*.net *.split";

    @TempDir
    static Path dir;

    /** Started before {@link #startNetwork} and killed after {@link #stopNetwork}, once the nodes are gone. */
    @RegisterExtension
    static final RedisServer redis = new RedisServer();

    static OurServer n1;
    static OurServer n2;
    static OurServer n3;

    @BeforeAll
    static void startNetwork() throws IOException {
        List<OurServer> nodes = startNodes("n1", "n2", "n3");
        n1 = nodes.get(0);
        n2 = nodes.get(1);
        n3 = nodes.get(2);
    }

    @AfterAll
    static void stopNetwork() {
        try {
            // each node leaves the network and still stops the way every server promises
            for (OurServer node : new OurServer[] {n3, n2, n1}) {
                if (node != null) {
                    Map<String, Long> stats = node.stop();
                    assertThat(stats).as("stats of %s", node.process().describe()).containsEntry("clients", 0L);
                }
            }
        } finally {
            for (OurServer node : new OurServer[] {n1, n2, n3}) {
                if (node != null) {
                    node.close();
                }
            }
        }
    }

    @Test
    void usersOnDifferentNodesTalkInAChannelAndPrivatelyInOrder() throws IOException {
        try (IrcPeer alice = IrcPeer.register(n1.endpoint(), "alice").join("#talk");
                IrcPeer bob = IrcPeer.register(n2.endpoint(), "bob").join("#talk")) {
            awaitNames(alice, "alice", "#talk", "alice", "bob");
            awaitNames(bob, "bob", "#talk", "alice", "bob");

            for (int i = 0; i < 100; i++) {
                alice.send("PRIVMSG #talk :m" + i);
            }
            for (int i = 0; i < 100; i++) {
                assertThat(bob.await("PRIVMSG")).isEqualTo(":alice!alice@127.0.0.1 PRIVMSG #talk :m" + i);
            }
            for (int i = 0; i < 100; i++) {
                bob.send("PRIVMSG alice :p" + i);
            }
            for (int i = 0; i < 100; i++) {
                assertThat(alice.await("PRIVMSG")).isEqualTo(":bob!bob@127.0.0.1 PRIVMSG alice :p" + i);
            }
            bob.send("PRIVMSG #talk :hello n1, from n2");
            assertThat(alice.await("PRIVMSG")).isEqualTo(":bob!bob@127.0.0.1 PRIVMSG #talk :hello n1, from n2");

            // each line once: nothing more came after the last one
            alice.send("PRIVMSG bob :the end");
            assertThat(bob.await("PRIVMSG bob")).isEqualTo(":alice!alice@127.0.0.1 PRIVMSG bob :the end");
            assertThat(bob.line().seen()).filteredOn(l -> l.contains(" PRIVMSG ")).hasSize(101);
            assertThat(alice.line().seen()).filteredOn(l -> l.contains(" PRIVMSG ")).hasSize(101);
        }
    }

    @Test
    void aNickInUseOnAnotherNodeGets433() throws IOException {
        try (IrcPeer holder = IrcPeer.register(n1.endpoint(), "holder");
                LineClient newcomer = LineClient.connect(n2.endpoint()).timeout(WAIT);
                IrcPeer roamer = IrcPeer.register(n3.endpoint(), "roamer")) {
            // before registration: nicks are compared case-insensitively across the network too
            newcomer.send("NICK Holder");
            assertThat(newcomer.readUntilContains(" 433 ")).endsWith(" 433 * Holder :Nickname is already in use");
            newcomer.send("NICK newcomer").send("USER newcomer 0 * :newcomer");
            newcomer.readUntilContains(" 001 newcomer ");

            // a registered user's NICK change on a third node
            roamer.send("NICK holder");
            assertThat(roamer.await(" 433 ")).endsWith(" 433 roamer holder :Nickname is already in use");

            // once its holder quits, the nick is free network-wide
            holder.send("QUIT :done");
            holder.await("ERROR");
            within(WAIT, "'holder' free on n3 after its holder quit on n1", () -> changeNick(roamer, "holder"));
        }
    }

    @Test
    void irssiOnOneNodeTalksWithAUserOnAnother() throws IOException {
        try (IrcPeer raw = IrcPeer.register(n2.endpoint(), "rawpeer").join("#irc");
                Irssi irssi = Irssi.start(dir, n1.port(), "irssinode", "#irc")) {
            raw.explainWith(irssi::describe);
            assertThat(raw.await("JOIN")).as("irssi registered on n1 and joined; n2 relays it")
                    .matches(":irssinode!\\S+ JOIN :?#irc");
            irssi.awaitLog("Total of 2 nicks", WAIT); // n1's NAMES lists rawpeer of n2

            irssi.type("/window goto #irc");
            irssi.type("hello across the network");
            assertThat(raw.await("PRIVMSG #irc")).matches(":irssinode!\\S+ PRIVMSG #irc :hello across the network");
            raw.send("PRIVMSG #irc :hello irssi, from n2");
            irssi.awaitLog("rawpeer> hello irssi, from n2", WAIT);

            irssi.type("/quit see you");
            assertThat(raw.await(" QUIT ")).startsWith(":irssinode!").contains("see you");
            irssi.awaitEnded(WAIT);
        }
    }

    @Test
    void namesWhoWhoisAndListShowTheUsersOfEveryNode() throws IOException {
        try (IrcPeer u1 = IrcPeer.register(n1.endpoint(), "u1").join("#all");
                IrcPeer u2 = IrcPeer.register(n2.endpoint(), "u2").join("#all");
                IrcPeer u3 = IrcPeer.register(n3.endpoint(), "u3").join("#all")) {
            awaitNames(u1, "u1", "#all", "u1", "u2", "u3");
            awaitNames(u2, "u2", "#all", "u1", "u2", "u3");
            awaitNames(u3, "u3", "#all", "u1", "u2", "u3");

            u1.send("WHOIS u3");
            assertThat(u1.await(" 312 ")).as("the node u3 is on").contains(" 312 u1 u3 n3 :");
            u1.await(" 318 ");

            u2.send("WHO #all");
            List<String> who = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                who.add(u2.await(" 352 "));
            }
            u2.await(" 315 ");
            assertThat(who).anyMatch(l -> l.contains(" 352 u2 #all u1 127.0.0.1 n1 u1 "))
                    .anyMatch(l -> l.contains(" 352 u2 #all u3 127.0.0.1 n3 u3 "))
                    .anyMatch(l -> l.contains(" u2 H"));

            u3.send("LIST #all");
            assertThat(u3.await(" 322 ")).contains(" 322 u3 #all 3 ");
            u3.await(" 323 ");
        }
    }

    @Test
    void aKilledNodesUsersQuitEverywhereWithinTheLease() throws IOException {
        try (OurServer n4 = startNodes("n4").get(0);
                IrcPeer victim = IrcPeer.register(n4.endpoint(), "victim").join("#kill");
                IrcPeer w1 = IrcPeer.register(n1.endpoint(), "w1").join("#kill");
                IrcPeer w2 = IrcPeer.register(n2.endpoint(), "w2").join("#kill")) {
            awaitNames(w1, "w1", "#kill", "victim", "w1", "w2");
            awaitNames(w2, "w2", "#kill", "victim", "w1", "w2");

            long killed = System.nanoTime();
            ProcessHandle.of(n4.process().pid()).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL
            Duration deadline = LEASE.plus(KILL_MARGIN);
            for (IrcPeer watcher : List.of(w1, w2)) {
                String quit = awaitLine(watcher, " QUIT ", remaining(killed, deadline));
                assertThat(quit).isEqualTo(":victim!victim@127.0.0.1 QUIT :" + SPLIT);
            }
            assertThat(n4.process().awaitExit(WAIT)).as("killed").isEqualTo(128 + 9);
            n1.process().awaitStderr("chat: cluster: node n4 silent for ", WAIT);

            // its nicks went with its lease
            within(WAIT, "'victim' free on n1 after n4 died", () -> changeNick(w1, "victim"));
        }
    }

    @Test
    void aStoppedNodesUsersQuitEverywhereAtOnceAndItStopsCleanly() throws IOException {
        try (OurServer n5 = startNodes("n5").get(0);
                IrcPeer leaver = IrcPeer.register(n5.endpoint(), "leaver").join("#term");
                IrcPeer w1 = IrcPeer.register(n1.endpoint(), "t1").join("#term");
                IrcPeer w3 = IrcPeer.register(n3.endpoint(), "t3").join("#term")) {
            awaitNames(w1, "t1", "#term", "leaver", "t1", "t3");
            awaitNames(w3, "t3", "#term", "leaver", "t1", "t3");

            long stopped = System.nanoTime();
            n5.terminate();
            // The node says goodbye at once: signal, shutdown hook, Redis, another JVM, the client. Milliseconds,
            // but a loaded machine can stretch that past the lease, so the wait is WAIT; what proves it was the
            // goodbye and not the lease running out is the log below: 'left the network', never 'silent'.
            for (IrcPeer watcher : List.of(w1, w3)) {
                String quit = awaitLine(watcher, " QUIT ", remaining(stopped, WAIT));
                assertThat(quit).isEqualTo(":leaver!leaver@127.0.0.1 QUIT :" + SPLIT);
            }
            leaver.await("ERROR");
            leaver.line().awaitClosed();
            Map<String, Long> stats = n5.awaitStopped();
            assertThat(stats).containsEntry("disconnects_shutdown", 1L).containsEntry("clients", 0L);
            String log = n1.process().awaitStderr("chat: cluster: node n5 left the network", WAIT);
            assertThat(log).doesNotContain("node n5 silent");
        }
    }

    @Test
    void withoutRedisEachNodeServesItsOwnUsersAndTheNetworkHealsWhenRedisIsBack() throws IOException, InterruptedException {
        try (IrcPeer alice = IrcPeer.register(n1.endpoint(), "salice").join("#split");
                IrcPeer carol = IrcPeer.register(n1.endpoint(), "scarol").join("#split");
                IrcPeer bob = IrcPeer.register(n2.endpoint(), "sbob").join("#split")) {
            awaitNames(alice, "salice", "#split", "salice", "scarol", "sbob");
            awaitNames(bob, "sbob", "#split", "salice", "scarol", "sbob");
            int rejoinedBefore = count(n1.process().stderr(), "rejoined the network");

            redis.stop();
            assertThat(alice.await("NOTICE")).startsWith(":n1.it.localhost NOTICE salice :*** Network split");
            assertThat(alice.await(" QUIT ")).isEqualTo(":sbob!sbob@127.0.0.1 QUIT :" + SPLIT);
            assertThat(bob.await("NOTICE")).startsWith(":n2.it.localhost NOTICE sbob :*** Network split");
            assertThat(Set.of(bob.await(" QUIT "), bob.await(" QUIT "))).containsExactlyInAnyOrder(
                    ":salice!salice@127.0.0.1 QUIT :" + SPLIT, ":scarol!scarol@127.0.0.1 QUIT :" + SPLIT);

            // local service goes on
            carol.send("PRIVMSG #split :still here");
            assertThat(alice.await("PRIVMSG")).isEqualTo(":scarol!scarol@127.0.0.1 PRIVMSG #split :still here");
            alice.send("PRIVMSG scarol :me too");
            assertThat(carol.await("PRIVMSG")).isEqualTo(":salice!salice@127.0.0.1 PRIVMSG scarol :me too");

            redis.restart();
            assertThat(alice.await("NOTICE")).startsWith(":n1.it.localhost NOTICE salice :*** Network rejoined");
            assertThat(alice.await(" JOIN ")).isEqualTo(":sbob!sbob@127.0.0.1 JOIN #split");
            assertThat(bob.await("NOTICE")).startsWith(":n2.it.localhost NOTICE sbob :*** Network rejoined");
            assertThat(Set.of(bob.await(" JOIN "), bob.await(" JOIN "))).containsExactlyInAnyOrder(
                    ":salice!salice@127.0.0.1 JOIN #split", ":scarol!scarol@127.0.0.1 JOIN #split");
            for (OurServer node : List.of(n1, n2, n3)) {
                String name = node == n1 ? "n1" : node == n2 ? "n2" : "n3";
                node.process().awaitStderr("chat: cluster: node " + name + " rejoined the network through "
                        + redis.uri(), WAIT);
            }
            // At least once: a heartbeat missed under load may split and rejoin once more; the heal itself is
            // proven by the notices, the JOINs and the messages that flow again.
            assertThat(count(n1.process().stderr(), "rejoined the network")).isGreaterThanOrEqualTo(rejoinedBefore + 1);

            alice.send("PRIVMSG #split :back");
            assertThat(bob.await("PRIVMSG")).isEqualTo(":salice!salice@127.0.0.1 PRIVMSG #split :back");
            alice.send("PRIVMSG sbob :back, privately");
            assertThat(bob.await("PRIVMSG")).isEqualTo(":salice!salice@127.0.0.1 PRIVMSG sbob :back, privately");
            bob.send("PRIVMSG #split :welcome back");
            assertThat(alice.await("PRIVMSG")).isEqualTo(":sbob!sbob@127.0.0.1 PRIVMSG #split :welcome back");
            // carol, on alice's node, saw alice's line first
            assertThat(carol.await("PRIVMSG")).isEqualTo(":salice!salice@127.0.0.1 PRIVMSG #split :back");
            assertThat(carol.await("PRIVMSG")).isEqualTo(":sbob!sbob@127.0.0.1 PRIVMSG #split :welcome back");
        }
    }

    @Test
    void badClusterOptionsExitTwoWithOneLineAndNoStackTrace() {
        try (ExternalProcess badUri = Suite.CHAT.start("server", "--bind", "127.0.0.1", "--port", "0",
                        "--cluster", "http://x");
                ExternalProcess nodeNameAlone = Suite.CHAT.start("server", "--bind", "127.0.0.1", "--port", "0",
                        "--node-name", "n1")) {
            assertUsageError(badUri, "--cluster: .*redis://.*");
            assertUsageError(nodeNameAlone, "--node-name needs --cluster");
        }
    }

    /** Exit 2, the error on one line and the usual hint; nothing else (no stack trace). */
    private static void assertUsageError(ExternalProcess p, String message) {
        assertThat(p.awaitExit(WAIT)).as(p.describe()).isEqualTo(2);
        List<String> lines = p.stderr().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as(p.describe()).hasSize(2);
        assertThat(lines.get(0)).as(p.describe()).matches("chat server: " + message);
        assertThat(lines.get(1)).as(p.describe()).isEqualTo("Try 'sockets chat server --help' for more information.");
        assertThat(p.stdout()).as(p.describe()).isEmpty();
    }

    // --- helpers ---

    /**
     * Starts {@code chat server} nodes in parallel (each a JVM to boot) and waits until each has joined the
     * network; on any failure the others are stopped.
     */
    private static List<OurServer> startNodes(String... names) {
        List<OurServer> started = new ArrayList<>();
        AssertionError failure = null;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<OurServer>> futures = new ArrayList<>();
            for (String name : names) {
                futures.add(pool.submit(() -> startNode(name)));
            }
            for (Future<OurServer> f : futures) {
                try {
                    started.add(f.get());
                } catch (ExecutionException e) {
                    AssertionError error = e.getCause() instanceof AssertionError a ? a
                            : new AssertionError("starting a node failed", e.getCause());
                    if (failure == null) {
                        failure = error;
                    } else {
                        failure.addSuppressed(error);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted starting nodes", e);
                }
            }
        }
        if (failure != null) {
            started.forEach(OurServer::close);
            throw failure;
        }
        return started;
    }

    private static OurServer startNode(String name) {
        OurServer node = OurServer.start(Suite.CHAT, "--name", name + ".it.localhost", "--cluster", redis.uri().toString(),
                "--node-name", name, "--cluster-lease", LEASE.toSeconds() + "s", "--flood-rate", "0");
        try {
            node.process().awaitStderr("chat: cluster: node " + name + " joined the network", WAIT);
            return node;
        } catch (AssertionError e) {
            node.close();
            throw e;
        }
    }

    /**
     * Asks NAMES until {@code channel} lists every one of {@code nicks}: the other nodes' JOINs reach this
     * node's replica asynchronously.
     */
    private static void awaitNames(IrcPeer peer, String self, String channel, String... nicks) {
        within(WAIT, self + " sees " + List.of(nicks) + " in " + channel,
                () -> names(peer, self, channel).containsAll(List.of(nicks)));
    }

    private static Set<String> names(IrcPeer peer, String self, String channel) throws IOException {
        peer.send("NAMES " + channel);
        Set<String> names = new HashSet<>();
        while (true) {
            String line = peer.line().readUntil(l -> l.contains(" 353 " + self + " ")
                    || l.contains(" 366 " + self + " " + channel + " "), "NAMES " + channel);
            if (line.contains(" 366 ")) {
                return names;
            }
            for (String nick : line.substring(line.indexOf(" :") + 2).split(" ")) {
                names.add(nick.replaceFirst("^[@+]", ""));
            }
        }
    }

    /** Changes {@code peer}'s nick: true when done, false on 433 (in use). */
    private static boolean changeNick(IrcPeer peer, String nick) throws IOException {
        peer.send("NICK " + nick);
        String reply = peer.line().readUntil(l -> l.endsWith(" NICK :" + nick) || l.contains(" 433 "),
                "NICK " + nick + " done or 433");
        return !reply.contains(" 433 ");
    }

    /** Polls {@code condition} (which may talk to a server) until true, failing after {@code atMost}. */
    private static void within(Duration atMost, String what, Callable<Boolean> condition) {
        try {
            await(what).atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not within " + atMost + ": " + what, e);
        }
    }

    /** The next line of {@code peer} containing {@code text}, read within {@code atMost}. */
    private static String awaitLine(IrcPeer peer, String text, Duration atMost) throws IOException {
        LineClient line = peer.line();
        line.timeout(atMost.isNegative() || atMost.isZero() ? Duration.ofMillis(1) : atMost);
        try {
            return line.readUntilContains(text);
        } finally {
            line.timeout(WAIT);
        }
    }

    private static Duration remaining(long sinceNanos, Duration budget) {
        return budget.minusNanos(System.nanoTime() - sinceNanos);
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
