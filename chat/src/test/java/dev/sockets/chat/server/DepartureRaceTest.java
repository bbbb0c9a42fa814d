package dev.sockets.chat.server;

import dev.sockets.chat.server.config.ChatConfig;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A user who sees someone PART, get KICKed or QUIT acts on it at once: a message to the channel, NAMES,
 * WHOIS. None of these may still find the departed user. Every round, several members wait for the
 * departure line and then race a channel message, NAMES and WHOIS against each other; the departed user
 * must never receive the message, and NAMES and WHOIS must never list it in the channel. With the line
 * announced before the change, a member can read it, answer, and have its message fanned out to the
 * departed user while it is still a member.
 *
 * <p>Rounds: {@code -Dchat.race.rounds=10000} for a long local run (a few seconds' worth by default).
 */
@Timeout(600)
class DepartureRaceTest {

    private static final int MEMBERS = 6;
    private static final int ROUNDS = Integer.getInteger("chat.race.rounds", 300);

    @Test
    void afterPartKickOrQuitTheDepartedUserIsGoneForEveryone() throws Exception {
        ChatServer chat = TestIrc.start(ChatConfig.builder().floodRate(0).pingInterval(Duration.ofHours(1)).build());
        List<TestIrc> members = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try (TestIrc op = TestIrc.user(chat, "op")) {
            op.ask("JOIN #race");
            for (int i = 0; i < MEMBERS; i++) {
                TestIrc m = TestIrc.user(chat, "m" + i);
                m.ask("JOIN #race");
                members.add(m);
            }
            op.sync();
            TestIrc departing = null;
            int generation = 0;
            for (int round = 0; round < ROUNDS; round++) {
                if (departing == null) {
                    departing = TestIrc.user(chat, "gone" + generation++);
                }
                departing.ask("JOIN #race");
                op.sync();
                for (TestIrc m : members) {
                    m.sync();
                }
                String nick = departing.nick;
                String kind = switch (round % 3) {
                    case 0 -> "PART";
                    case 1 -> "KICK";
                    default -> "QUIT";
                };
                String marker = "after" + round;
                List<Future<List<String>>> reactions = new ArrayList<>();
                for (TestIrc m : members) {
                    reactions.add(pool.submit(() -> react(m, nick, kind, marker)));
                }
                switch (kind) {
                    case "PART" -> departing.send("PART #race");
                    case "KICK" -> op.send("KICK #race " + nick + " :out");
                    default -> departing.send("QUIT :bye");
                }
                for (Future<List<String>> r : reactions) {
                    for (String l : r.get(30, TimeUnit.SECONDS)) {
                        if (listsInRace(l, nick)) {
                            violations.add("round " + round + " " + kind + ": " + l);
                        }
                    }
                }
                op.sync();
                if (kind.equals("QUIT")) {
                    departing.readUntil("ERROR");
                    departing.close();
                    departing = null;
                } else {
                    for (String l : departing.sync()) {
                        if (l.contains("PRIVMSG #race :" + marker)) {
                            violations.add("round " + round + " " + kind + ": " + nick + " got " + l);
                        }
                    }
                }
            }
            if (departing != null) {
                departing.close();
            }
        } finally {
            for (TestIrc m : members) {
                m.close();
            }
            chat.close();
            pool.shutdownNow();
        }
        System.out.println("DepartureRaceTest: rounds=" + ROUNDS + " violations=" + violations.size());
        assertThat(violations).as("rounds: %d", ROUNDS).isEmpty();
    }

    /** Waits for the departure line, then at once messages the channel and asks NAMES and WHOIS. */
    private static List<String> react(TestIrc m, String nick, String kind, String marker) throws Exception {
        m.line.readUntil(l -> l.contains(" " + kind + " ") && (kind.equals("KICK") ? l.contains(" " + nick + " ")
                : l.startsWith(":" + nick + "!")), kind + " of " + nick);
        m.send("PRIVMSG #race :" + marker);
        m.send("NAMES #race");
        m.send("WHOIS " + nick);
        return m.sync();
    }

    /** A NAMES (353) of #race naming {@code nick}, or a WHOIS channel list (319) of it with #race. */
    private static boolean listsInRace(String line, String nick) {
        String[] words = line.split(" ");
        if (words.length > 4 && words[1].equals("353") && words[4].equals("#race")) {
            String names = line.substring(line.indexOf(" :", line.indexOf("#race")) + 2);
            for (String n : names.split(" ")) {
                if (n.replace("@", "").equals(nick)) {
                    return true;
                }
            }
        }
        return words.length > 4 && words[1].equals("319") && words[3].equals(nick) && line.contains("#race");
    }
}
