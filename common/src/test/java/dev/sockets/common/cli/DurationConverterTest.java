package dev.sockets.common.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class DurationConverterTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "3, PT3S",
        "0, PT0S",
        "1.5s, PT1.5S",
        "500ms, PT0.5S",
        "2m, PT2M",
        "1h, PT1H",
        "' 10 S ', PT10S",
        "250MS, PT0.25S",
        "0.5m, PT30S",
    })
    void acceptsTheDocumentedForms(String text, String iso) {
        assertThat(DurationConverter.parse(text)).isEqualTo(Duration.parse(iso));
        assertThat(new DurationConverter().convert(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "soon", "-1", "1.5.2", "5 sec", "1d", "ms", ".5s", "1,5s"})
    void rejectsEverythingElseNamingTheForms(String text) {
        assertThatThrownBy(() -> DurationConverter.parse(text))
                .isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessage("'" + text + "' is not a duration (examples: 3, 1.5s, 500ms, 2m, 1h)");
    }

    @Test
    void rejectsNullAndAbsurdlyLong() {
        assertThatThrownBy(() -> DurationConverter.parse(null))
                .hasMessage("'null' is not a duration (examples: 3, 1.5s, 500ms, 2m, 1h)");
        assertThatThrownBy(() -> DurationConverter.parse("99999999999h")).hasMessage("'99999999999h' is too long");
    }

    @Test
    void formatsLikeTheInput() {
        assertThat(DurationConverter.format(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(DurationConverter.format(Duration.ofSeconds(3))).isEqualTo("3s");
        assertThat(DurationConverter.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(DurationConverter.format(Duration.ZERO)).isEqualTo("0s");
    }
}
