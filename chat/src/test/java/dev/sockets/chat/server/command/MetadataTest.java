package dev.sockets.chat.server.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sockets.chat.protocol.IrcLine;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** METADATA (draft/metadata-3) as irctest's metadata_3 tests check it, against a registry and mailboxes. */
class MetadataTest {

    private final Harness h = new Harness();

    private Harness.User user(String nick) {
        Harness.User u = h.registered(nick);
        u.send("CAP REQ :draft/metadata-3 batch").take();
        return u;
    }

    /** The lines between BATCH +id metadata TARGET and BATCH -id, without their batch tag; checks the markers. */
    private static List<String> batch(List<String> got, String target) {
        assertThat(got.get(0)).matches(":irc\\.test BATCH \\+(\\S+) metadata " + java.util.regex.Pattern.quote(target));
        String id = got.get(0).split(" ")[2].substring(1);
        assertThat(got.get(got.size() - 1)).isEqualTo(":irc.test BATCH -" + id);
        List<String> inner = got.subList(1, got.size() - 1);
        assertThat(inner).allMatch(l -> l.startsWith("@batch=" + id + " "));
        return inner.stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
    }

    @Test
    void theCapabilityAnnouncesItsLimits() {
        assertThat(h.new User().ask("CAP LS 302"))
                .anyMatch(l -> l.contains(" draft/metadata-3=max-subs=50,max-keys=20,max-value-bytes=300"));
    }

    @Test
    void setGetListAndUnsetOnesOwn() {
        Harness.User foo = user("foo");
        assertThat(batch(foo.ask("METADATA * GET display-name avatar"), "foo")).containsExactly(
                ":irc.test 766 foo foo display-name :key not set", ":irc.test 766 foo foo avatar :key not set");
        assertThat(batch(foo.ask("METADATA * LIST"), "foo")).isEmpty();
        assertThat(foo.ask("METADATA * SET display-name :Foo The First"))
                .containsExactly(":irc.test 761 foo foo display-name * :Foo The First");
        assertThat(foo.ask("METADATA foo SET display-name :Foo The Second"))
                .containsExactly(":irc.test 761 foo foo display-name * :Foo The Second");
        assertThat(batch(foo.ask("METADATA FOO GET display-name"), "foo"))
                .containsExactly(":irc.test 761 foo foo display-name * :Foo The Second");
        foo.send("METADATA * SET avatar :https://example.com/a.png").take();
        assertThat(batch(foo.ask("METADATA * LIST"), "foo")).containsExactly(
                ":irc.test 761 foo foo display-name * :Foo The Second", ":irc.test 761 foo foo avatar * :https://example.com/a.png");
        assertThat(foo.ask("METADATA * SET display-name")).containsExactly(":irc.test 766 foo foo display-name :key not set");
        assertThat(batch(foo.ask("METADATA * CLEAR"), "foo")).containsExactly(":irc.test 766 foo foo avatar :key not set");
        assertThat(batch(foo.ask("METADATA * LIST"), "foo")).isEmpty();
    }

    @Test
    void othersReadButNeverWriteAndWhoisShowsIt() {
        Harness.User foo = user("foo");
        Harness.User bar = user("bar");
        bar.send("METADATA * SET color :#c90076").take();
        assertThat(foo.ask("METADATA bar SET display-name :Totally Not Foo"))
                .containsExactly(":irc.test FAIL METADATA KEY_NO_PERMISSION bar display-name :You may change only your own metadata");
        assertThat(foo.ask("METADATA bar CLEAR"))
                .containsExactly(":irc.test FAIL METADATA KEY_NO_PERMISSION bar * :You may change only your own metadata");
        assertThat(bar.take()).isEmpty();
        assertThat(batch(foo.ask("METADATA bar GET color"), "bar")).containsExactly(":irc.test 761 foo bar color * :#c90076");
        assertThat(foo.ask("WHOIS bar")).contains(":irc.test 760 foo bar color * :#c90076");
        Harness.User plain = h.registered("plain");
        assertThat(plain.ask("WHOIS bar")).noneMatch(l -> l.contains(" 760 "));
    }

    @Test
    void badTargetsKeysAndValuesAreRefused() {
        Harness.User foo = user("foo");
        assertThat(foo.ask("METADATA foobar LIST"))
                .containsExactly(":irc.test FAIL METADATA INVALID_TARGET foobar :No such nick or channel");
        assertThat(foo.ask("METADATA * SET Bad!Key :x")).containsExactly(":irc.test FAIL METADATA KEY_INVALID Bad!Key :Invalid key");
        assertThat(foo.ask("METADATA * SET k :" + "abcd".repeat(120)))
                .containsExactly(":irc.test FAIL METADATA INVALID_VALUE k :A value is UTF-8 of at most 300 bytes");
        byte[] latin1 = "METADATA * SET k :caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        h.table.dispatch(foo.client, IrcLine.parse(latin1, 0, latin1.length));
        assertThat(foo.take()).containsExactly(":irc.test FAIL METADATA INVALID_VALUE k :A value is UTF-8 of at most 300 bytes");
        assertThat(foo.ask("METADATA * SET heart :->\uD83D\uDC9C<-")).containsExactly(":irc.test 761 foo foo heart * :->\uD83D\uDC9C<-");
        for (int i = 1; i < 20; i++) {
            foo.send("METADATA * SET k" + i + " :v");
        }
        foo.take();
        assertThat(foo.ask("METADATA * SET k20 :v")).containsExactly(":irc.test FAIL METADATA LIMIT_REACHED foo :At most 20 keys");
        assertThat(foo.ask("METADATA * NOPE")).containsExactly(":irc.test FAIL METADATA SUBCOMMAND_INVALID NOPE :Unknown METADATA subcommand");
    }

    @Test
    void subscribersHearOfChangesOfThoseTheyShareAChannelWith() {
        Harness.User foo = user("foo");
        Harness.User bar = user("bar");
        assertThat(bar.ask("METADATA * SUB avatar display-name")).containsExactly(":irc.test 770 bar avatar display-name");
        foo.send("METADATA * SET display-name :Before").take();
        assertThat(bar.take()).as("no channel shared").isEmpty();
        foo.send("JOIN #chan").take();
        List<String> joined = bar.ask("JOIN #chan");
        assertThat(joined).filteredOn(l -> l.contains(" 761 ")).containsExactly(":irc.test 761 bar foo display-name * :Before");
        foo.send("METADATA * SET display-name :After").take();
        assertThat(bar.take()).containsExactly(":irc.test 761 bar foo display-name * :After");
        foo.send("METADATA * SET display-name").take();
        assertThat(bar.take()).containsExactly(":irc.test 766 bar foo display-name :key not set");
        foo.send("METADATA * SET other :x").take();
        assertThat(bar.take()).as("not subscribed").isEmpty();
        assertThat(batch(bar.ask("METADATA * SUBS"), "bar")).containsExactly(":irc.test 772 bar avatar display-name");
        assertThat(bar.ask("METADATA * UNSUB avatar display-name")).containsExactly(":irc.test 771 bar avatar display-name");
        foo.send("METADATA * SET display-name :Again").take();
        assertThat(bar.take()).isEmpty();
    }

    @Test
    void channelMetadataIsForOperatorsToSetAndMembersOfClosedChannelsToRead() {
        Harness.User foo = user("foo");
        Harness.User bar = user("bar");
        foo.send("JOIN #chan").take();
        bar.send("METADATA * SUB display-name").send("JOIN #chan").take();
        foo.take();
        assertThat(foo.ask("METADATA #chan SET display-name :Hash Channel"))
                .containsExactly(":irc.test 761 foo #chan display-name * :Hash Channel");
        assertThat(bar.take()).containsExactly(":irc.test 761 bar #chan display-name * :Hash Channel");
        assertThat(bar.ask("METADATA #chan SET display-name :Sharp Channel"))
                .containsExactly(":irc.test FAIL METADATA KEY_NO_PERMISSION #chan display-name :You're not channel operator");
        assertThat(batch(bar.ask("METADATA #chan LIST"), "#chan")).containsExactly(":irc.test 761 bar #chan display-name * :Hash Channel");
        assertThat(batch(bar.ask("METADATA #chan SYNC"), "#chan")).containsExactly(":irc.test 761 bar #chan display-name * :Hash Channel");

        Harness.User outsider = user("outsider");
        outsider.send("METADATA * SUB display-name").take();
        foo.send("MODE #chan +i").take();
        for (String sub : List.of("GET display-name", "LIST", "SYNC")) {
            assertThat(outsider.ask("METADATA #chan " + sub))
                    .containsExactly(":irc.test FAIL METADATA KEY_NO_PERMISSION #chan * :The metadata of this channel is for its members");
        }
        assertThat(batch(foo.ask("METADATA #chan CLEAR"), "#chan")).containsExactly(":irc.test 766 foo #chan display-name :key not set");
    }
}
