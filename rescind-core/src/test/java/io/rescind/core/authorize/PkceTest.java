package io.rescind.core.authorize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rescind.core.protocol.OAuthException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PkceTest {
    /** RFC 7636 Appendix B, verbatim. */
    static final String RFC_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

    static final String RFC_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    @Nested
    class Rfc7636AppendixB {
        @Test
        void s256OfTheExampleVerifierIsTheExampleChallenge() {
            assertThat(Pkce.s256(RFC_VERIFIER)).isEqualTo(RFC_CHALLENGE);
        }

        @Test
        void theExamplePairVerifies() {
            assertThat(Pkce.verify(RFC_CHALLENGE, RFC_VERIFIER)).isTrue();
        }
    }

    @Nested
    class Verification {
        @Test
        void anotherVerifierDoesNotVerify() {
            assertThat(Pkce.verify(RFC_CHALLENGE, RFC_VERIFIER.replace('d', 'e')))
                    .isFalse();
        }

        @Test
        void aVerifierShorterThan43CharactersIsRefused() {
            String shortVerifier = "a".repeat(42);
            assertThat(Pkce.verify(Pkce.s256(shortVerifier), shortVerifier)).isFalse();
        }

        @Test
        void aVerifierLongerThan128CharactersIsRefused() {
            String longVerifier = "a".repeat(129);
            assertThat(Pkce.verify(Pkce.s256(longVerifier), longVerifier)).isFalse();
        }

        @Test
        void aVerifierWithCharactersOutsideTheUnreservedSetIsRefused() {
            String verifier = "a".repeat(42) + "+";
            assertThat(Pkce.verify(Pkce.s256(verifier), verifier)).isFalse();
        }

        @Test
        void thePlainMethodIsNeverAccepted() {
            assertThat(Pkce.verify(RFC_VERIFIER, RFC_VERIFIER)).isFalse();
        }
    }

    @Nested
    class Challenge {
        @Test
        void plainIsRefused() {
            assertThatThrownBy(() -> Pkce.requireChallenge(RFC_CHALLENGE, "plain"))
                    .isInstanceOf(OAuthException.class)
                    .hasMessageContaining("S256");
        }

        @Test
        void aChallengeThatIsNotA256BitBase64urlValueIsRefused() {
            assertThatThrownBy(() -> Pkce.requireChallenge("abc", "S256")).isInstanceOf(OAuthException.class);
        }

        @Test
        void anS256ChallengeIsAccepted() {
            assertThat(Pkce.requireChallenge(RFC_CHALLENGE, "S256")).isEqualTo(RFC_CHALLENGE);
        }
    }
}
