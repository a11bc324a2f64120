package io.rescind.core.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.rescind.core.secret.Entropy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The revocation state's tables: a map that keeps the larger value, prunes below a bound, and reads without a lock. */
class CompactIdMapTest {
    /**
     * Server-made ids (two longs in the table) and other strings (beside it), mixed as a log would: some of the
     * others are 22 characters long and start as an id does.
     */
    static final List<String> IDS = IntStream.range(0, 40)
            .mapToObj(i -> switch (i % 4) {
                case 0 -> "client-" + i;
                case 1 -> Entropy.identifier().substring(0, 21) + "B"; // its last 4 bits are not zero
                default -> Entropy.identifier();
            })
            .toList();

    final CompactIdMap map = new CompactIdMap();

    record Merge(int id, long value) {}

    @Provide
    Arbitrary<List<Merge>> merges() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, IDS.size() - 1),
                        Arbitraries.longs().between(-1_000, 1_000))
                .as(Merge::new)
                .list()
                .ofMaxSize(300);
    }

    /** Whatever the merges and the bound, the map answers as a {@code HashMap} merged with max and filtered. */
    @Property
    void answersAsAMapThatKeepsTheLargerValueAndForgetsWhatIsBelowTheBound(
            @ForAll("merges") List<Merge> merges, @ForAll("bounds") long bound) {
        var map = new CompactIdMap(); // jqwik runs every try on one instance of the class
        Map<String, Long> expected = new HashMap<>();
        for (Merge m : merges) {
            map.merge(IDS.get(m.id()), m.value());
            expected.merge(IDS.get(m.id()), m.value(), Math::max);
        }
        map.removeBelow(bound);
        expected.values().removeIf(v -> v < bound);
        for (String id : IDS) {
            assertThat(map.get(id)).as(id).isEqualTo(expected.getOrDefault(id, CompactIdMap.ABSENT));
            assertThat(map.contains(id)).isEqualTo(expected.containsKey(id));
        }
        assertThat(map.size()).isEqualTo(expected.size());
    }

    @Provide
    Arbitrary<Long> bounds() {
        return Arbitraries.longs().between(-1_100, 1_100);
    }

    @Nested
    class Growth {
        @Test
        void keepsEveryIdAcrossManyResizes() {
            List<String> ids = IntStream.range(0, 5_000)
                    .mapToObj(i -> Entropy.identifier())
                    .toList();
            for (int i = 0; i < ids.size(); i++) {
                map.merge(ids.get(i), i);
            }
            for (int i = 0; i < ids.size(); i++) {
                assertThat(map.get(ids.get(i))).isEqualTo(i);
            }
            assertThat(map.contains(Entropy.identifier())).isFalse();
            assertThat(map.size()).isEqualTo(5_000);
        }

        @Test
        void theTableIsAtMostHalfFull() {
            assertThat(CompactIdMap.capacityFor(0)).isEqualTo(16);
            assertThat(CompactIdMap.capacityFor(8)).isEqualTo(16);
            assertThat(CompactIdMap.capacityFor(9)).isEqualTo(32);
            assertThat(CompactIdMap.capacityFor(100_000)).isEqualTo(262_144);
        }

        @Test
        void pruningEverythingLeavesAnEmptyMapThatStillWorks() {
            IntStream.range(0, 1_000).forEach(i -> map.merge(Entropy.identifier(), 1));
            map.removeBelow(2);
            assertThat(map.size()).isZero();
            String id = Entropy.identifier();
            map.merge(id, 5);
            assertThat(map.get(id)).isEqualTo(5);
        }
    }

    @Test
    void longMinValueIsNotAValue() {
        assertThatIllegalArgumentException().isThrownBy(() -> map.merge("x", Long.MIN_VALUE));
    }

    /** A lookup without a lock never misses an id merged before it, while another thread grows and prunes. */
    @Test
    void aReaderAlwaysFindsWhatWasThereWhileWritersResizeAndPrune() throws InterruptedException {
        List<String> kept =
                IntStream.range(0, 100).mapToObj(i -> Entropy.identifier()).toList();
        kept.forEach(id -> map.merge(id, Long.MAX_VALUE));
        var done = new AtomicBoolean();
        List<String> missed = new ArrayList<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                kept.stream().filter(id -> !map.contains(id)).forEach(missed::add);
            }
        });
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 2_000; i++) {
                map.merge(Entropy.identifier(), round);
            }
            map.removeBelow(round);
        }
        done.set(true);
        reader.join();
        assertThat(missed).isEmpty();
        assertThat(map.size()).isEqualTo(kept.size() + 2_000);
    }
}
