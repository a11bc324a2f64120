package io.rescind.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code application/x-www-form-urlencoded} parsing (RFC 6749 §3.1, Appendix B). */
class FormParametersTest {
    @Nested
    class Rfc6749Section3_1 {
        @Test
        void aParameterSentWithoutAValueIsTreatedAsOmitted() {
            var form = FormParameters.parse("scope=&state=x");
            assertThat(form.has("scope")).isFalse();
            assertThat(form.get("state")).contains("x");
        }

        @Test
        void aRepeatedParameterIsRefusedEvenWithAnEqualValue() {
            assertThatThrownBy(() -> FormParameters.parse("grant_type=a&grant_type=a"))
                    .isInstanceOfSatisfying(
                            OAuthException.class, e -> assertThat(e.error()).isEqualTo(OAuthError.INVALID_REQUEST));
        }

        @Test
        void aRepeatedParameterWithAnEmptyValueIsAlsoRefused() {
            assertThatThrownBy(() -> FormParameters.parse("scope=&scope=openid"))
                    .isInstanceOf(OAuthException.class);
        }

        @Test
        void refusesANameRepeatedUnderAnotherEncoding() {
            assertThatThrownBy(() -> FormParameters.parse("scope=a&%73cope=b")).isInstanceOf(OAuthException.class);
        }
    }

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
    class Encoding {
        @Test
        void plusAndPercentEscapesDecode() {
            var form = FormParameters.parse("scope=openid+profile&redirect_uri=https%3A%2F%2Fa.example%2Fcb");
            assertThat(form.get("scope")).contains("openid profile");
            assertThat(form.get("redirect_uri")).contains("https://a.example/cb");
        }

        @Test
        void malformedPercentEncodingIsAnInvalidRequest() {
            assertThatThrownBy(() -> FormParameters.parse("a=%zz")).isInstanceOf(OAuthException.class);
        }

        @Test
        void aNamelessParameterIsRefused() {
            assertThatThrownBy(() -> FormParameters.parse("=x")).isInstanceOf(OAuthException.class);
        }

        @Test
        void tooManyParametersAreRefused() {
            // Distinct names: a repeated one would be refused by the repetition rule, whatever the count.
            String body = distinctParameters(FormParameters.MAX_PARAMETERS + 1);
            assertThatThrownBy(() -> FormParameters.parse(body))
                    .isInstanceOfSatisfying(
                            OAuthException.class, e -> assertThat(e.error()).isEqualTo(OAuthError.INVALID_REQUEST))
                    .hasMessageContaining("too many parameters");
        }

        @Test
        void asManyDistinctParametersAsTheLimitAreAccepted() {
            var form = FormParameters.parse(distinctParameters(FormParameters.MAX_PARAMETERS));
            assertThat(form.values()).hasSize(FormParameters.MAX_PARAMETERS);
        }

        private static String distinctParameters(int count) {
            return IntStream.range(0, count).mapToObj(i -> "p" + i + "=1").collect(Collectors.joining("&"));
        }

        @Test
        void aMissingRequiredParameterIsNamedInTheError() {
            assertThatThrownBy(() -> FormParameters.parse("a=1").require("code"))
                    .isInstanceOf(OAuthException.class)
                    .hasMessageContaining("code");
        }
    }

    /** No parameter admits NUL; the store (PostgreSQL text and jsonb) could not keep it. */
    @Nested
    class NulCharacters {
        @Test
        void aValueWithAnEncodedNulIsRefusedAsInvalidRequest() {
            assertThatThrownBy(() -> FormParameters.parse("response_type=code&state=a%00b"))
                    .asInstanceOf(type(OAuthException.class))
                    .extracting(OAuthException::error)
                    .isEqualTo(OAuthError.INVALID_REQUEST);
        }

        @Test
        void aNameWithAnEncodedNulIsRefusedAsInvalidRequest() {
            assertThatThrownBy(() -> FormParameters.parse("sta%00te=xyz"))
                    .asInstanceOf(type(OAuthException.class))
                    .extracting(OAuthException::error)
                    .isEqualTo(OAuthError.INVALID_REQUEST);
        }

        @Test
        void otherControlCharactersAndUnicodeAreKept() {
            assertThat(FormParameters.parse("state=a%0Ab%09%C3%A9").get("state"))
                    .contains("a\nb\té");
        }
    }

    @Property
    void anyValueSurvivesFormEncoding(@ForAll("text") String name, @ForAll("text") String value) {
        String body = URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8);
        assertThat(FormParameters.parse(body).get(name)).contains(value);
    }

    @Property
    void anyParameterNamedTwiceIsRefused(
            @ForAll("text") String name, @ForAll("text") String first, @ForAll("text") String second) {
        String n = URLEncoder.encode(name, StandardCharsets.UTF_8);
        String body = n + "=" + URLEncoder.encode(first, StandardCharsets.UTF_8) + "&" + n + "="
                + URLEncoder.encode(second, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> FormParameters.parse(body)).isInstanceOf(OAuthException.class);
    }

    /** Non-empty text without NUL (refused on purpose) and without lone surrogates (not encodable as UTF-8). */
    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> text() {
        return net.jqwik.api.Arbitraries.strings()
                .withCharRange('\u0001', '\ud7ff')
                .ofMinLength(1)
                .ofMaxLength(40);
    }
}
