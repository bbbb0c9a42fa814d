package dev.sockets.chat.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CaseMappingTest {

    @Test
    void foldsRfc1459() {
        assertThat(CaseMapping.fold("Nick[A]\\~")).isEqualTo("nick{a}|^");
        assertThat(CaseMapping.equals("[Bob]", "{bob}")).isTrue();
        assertThat(CaseMapping.equals("bob", "bob2")).isFalse();
        assertThat(CaseMapping.fold("plain")).isSameAs("plain");
    }

    @Test
    void nickSyntax() {
        assertThat(CaseMapping.isValidNick("alice", 30)).isTrue();
        assertThat(CaseMapping.isValidNick("[a]`_^{|}-9", 30)).isTrue();
        assertThat(CaseMapping.isValidNick("9lives", 30)).isFalse();
        assertThat(CaseMapping.isValidNick("-dash", 30)).isFalse();
        assertThat(CaseMapping.isValidNick("has space", 30)).isFalse();
        assertThat(CaseMapping.isValidNick("#chan", 30)).isFalse();
        assertThat(CaseMapping.isValidNick("toolong", 5)).isFalse();
        assertThat(CaseMapping.isValidNick("", 5)).isFalse();
    }

    @Test
    void channelSyntax() {
        assertThat(CaseMapping.isValidChannel("#chat", 50)).isTrue();
        assertThat(CaseMapping.isValidChannel("#\u00e9t\u00e9", 50)).isTrue();
        assertThat(CaseMapping.isValidChannel("#", 50)).isFalse();
        assertThat(CaseMapping.isValidChannel("chat", 50)).isFalse();
        assertThat(CaseMapping.isValidChannel("#a\u0007b", 50)).isFalse();
        assertThat(CaseMapping.isValidChannel("#a,b", 50)).isFalse();
        assertThat(CaseMapping.isValidChannel("#" + "x".repeat(50), 50)).isFalse();
    }

    @Test
    void globMatchesWithFolding() {
        assertThat(CaseMapping.matches("*", "anything")).isTrue();
        assertThat(CaseMapping.matches("AL*", "alice")).isTrue();
        assertThat(CaseMapping.matches("a?ice", "alice")).isTrue();
        assertThat(CaseMapping.matches("*[x]", "nick{X}")).isTrue();
        assertThat(CaseMapping.matches("b*", "alice")).isFalse();
        assertThat(CaseMapping.matches("a*e*z", "alicez")).isTrue();
        assertThat(CaseMapping.matches("a*e*z", "alice")).isFalse();
        assertThat(CaseMapping.matches("*".repeat(200) + "x", "y".repeat(500))).isFalse();
    }
}
