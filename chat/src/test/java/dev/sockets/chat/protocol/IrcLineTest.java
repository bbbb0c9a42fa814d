package dev.sockets.chat.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IrcLineTest {

    private static String wire(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void parsesCommandAndParams() {
        IrcLine l = IrcLine.parse("privmsg #chan :hello there ");
        assertThat(l.prefix()).isNull();
        assertThat(l.command()).isEqualTo("PRIVMSG");
        assertThat(l.params()).containsExactly("#chan", "hello there ");
    }

    @Test
    void ignoresClientPrefixLeadingAndRepeatedSpaces() {
        IrcLine l = IrcLine.parse("  :nick!u@h   JOIN    #a,#b   key   ");
        assertThat(l.prefix()).isEqualTo("nick!u@h");
        assertThat(l.command()).isEqualTo("JOIN");
        assertThat(l.params()).containsExactly("#a,#b", "key");
    }

    @Test
    void emptyTrailingIsAParameter() {
        assertThat(IrcLine.parse("TOPIC #c :").params()).containsExactly("#c", "");
    }

    @Test
    void blankOrPrefixOnlyLinesAreNull() {
        assertThat(IrcLine.parse("")).isNull();
        assertThat(IrcLine.parse("    ")).isNull();
        assertThat(IrcLine.parse(":prefix")).isNull();
        assertThat(IrcLine.parse(":prefix   ")).isNull();
    }

    @Test
    void fifteenthParameterTakesTheRestOfTheLine() {
        IrcLine l = IrcLine.parse("CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16");
        assertThat(l.params()).hasSize(15);
        assertThat(l.param(14)).isEqualTo("15 16");
    }

    @Test
    void keepsEveryByteValue() {
        byte[] raw = {'P', 'R', 'I', 'V', 'M', 'S', 'G', ' ', '#', 'c', ' ', ':', (byte) 0xff, 0, (byte) 0xc3, (byte) 0x28};
        IrcLine l = IrcLine.parse(raw, 0, raw.length);
        byte[] out = IrcLine.formatTrailing("n!u@h", l.command(), l.params().toArray(String[]::new));
        assertThat(wire(out)).isEqualTo(":n!u@h PRIVMSG #c :" + wire(new byte[] {(byte) 0xff, 0, (byte) 0xc3, 0x28}) + "\r\n");
    }

    @Test
    void upperCasesOnlyAsciiInCommands() {
        assertThat(IrcLine.parse("\u00dfping x").command()).isEqualTo("\u00dfPING");
    }

    @Test
    void formatsWithColonOnlyWhereNeeded() {
        assertThat(wire(IrcLine.format("srv", "PONG", false, "srv", "tok"))).isEqualTo(":srv PONG srv tok\r\n");
        assertThat(wire(IrcLine.format(null, "PART", false, "#c", "two words"))).isEqualTo("PART #c :two words\r\n");
        assertThat(wire(IrcLine.format(null, "X", false, ":colon"))).isEqualTo("X ::colon\r\n");
        assertThat(wire(IrcLine.format(null, "X", false, ""))).isEqualTo("X :\r\n");
        assertThat(wire(IrcLine.formatTrailing("s", "001", "nick", "Welcome"))).isEqualTo(":s 001 nick :Welcome\r\n");
    }

    @Test
    void formatNeverSplitsALineAndTruncatesTo512() {
        assertThat(wire(IrcLine.formatTrailing(null, "NOTICE", "a", "x\r\ny"))).isEqualTo("NOTICE a :x  y\r\n");
        byte[] out = IrcLine.formatTrailing("server", "PRIVMSG", "#c", "y".repeat(1000));
        assertThat(out).hasSize(512);
        assertThat(wire(out)).startsWith(":server PRIVMSG #c :yyy").endsWith("y\r\n");
    }

    @Test
    void toStringIsTheWireFormWithoutCrlf() {
        assertThat(IrcLine.parse(":p NICK new").toString()).isEqualTo(":p NICK new");
    }

    /** Fuzz cases per test: 100 000 by default; {@code -Dchat.fuzz.cases=N} or {@code mvn -Pfuzz} for more. */
    private static final int CASES = Integer.getInteger("chat.fuzz.cases", 100_000);

    /** Random lines: parsing never throws, formatting always yields one well-formed line, and round-trips. */
    @Test
    void fuzzRandomBytes() {
        Random random = new Random(0x5eed);
        byte[] alphabet = {' ', ' ', ':', 'a', 'Z', '#', ',', 0, (byte) 0xff, (byte) 0xc3, '!', '@', '1'};
        for (int i = 0; i < CASES; i++) {
            byte[] b = new byte[random.nextInt(300)];
            for (int k = 0; k < b.length; k++) {
                byte v;
                do {
                    v = random.nextBoolean() ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
                } while (v == '\r' || v == '\n');
                b[k] = v;
            }
            checkParseAndFormat(b);
        }
    }

    /** Valid lines with random insertions, deletions and replacements: same guarantees. */
    @Test
    void fuzzMutatedValidLines() {
        Random random = new Random(0xbeef);
        String[] valid = {":nick!user@host PRIVMSG #chan :hello there", "NICK alice", "USER a 0 * :Real Name",
                "JOIN #a,#b key", "MODE #c +o bob", "CAP LS 302", "PING :token", "TOPIC #c :new topic",
                "KICK #c bob :bye", "QUIT :Quit: gone", ":irc.local 001 alice :Welcome", "WHO #c",
                "CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16", "PRIVMSG a :" + "x".repeat(490)};
        byte[] specials = {0, ' ', ':', ',', '#', '!', '@', (byte) 0xff, (byte) 0x80};
        for (int i = 0; i < CASES; i++) {
            StringBuilder sb = new StringBuilder(valid[random.nextInt(valid.length)]);
            int edits = 1 + random.nextInt(5);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(sb.length() + 1);
                char c = (char) (random.nextBoolean() ? specials[random.nextInt(specials.length)] & 0xff : random.nextInt(256));
                if (c == '\r' || c == '\n') {
                    c = ' ';
                }
                switch (random.nextInt(3)) {
                    case 0 -> sb.insert(at, c);
                    case 1 -> {
                        if (at < sb.length()) {
                            sb.deleteCharAt(at);
                        }
                    }
                    default -> {
                        if (at < sb.length()) {
                            sb.setCharAt(at, c);
                        }
                    }
                }
            }
            byte[] b = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
            checkParseAndFormat(b);
        }
    }

    private static void checkParseAndFormat(byte[] b) {
        IrcLine l = IrcLine.parse(b, 0, b.length);
        if (l == null) {
            return;
        }
        byte[] out = l.toBytes();
        // Plain checks: AssertJ per byte would make 200k cases take many seconds.
        int tagged = 0;
        while (!l.tags().isEmpty() && out[tagged++] != ' ') {
            // the tag section does not count against the 512 bytes
        }
        boolean wellFormed = out.length - tagged <= IrcLine.MAX_LINE && out[out.length - 2] == '\r'
                && out[out.length - 1] == '\n';
        for (int k = 0; k < out.length - 2 && wellFormed; k++) {
            wellFormed = out[k] != '\r' && out[k] != '\n';
        }
        if (!wellFormed) {
            throw new AssertionError("malformed output for " + l + ": " + wire(out));
        }
        if (l.command().startsWith("@")) {
            return; // "@a @b": a command that looks like tags has no wire form (it is answered 421)
        }
        IrcLine again = IrcLine.parse(out, 0, out.length - 2);
        if (!l.equals(again)) {
            throw new AssertionError("round trip changed " + l + " into " + again);
        }
    }

    @Test
    void tagsAreParsedUnescapedAndWrittenBackEscaped() {
        IrcLine l = IrcLine.parse("@+buzz=fizz\\:buzz;cat=dog;+e=a\\sb\\\\c\\;flag :n!u@h TAGMSG #test");
        org.assertj.core.api.Assertions.assertThat(l.tags()).containsExactly(
                java.util.Map.entry("+buzz", "fizz;buzz"), java.util.Map.entry("cat", "dog"),
                java.util.Map.entry("+e", "a b\\c"), java.util.Map.entry("flag", ""));
        org.assertj.core.api.Assertions.assertThat(l.prefix()).isEqualTo("n!u@h");
        org.assertj.core.api.Assertions.assertThat(l.command()).isEqualTo("TAGMSG");
        org.assertj.core.api.Assertions.assertThat(l.toString())
                .isEqualTo("@+buzz=fizz\\:buzz;cat=dog;+e=a\\sb\\\\c;flag :n!u@h TAGMSG #test");
        org.assertj.core.api.Assertions.assertThat(Tags.clientOnly(l.tags())).isEqualTo("+buzz=fizz\\:buzz;+e=a\\sb\\\\c");
    }
}
