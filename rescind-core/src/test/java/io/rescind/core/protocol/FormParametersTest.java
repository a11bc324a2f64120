package io.rescind.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.NotEmpty;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

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
        void repeatedQueryParametersFromTheHttpLayerAreRefused() {
            assertThatThrownBy(() -> FormParameters.of(Map.of("state", List.of("a", "b"))))
                    .isInstanceOf(OAuthException.class);
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
            String body = "p=1" + "&p=1".repeat(FormParameters.MAX_PARAMETERS);
            assertThatThrownBy(() -> FormParameters.parse(body)).isInstanceOf(OAuthException.class);
        }

        @Test
        void aMissingRequiredParameterIsNamedInTheError() {
            assertThatThrownBy(() -> FormParameters.parse("a=1").require("code"))
                    .isInstanceOf(OAuthException.class)
                    .hasMessageContaining("code");
        }
    }

    @Property
    void anyValueSurvivesFormEncoding(@ForAll @NotEmpty String name, @ForAll @NotEmpty String value) {
        String body = URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8);
        assertThat(FormParameters.parse(body).get(name)).contains(value);
    }

    @Property
    void anyParameterNamedTwiceIsRefused(@ForAll @NotEmpty String name, @ForAll String first, @ForAll String second) {
        String n = URLEncoder.encode(name, StandardCharsets.UTF_8);
        String body = n + "=" + URLEncoder.encode(first, StandardCharsets.UTF_8) + "&" + n + "="
                + URLEncoder.encode(second, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> FormParameters.parse(body)).isInstanceOf(OAuthException.class);
    }
}
