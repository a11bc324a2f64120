package io.rescind.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FormParametersTest {
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
        void aDecodedQueryWithANulIsRefusedAsInvalidRequest() {
            assertThatThrownBy(() -> FormParameters.of(Map.of("state", List.of("a\0b"))))
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
}
