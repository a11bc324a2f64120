package io.rescind.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rescind.core.client.ClientId;
import io.rescind.core.directory.UserAttribute;
import io.rescind.core.directory.UserCriterion;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.OAuthException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What an operator may revoke, as the CLI and the admin API name it. */
class OperatorTargetTest {
    static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static void assertInvalidRequest(Runnable parse) {
        assertThatThrownBy(parse::run)
                .isInstanceOfSatisfying(
                        OAuthException.class, e -> assertThat(e.error()).isEqualTo(OAuthError.INVALID_REQUEST));
    }

    @Nested
    class FromTheAdminApi {
        @Test
        void aUserIsNamedByOneAllowListedAttribute() {
            assertThat(OperatorTarget.parse(json("{\"type\": \"user\", \"mail\": \"a@example.com\"}")))
                    .isEqualTo(new OperatorTarget.User(new UserCriterion(UserAttribute.EMAIL, "a@example.com")));
        }

        @Test
        void sessionsAreNamedLikeAUser() {
            assertThat(OperatorTarget.parse(json("{\"type\": \"sessions\", \"uid\": \"alice\"}")))
                    .isEqualTo(new OperatorTarget.Sessions(new UserCriterion(UserAttribute.UID, "alice")));
        }

        @Test
        void aClientIsNamedByItsId() {
            assertThat(OperatorTarget.parse(json("{\"type\": \"client\", \"client_id\": \"web\"}")))
                    .isEqualTo(new OperatorTarget.Client(new ClientId("web")));
        }

        @Test
        void aKeyIsNamedByItsKid() {
            assertThat(OperatorTarget.parse(json("{\"type\": \"key\", \"kid\": \"k1\"}")))
                    .isEqualTo(new OperatorTarget.Key("k1"));
        }

        @Test
        void aTokenIsTheTokenItself() {
            assertThat(OperatorTarget.parse(json("{\"type\": \"token\", \"token\": \"abc\"}")))
                    .isEqualTo(new OperatorTarget.Token("abc"));
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "[]",
                    "{}",
                    "{\"type\": \"everything\"}",
                    "{\"type\": 1}",
                    "{\"type\": \"user\"}",
                    "{\"type\": \"user\", \"name\": \"Alice\"}",
                    "{\"type\": \"user\", \"uid\": \"a\", \"sub\": \"b\"}",
                    "{\"type\": \"user\", \"uid\": 7}",
                    "{\"type\": \"client\", \"client_id\": \"two words\"}",
                    "{\"type\": \"client\", \"client_id\": \"web\", \"extra\": true}",
                    "{\"type\": \"key\", \"kid\": \"../x\"}",
                    "{\"type\": \"token\", \"token\": \"\"}"
                })
        void anythingElseIsInvalidRequest(String target) {
            assertInvalidRequest(() -> OperatorTarget.parse(json(target)));
        }

        @Test
        void aMissingTargetIsInvalidRequest() {
            assertInvalidRequest(() -> OperatorTarget.parse(null));
        }
    }

    @Nested
    class FromTheCommandLine {
        @Test
        void aUserIsAttributeEqualsValue() {
            assertThat(OperatorTarget.criterion("email=a=b@example.com"))
                    .isEqualTo(new UserCriterion(UserAttribute.EMAIL, "a=b@example.com"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"alice", "=alice", "password=x", "uid="})
        void anythingElseIsInvalidRequest(String argument) {
            assertInvalidRequest(() -> OperatorTarget.criterion(argument));
        }

        @Test
        void aMalformedClientIdIsInvalidRequestNotAnAuthenticationFailure() {
            assertInvalidRequest(() -> OperatorTarget.clientId("two words"));
        }
    }

    @Test
    void aTokenTargetNeverShowsTheToken() {
        assertThat(new OperatorTarget.Token("secret-token-value").toString()).doesNotContain("secret-token-value");
    }
}
