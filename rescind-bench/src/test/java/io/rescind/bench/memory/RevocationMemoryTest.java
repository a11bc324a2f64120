package io.rescind.bench.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps the memory measurement from rotting: it runs small and gives a number per kind (docs/benchmarks.md). */
class RevocationMemoryTest {
    @Test
    void measuresEveryKindOfEntry() {
        List<RevocationMemory.PerEntry> results = RevocationMemory.measureAll(1_000);

        assertThat(results).extracting(RevocationMemory.PerEntry::kind).containsExactly(RevocationMemory.Kind.values());
        assertThat(results).allSatisfy(r -> {
            assertThat(r.entries()).isEqualTo(1_000);
            assertThat(r.bytes()).isPositive();
        });
    }

    @Test
    void printsOneLinePerKind() {
        var out = new ByteArrayOutputStream();
        RevocationMemory.print(
                List.of(new RevocationMemory.PerEntry(RevocationMemory.Kind.SUBJECT_EPOCH, 4, 250)),
                new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("subject epoch")
                .contains("62.5");
    }
}
