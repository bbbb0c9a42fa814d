package dev.sockets.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sockets.common.testing.ExpositionFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The tests' strict checker of the text format accepts what the rules allow and rejects the rest. */
class ExpositionFormatTest {

    private static final String GOOD = """
            # HELP a_total Things, with a \\\\ and a \\n.
            # TYPE a_total counter
            a_total{server="echo",transport="tcp"} 3.0
            a_total{server="x\\"y\\\\z\\n"} 1 1700000000000
            # just a comment
            # TYPE h histogram
            h_bucket{le="1.0"} 1
            h_bucket{le="+Inf"} 2
            h_count 2
            h_sum 7.5
            g NaN
            """;

    @Test
    void acceptsAValidExposition() {
        ExpositionFormat f = ExpositionFormat.parse(GOOD);
        assertThat(f.type("a_total")).isEqualTo("counter");
        assertThat(f.value("a_total", "transport", "tcp")).isEqualTo(3);
        assertThat(f.find("a_total", "server", "x\"y\\z\n")).hasSize(1);
        assertThat(f.value("h_count")).isEqualTo(2);
        assertThat(f.value("g")).isNaN();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "1bad 1\n",                                   // metric name starts with a digit
            "a{1x=\"v\"} 1\n",                            // label name
            "a{__x=\"v\"} 1\n",                           // reserved label name
            "a{x=\"v\",x=\"w\"} 1\n",                     // label twice
            "a{x=v} 1\n",                                 // unquoted value
            "a{x=\"\\t\"} 1\n",                           // escape the format does not define
            "a{x=\"v\" 1\n",                              // unterminated labels
            "a one\n",                                    // value
            "a 1 2.5\n",                                  // timestamp
            "a  1\n",                                     // two spaces
            "a 1",                                        // no final newline
            "a 1\na 2\n",                                 // series twice
            "# TYPE a counter\n# TYPE a counter\na 1\n",  // TYPE twice
            "# TYPE a countr\na 1\n",                     // unknown type
            "a 1\n# TYPE a gauge\n",                      // TYPE after samples
            "a 1\nb 1\na{x=\"y\"} 1\n",                   // family not together
            "# TYPE c counter\nc -1\n",                   // negative counter
            "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\n", // not cumulative
            "# TYPE h histogram\nh_bucket{le=\"1\"} 1\n",                          // no +Inf bucket
            "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_count 2\n",            // count differs
            "# TYPE h histogram\nh_count{le=\"1\"} 2\n",                           // le off a bucket
            "\n",                                         // empty line
    })
    void rejectsWhatTheRulesForbid(String text) {
        assertThatThrownBy(() -> ExpositionFormat.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
