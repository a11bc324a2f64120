package io.rescind.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.rescind.core.secret.Entropy;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** DESIGN §3: prefix + 256 random bits + MAC under a key never published; no dot, so never a JWT. */
class OpaqueTokensTest {
    final OpaqueTokens tokens = new OpaqueTokens(Entropy.bytes(32));

    @Test
    void aMintedTokenIsGenuineForItsKindOnly() {
        String token = tokens.mint(OpaqueTokenKind.REFRESH_TOKEN);
        assertThat(token).startsWith("rsc_rt_").doesNotContain(".");
        assertThat(tokens.isGenuine(OpaqueTokenKind.REFRESH_TOKEN, token)).isTrue();
        assertThat(tokens.isGenuine(OpaqueTokenKind.AUTHORIZATION_CODE, token)).isFalse();
    }

    @Test
    void aTokenRelabelledAsAnotherKindIsNotGenuine() {
        String code = tokens.mint(OpaqueTokenKind.AUTHORIZATION_CODE);
        String relabelled = OpaqueTokenKind.REFRESH_TOKEN.prefix()
                + code.substring(OpaqueTokenKind.AUTHORIZATION_CODE.prefix().length());
        assertThat(tokens.isGenuine(OpaqueTokenKind.REFRESH_TOKEN, relabelled)).isFalse();
    }

    @Test
    void aTokenOfAnotherServerIsNotGenuine() {
        String foreign = new OpaqueTokens(Entropy.bytes(32)).mint(OpaqueTokenKind.REFRESH_TOKEN);
        assertThat(tokens.isGenuine(OpaqueTokenKind.REFRESH_TOKEN, foreign)).isFalse();
    }

    @Test
    void storageHashesAre256BitsAndDifferPerToken() {
        assertThat(OpaqueTokens.storageHash(tokens.mint(OpaqueTokenKind.SESSION)))
                .hasSize(32);
        assertThat(OpaqueTokens.storageHash("a")).isNotEqualTo(OpaqueTokens.storageHash("b"));
    }

    @Property
    void noArbitraryStringIsGenuine(@ForAll String garbage) {
        assertThat(tokens.isGenuine(OpaqueTokenKind.REFRESH_TOKEN, garbage)).isFalse();
        assertThat(tokens.isGenuine(OpaqueTokenKind.REFRESH_TOKEN, "rsc_rt_" + garbage))
                .isFalse();
    }

    @Property
    void changingAnyCharacterOfAGenuineTokenBreaksIt(@ForAll("positions") int position) {
        String token = tokens.mint(OpaqueTokenKind.REFRESH_TOKEN);
        int at = "rsc_rt_".length() + position;
        char replacement = token.charAt(at) == 'A' ? 'B' : 'A';
        String changed = token.substring(0, at) + replacement + token.substring(at + 1);
        assertThat(tokens.isGenuine(OpaqueTokenKind.REFRESH_TOKEN, changed)).isFalse();
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Integer> positions() {
        // 48 bytes are exactly 64 base64url characters: every character carries six bits, none is padding.
        return net.jqwik.api.Arbitraries.integers().between(0, 63);
    }
}
