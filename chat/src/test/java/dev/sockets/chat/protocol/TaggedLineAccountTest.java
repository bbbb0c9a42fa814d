package dev.sockets.chat.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The account tag and extended-join's JOIN: each recipient gets the form its capabilities ask for. */
class TaggedLineAccountTest {

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static CapabilitySet caps(Capability... cs) {
        CapabilitySet set = CapabilitySet.NONE;
        for (Capability c : cs) {
            set = set.with(c);
        }
        return set;
    }

    @Test
    void theAccountTagGoesOnlyToAccountTagClients() {
        byte[] line = ":a!u@h PRIVMSG #c :hi\r\n".getBytes(StandardCharsets.ISO_8859_1);
        TaggedLine t = TaggedLine.message(line, null, false, false, "Alice");
        assertThat(t.forCaps(CapabilitySet.NONE)).isSameAs(line);
        assertThat(s(t.forCaps(caps(Capability.ACCOUNT_TAG)))).isEqualTo("@account=Alice :a!u@h PRIVMSG #c :hi\r\n");
        assertThat(s(t.forCaps(caps(Capability.ACCOUNT_TAG, Capability.MESSAGE_TAGS))))
                .startsWith("@msgid=").contains(";account=Alice ").endsWith(" :a!u@h PRIVMSG #c :hi\r\n");
        TaggedLine anonymous = TaggedLine.message(line, null, false, false, null);
        assertThat(anonymous.forCaps(caps(Capability.ACCOUNT_TAG))).isSameAs(line);
    }

    @Test
    void extendedJoinClientsGetTheVariantWithTheSameTags() {
        byte[] plain = ":a!u@h JOIN #c\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] extended = ":a!u@h JOIN #c Alice :Real Name\r\n".getBytes(StandardCharsets.ISO_8859_1);
        TaggedLine t = TaggedLine.withVariant(plain, Capability.EXTENDED_JOIN, extended).withAccount("Alice");
        assertThat(t.forCaps(CapabilitySet.NONE)).isSameAs(plain);
        assertThat(t.forCaps(caps(Capability.EXTENDED_JOIN))).isSameAs(extended);
        assertThat(s(t.forCaps(caps(Capability.EXTENDED_JOIN, Capability.ACCOUNT_TAG))))
                .isEqualTo("@account=Alice :a!u@h JOIN #c Alice :Real Name\r\n");
        assertThat(s(t.forCaps(caps(Capability.SERVER_TIME)))).startsWith("@time=").endsWith(" :a!u@h JOIN #c\r\n");
    }
}
