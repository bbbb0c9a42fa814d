package dev.sockets.chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.Test;

class ChatCompleterTest {

    private static List<String> complete(Roster roster, String line) {
        List<Candidate> candidates = new ArrayList<>();
        new ChatCompleter(roster::currentNicks).complete(null, new DefaultParser().parse(line, line.length()), candidates);
        return candidates.stream().map(Candidate::value).toList();
    }

    private static Roster lan() {
        Roster roster = new Roster();
        roster.names("#lan", "@alice +Albert bob");
        roster.joined("#lan", "me");
        roster.current("#lan");
        return roster;
    }

    @Test
    void commandsCompleteAfterASlash() {
        assertThat(complete(new Roster(), "/jo")).containsExactly("/join");
        assertThat(complete(new Roster(), "/WH")).containsExactlyInAnyOrder("/who", "/whois");
        assertThat(complete(new Roster(), "/")).containsAll(InputParser.COMMANDS);
    }

    @Test
    void nicksOfTheCurrentChannelCompleteIgnoringCaseAndStatusPrefixes() {
        Roster roster = lan();
        assertThat(complete(roster, "al")).containsExactlyInAnyOrder("alice:", "Albert:"); // addressing someone
        assertThat(complete(roster, "hi AL")).containsExactlyInAnyOrder("alice", "Albert");
        assertThat(complete(roster, "/msg b")).containsExactly("bob");
        roster.current("#elsewhere");
        assertThat(complete(roster, "hi al")).isEmpty();
        roster.current("carol"); // a query
        assertThat(complete(roster, "c")).containsExactly("carol:");
    }

    @Test
    void membershipFollowsJoinPartKickQuitAndNick() {
        Roster roster = lan();
        roster.joined("#lan", "dave");
        roster.left("#lan", "bob");
        roster.quit("Albert");
        roster.renamed("alice", "alicia");
        roster.joined("#other", "erin");
        assertThat(roster.currentNicks()).containsExactlyInAnyOrder("alicia", "me", "dave");
        roster.forget("#lan");
        assertThat(roster.currentNicks()).isEmpty();
    }
}
