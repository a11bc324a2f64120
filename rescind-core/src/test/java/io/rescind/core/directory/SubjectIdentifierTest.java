package io.rescind.core.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.OAuthException;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code sub_id} forms of DESIGN §1.1: Janssen's and RFC 9493's (examples verbatim from RFC 9493 §3). */
class SubjectIdentifierTest {
    static final String ISSUER = "https://issuer.example.com/";
    static final ObjectMapper JSON = new ObjectMapper();

    static SubjectIdentifier parse(String json) throws Exception {
        JsonNode node = JSON.readTree(json);
        return SubjectIdentifier.parse(node, ISSUER);
    }

    static SubjectIdentifier.Single single(UserAttribute attribute, String value) {
        return new SubjectIdentifier.Single(new UserCriterion(attribute, value));
    }

    @Nested
    class Rfc9493Section3Examples {
        @Test
        void email() throws Exception {
            assertThat(parse("{\"format\": \"email\", \"email\": \"user@example.com\"}"))
                    .isEqualTo(single(UserAttribute.EMAIL, "user@example.com"));
        }

        @Test
        void phoneNumber() throws Exception {
            assertThat(parse("{\"format\": \"phone_number\", \"phone_number\": \"+12065550100\"}"))
                    .isEqualTo(single(UserAttribute.PHONE_NUMBER, "+12065550100"));
        }

        @Test
        void issuerAndSubjectOfThisIssuer() throws Exception {
            assertThat(parse("{\"format\": \"iss_sub\", \"iss\": \"https://issuer.example.com/\","
                            + " \"sub\": \"145234573\"}"))
                    .isEqualTo(single(UserAttribute.SUB, "145234573"));
        }

        @Test
        void issuerAndSubjectOfAnotherIssuerNamesNobodyHere() throws Exception {
            assertThat(parse("{\"format\": \"iss_sub\", \"iss\": \"https://other.example.com/\", \"sub\": \"1\"}"))
                    .isInstanceOf(SubjectIdentifier.Foreign.class);
        }

        @Test
        void opaque() throws Exception {
            assertThat(parse("{\"format\": \"opaque\", \"id\": \"11112222333344445555\"}"))
                    .isEqualTo(single(UserAttribute.SUB, "11112222333344445555"));
        }

        @Test
        void account() throws Exception {
            assertThat(parse("{\"format\": \"account\", \"uri\": \"acct:example.user@service.example.com\"}"))
                    .isEqualTo(single(UserAttribute.EMAIL, "example.user@service.example.com"));
        }

        @Test
        void aliases() throws Exception {
            assertThat(parse("""
                    {"format": "aliases", "identifiers": [
                      {"format": "email", "email": "user@example.com"},
                      {"format": "phone_number", "phone_number": "+12065550100"}]}"""))
                    .isEqualTo(new SubjectIdentifier.Aliases(List.of(
                            single(UserAttribute.EMAIL, "user@example.com"),
                            single(UserAttribute.PHONE_NUMBER, "+12065550100"))));
        }
    }

    @Nested
    class Janssen {
        @ParameterizedTest
        @ValueSource(strings = {"uid", "mail", "email", "sub", "phone_number"})
        void anAllowListedAttributeAndItsId(String attribute) throws Exception {
            assertThat(parse("{\"format\": \"" + attribute + "\", \"id\": \"value\"}"))
                    .isEqualTo(single(UserAttribute.fromName(attribute).orElseThrow(), "value"));
        }

        @Test
        void anAttributeOffTheAllowListIsAnInvalidRequest() {
            assertThatThrownBy(() -> parse("{\"format\": \"password\", \"id\": \"x\"}"))
                    .isInstanceOfSatisfying(
                            OAuthException.class, e -> assertThat(e.error()).isEqualTo(OAuthError.INVALID_REQUEST));
        }
    }

    @Nested
    class Malformed {
        @ParameterizedTest
        @ValueSource(
                strings = {
                    "[]",
                    "\"x\"",
                    "{}",
                    "{\"format\": 1}",
                    "{\"format\": \"email\"}",
                    "{\"format\": \"email\", \"email\": 7}",
                    "{\"format\": \"nope\", \"x\": \"y\"}",
                    "{\"format\": \"account\", \"uri\": \"mailto:a@b\"}",
                    "{\"format\": \"aliases\", \"identifiers\": []}",
                    "{\"format\": \"aliases\"}",
                    "{\"format\": \"aliases\", \"identifiers\": [{\"format\": \"aliases\", \"identifiers\": [{\"format\": \"opaque\", \"id\": \"1\"}]}]}"
                })
        void isAnInvalidRequest(String json) {
            assertThatThrownBy(() -> parse(json))
                    .isInstanceOfSatisfying(
                            OAuthException.class, e -> assertThat(e.error()).isEqualTo(OAuthError.INVALID_REQUEST));
        }

        @Test
        void tooManyAliasesAreRefused() {
            String many = "{\"format\": \"aliases\", \"identifiers\": ["
                    + "{\"format\": \"opaque\", \"id\": \"1\"},".repeat(SubjectIdentifier.MAX_ALIASES)
                    + "{\"format\": \"opaque\", \"id\": \"1\"}]}";
            assertThatThrownBy(() -> parse(many)).isInstanceOf(OAuthException.class);
        }
    }
}
