package io.rescind.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code application/x-www-form-urlencoded} parsing (RFC 6749 §3.1, Appendix B). */
class FormParametersTest {
    @Nested
    class Decoding {
        @Test
        void decodesTheRfc6749AppendixBExample() {
            // RFC 6749 Appendix B: " %&+£€" encodes as "+%25%26%2B%C2%A3%E2%82%AC".
            var form = FormParameters.parse("client_secret=+%25%26%2B%C2%A3%E2%82%AC");
            assertThat(form.get("client_secret")).contains(" %&+£€");
        }

        @Test
        void keepsUnencodedNonAsciiCharacters() {
            assertThat(FormParameters.parse("name=caf\u00e9%20\uD83D\uDE00").get("name"))
                    .contains("caf\u00e9 \uD83D\uDE00");
        }

        @Test
        void refusesAPercentWithoutTwoHexDigits() {
            assertThatThrownBy(() -> FormParameters.parse("a=%G1")).isInstanceOf(OAuthException.class);
            assertThatThrownBy(() -> FormParameters.parse("a=b%2")).isInstanceOf(OAuthException.class);
            assertThatThrownBy(() -> FormParameters.parse("a=b%")).isInstanceOf(OAuthException.class);
        }

        @Test
        void refusesNonAsciiHexDigits() {
            // Character.digit would read the fullwidth digits as 1 and 1.
            assertThatThrownBy(() -> FormParameters.parse("a=%\uFF11\uFF11")).isInstanceOf(OAuthException.class);
        }

        @Test
        void refusesPercentEncodedBytesThatAreNotUtf8() {
            assertThatThrownBy(() -> FormParameters.parse("a=%C3%28"))
                    .isInstanceOfSatisfying(
                            OAuthException.class, e -> assertThat(e.error()).isEqualTo(OAuthError.INVALID_REQUEST));
            assertThatThrownBy(() -> FormParameters.parse("a=%FF")).isInstanceOf(OAuthException.class);
        }
    }

    @Nested
    class Repetition {
        @Test
        void refusesARepeatedParameterEvenWithAnEqualValue() {
            assertThatThrownBy(() -> FormParameters.parse("a=1&a=1")).isInstanceOf(OAuthException.class);
        }

        @Test
        void refusesANameRepeatedUnderAnotherEncoding() {
            assertThatThrownBy(() -> FormParameters.parse("scope=a&%73cope=b")).isInstanceOf(OAuthException.class);
        }

        @Test
        void treatsAnEmptyValueAsOmitted() {
            assertThat(FormParameters.parse("a=&b=2").has("a")).isFalse();
        }
    }
}
