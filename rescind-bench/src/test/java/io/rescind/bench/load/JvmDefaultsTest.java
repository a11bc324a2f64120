package io.rescind.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The server's default JVM options: one file, read by ./rescind and by the driver alike. */
class JvmDefaultsTest {
    @Test
    void optionsAreSeparatedByWhiteSpaceAndCommentsDropped() {
        assertThat(JvmDefaults.parse("""
                        # a comment
                        -XX:+UseSerialGC   -Xmx96m # why
                          -Xss512k
                        """)).containsExactly("-XX:+UseSerialGC", "-Xmx96m", "-Xss512k");
    }

    @Test
    void anEmptyJvmOptsMeansTheJvmsOwnDefaults() {
        assertThat(JvmDefaults.parse("  ")).isEmpty();
    }

    @Test
    void theRepositorysFileHoldsOnlyOptionsAndCapsTheHeap() {
        assertThat(JvmDefaults.of(LoadDriverTest.ROOT))
                .isNotEmpty()
                .allSatisfy(option -> assertThat(option).startsWith("-"))
                .anySatisfy(option -> assertThat(option).startsWith("-Xmx"));
    }
}
