package io.rescind.core.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.secret.Entropy;
import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The server's 128-bit identifiers read as two longs: every one is, nothing else is, and none two share halves. */
class Base64IdTest {
    static String encode(byte[] bits) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    @Test
    void anIdentifierTheServerMakesIsOne() {
        assertThat(Base64Id.isOne(Entropy.identifier())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "web",
                "AAAAAAAAAAAAAAAAAAAAAAA", // 23 characters
                "AAAAAAAAAAAAAAAAAAAAA", // 21
                "AAAAAAAAAAAAAAAAAAAAAB", // the last character's unused bits are not zero
                "AAAAAAAAAAAAAAAAAAAA+A", // base64, not base64url
                "AAAAAAAAAAAAAAAAAAAA/A",
                "AAAAAAAAAAAAAAAAAAA=AA",
                "AAAAAAAAAAAAAAAAAAAAéA"
            })
    void aStringInAnotherFormatIsNot(String other) {
        assertThat(Base64Id.isOne(other)).isFalse();
    }

    /** Each of the 128 bits lands on its own bit of the halves: two ids share halves iff they are equal. */
    @Test
    void theHalvesAreAPermutationOfTheIdsBits() {
        var landed = new java.util.TreeSet<Integer>();
        for (int bit = 0; bit < 128; bit++) {
            byte[] one = new byte[16];
            one[bit / 8] = (byte) (1 << (bit % 8));
            String id = encode(one);
            assertThat(Base64Id.isOne(id)).isTrue();
            long hi = Base64Id.high(id);
            long lo = Base64Id.low(id);
            assertThat(Long.bitCount(hi) + Long.bitCount(lo)).isEqualTo(1);
            landed.add(hi != 0 ? 64 + Long.numberOfTrailingZeros(hi) : Long.numberOfTrailingZeros(lo));
        }
        assertThat(landed).hasSize(128);
        assertThat(Base64Id.high(encode(new byte[16])) | Base64Id.low(encode(new byte[16])))
                .isZero();
    }

    @Property
    void eachBitOfTheIdChangesItsHalves(@ForAll @Size(16) byte[] bits, @ForAll("bitPositions") int bit) {
        byte[] flipped = bits.clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        String x = encode(bits);
        String y = encode(flipped);
        assertThat(new long[] {Base64Id.high(x), Base64Id.low(x)})
                .isNotEqualTo(new long[] {Base64Id.high(y), Base64Id.low(y)});
    }

    /** A table rebuilt from halves puts each id where a lookup by its string looks first. */
    @Property
    void theHashOfTheHalvesIsTheStringsHashCode(@ForAll @Size(16) byte[] bits) {
        String id = encode(bits);
        assertThat(Base64Id.stringHash(Base64Id.high(id), Base64Id.low(id))).isEqualTo(id.hashCode());
    }

    @Property
    void theHeadIsTheFirstTwelveBitsOfTheHighHalf(@ForAll @Size(16) byte[] bits) {
        String id = encode(bits);
        assertThat(Base64Id.headOf(Base64Id.high(id))).isEqualTo(Base64Id.head(id));
    }

    @Property
    void anIdIsTheOneOfItsHalvesAndOfNoOthers(@ForAll @Size(16) byte[] bits, @ForAll @Size(16) byte[] other) {
        String id = encode(bits);
        long high = Base64Id.high(id);
        long low = Base64Id.low(id);
        assertThat(Base64Id.is(id, high, low)).isTrue();
        assertThat(Base64Id.is(encode(other), high, low)).isEqualTo(java.util.Arrays.equals(bits, other));
        assertThat(Base64Id.is(id.substring(0, 21) + "B", high, low)).isFalse();
        assertThat(Base64Id.is(id.substring(0, 21) + "=", high, low)).isFalse();
    }

    @Test
    void aStringThatDoesNotStartWithTwoBase64urlCharactersHasNoHead() {
        assertThat(Base64Id.head("+AAAAAAAAAAAAAAAAAAAAA")).isNegative();
        assertThat(Base64Id.head("A=AAAAAAAAAAAAAAAAAAAA")).isNegative();
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Integer> bitPositions() {
        return net.jqwik.api.Arbitraries.integers().between(0, 127);
    }
}
