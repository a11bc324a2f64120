package io.rescind.server.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import io.rescind.core.feature.Feature;
import io.rescind.server.testing.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Discovery (OpenID Connect Discovery §3, RFC 8414 §2) and the JWK Set (RFC 7517 §5). */
class DiscoveryTest {
    static final String OPENID_CONFIGURATION = "/.well-known/openid-configuration";
    static final String OAUTH_METADATA = "/.well-known/oauth-authorization-server";

    /** The metadata of a server at {@code {issuer}} with default settings and flags. */
    static final String GOLDEN_METADATA = """
            {
              "issuer": "{issuer}",
              "authorization_endpoint": "{issuer}/authorize",
              "token_endpoint": "{issuer}/token",
              "userinfo_endpoint": "{issuer}/userinfo",
              "jwks_uri": "{issuer}/jwks",
              "response_types_supported": ["code"],
              "response_modes_supported": ["query"],
              "grant_types_supported": ["authorization_code", "client_credentials", "refresh_token"],
              "subject_types_supported": ["public"],
              "id_token_signing_alg_values_supported": ["RS256", "ES256"],
              "scopes_supported": ["openid", "profile", "email", "phone", "offline_access"],
              "claims_supported": [
                "sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "sid", "azp", "name", "preferred_username",
                "email", "phone_number"
              ],
              "token_endpoint_auth_methods_supported": [
                "client_secret_basic", "client_secret_post", "private_key_jwt", "none"
              ],
              "token_endpoint_auth_signing_alg_values_supported": [
                "ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "RS256", "RS384", "RS512"
              ],
              "code_challenge_methods_supported": ["S256"],
              "prompt_values_supported": ["none", "login", "consent", "select_account"],
              "authorization_response_iss_parameter_supported": true,
              "request_parameter_supported": false,
              "request_uri_parameter_supported": false,
              "claims_parameter_supported": false,
              "backchannel_logout_supported": true,
              "backchannel_logout_session_supported": true,
              "revocation_endpoint": "{issuer}/oauth/revoke",
              "revocation_endpoint_auth_methods_supported": [
                "client_secret_basic", "client_secret_post", "private_key_jwt", "none"
              ],
              "revocation_endpoint_auth_signing_alg_values_supported": [
                "ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "RS256", "RS384", "RS512"
              ],
              "global_token_revocation_endpoint": "{issuer}/global-token-revocation",
              "global_token_revocation_endpoint_auth_methods_supported": [
                "client_secret_basic", "client_secret_post", "private_key_jwt", "Bearer"
              ],
              "session_revocation_endpoint": "{issuer}/revoke_session",
              "end_session_endpoint": "{issuer}/end_session",
              "introspection_endpoint": "{issuer}/introspect",
              "introspection_endpoint_auth_methods_supported": [
                "client_secret_basic", "client_secret_post", "private_key_jwt"
              ],
              "introspection_endpoint_auth_signing_alg_values_supported": [
                "ES256", "ES384", "ES512", "PS256", "PS384", "PS512", "RS256", "RS384", "RS512"
              ]
            }
            """;

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode metadata(String path) {
        var reply = server.http.get(path);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    /** Sets the flag and waits for the server to reload it from its change notice. */
    static void setIntrospection(Feature.State state) {
        server.store.features().set(Feature.INTROSPECTION, state);
        boolean advertised = state == Feature.State.ENABLED;
        // The store announces the change when it commits; the running server reloads its flags from that notice.
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(metadata(OPENID_CONFIGURATION).has("introspection_endpoint"))
                        .isEqualTo(advertised));
    }

    @Nested
    class OpenIdConnectDiscoveryAndRfc8414 {
        @Test
        void bothWellKnownDocumentsAnswerTheSameMetadata() {
            assertThat(metadata(OAUTH_METADATA)).isEqualTo(metadata(OPENID_CONFIGURATION));
        }

        /** Every member and value, written out: the test server's settings with every feature on (the default). */
        @ParameterizedTest
        @ValueSource(strings = {OPENID_CONFIGURATION, OAUTH_METADATA})
        void metadataIsExactlyTheExpectedDocument(String path) throws Exception {
            JsonNode expected = new ObjectMapper().readTree(GOLDEN_METADATA.replace("{issuer}", server.issuer()));
            assertThat(metadata(path)).isEqualTo(expected);
        }

        @Test
        void issuerIsTheBaseUrl() {
            assertThat(metadata(OPENID_CONFIGURATION).path("issuer").asText()).isEqualTo(server.issuer());
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "authorization_endpoint",
                    "token_endpoint",
                    "userinfo_endpoint",
                    "jwks_uri",
                    "introspection_endpoint"
                })
        void endpointsAreAbsoluteUrlsUnderTheIssuer(String field) {
            String value = metadata(OPENID_CONFIGURATION).path(field).asText();
            assertThat(URI.create(value).isAbsolute()).as(value).isTrue();
            assertThat(value).startsWith(server.issuer() + "/");
        }

        @Test
        void advertisedEndpointsAnswerAtTheirUrls() {
            var metadata = metadata(OPENID_CONFIGURATION);
            String jwks = metadata.path("jwks_uri").asText();
            assertThat(server.http.get(jwks.substring(server.issuer().length())).status())
                    .isEqualTo(200);
            String authorization = metadata.path("authorization_endpoint").asText();
            assertThat(server.http
                            .get(authorization.substring(server.issuer().length()))
                            .status())
                    .isEqualTo(400);
        }

        @Test
        void onlyS256IsAdvertisedForPkce() {
            assertThat(metadata(OPENID_CONFIGURATION).path("code_challenge_methods_supported"))
                    .containsExactly(TextNode.valueOf("S256"));
        }

        @Test
        void issParameterOfRfc9207IsAdvertised() {
            assertThat(metadata(OPENID_CONFIGURATION).path("authorization_response_iss_parameter_supported"))
                    .isEqualTo(BooleanNode.TRUE);
        }

        /** OIDC Back-Channel Logout 1.0 §2.1: logout tokens are sent, and they carry {@code sid}. */
        @ParameterizedTest
        @ValueSource(strings = {"backchannel_logout_supported", "backchannel_logout_session_supported"})
        void backChannelLogoutWithSessionsIsAdvertised(String field) {
            assertThat(metadata(OPENID_CONFIGURATION).path(field)).isEqualTo(BooleanNode.TRUE);
        }

        @Test
        void metadataIsJson() {
            assertThat(server.http.get(OPENID_CONFIGURATION).header("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        }
    }

    @Nested
    class FeatureFlags {
        @Test
        void introspectionEndpointDisappearsWhileTheFeatureIsDisabled() {
            setIntrospection(Feature.State.DISABLED);
            try {
                assertThat(metadata(OPENID_CONFIGURATION).has("introspection_endpoint"))
                        .isFalse();
                assertThat(metadata(OAUTH_METADATA).has("introspection_endpoint"))
                        .isFalse();
                assertThat(metadata(OAUTH_METADATA).has("introspection_endpoint_auth_methods_supported"))
                        .isFalse();
                assertThat(metadata(OAUTH_METADATA).path("token_endpoint").asText())
                        .isEqualTo(server.issuer() + "/token");
            } finally {
                setIntrospection(Feature.State.ENABLED);
            }
        }

        @Test
        void introspectionEndpointIsAdvertisedWhileTheFeatureIsEnabled() {
            assertThat(metadata(OPENID_CONFIGURATION)
                            .path("introspection_endpoint")
                            .asText())
                    .isEqualTo(server.issuer() + "/introspect");
        }
    }

    @Nested
    class Rfc7517Jwks {
        static JWKSet jwks() throws Exception {
            var reply = server.http.get("/jwks");
            assertThat(reply.status()).isEqualTo(200);
            return JWKSet.parse(reply.body());
        }

        @Test
        void jwksHoldsNoPrivateKeyMaterial() {
            var reply = server.http.get("/jwks");
            var keys = reply.json().path("keys");
            assertThat(keys).isNotEmpty();
            List<String> members = new ArrayList<>();
            keys.forEach(key -> key.fieldNames().forEachRemaining(members::add));
            assertThat(members).doesNotContain("d", "p", "q", "dp", "dq", "qi", "oth", "k");
        }

        @Test
        void everyKeyHasAKidAnAlgAndUseSig() throws Exception {
            assertThat(jwks().getKeys()).isNotEmpty().allSatisfy(key -> {
                assertThat(key.getKeyID()).isNotBlank();
                assertThat(key.getAlgorithm()).isNotNull();
                assertThat(key.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
                assertThat(key.isPrivate()).isFalse();
            });
        }

        @Test
        void jwksHoldsAnEs256AndAnRs256Key() throws Exception {
            assertThat(jwks().getKeys().stream().map(JWK::getAlgorithm).toList())
                    .contains(JWSAlgorithm.ES256, JWSAlgorithm.RS256);
        }

        @Test
        void keyIdsAreUnique() throws Exception {
            var kids = jwks().getKeys().stream().map(JWK::getKeyID).toList();
            assertThat(kids).doesNotHaveDuplicates();
        }

        @Test
        void jwksIsServedAsAJwkSet() {
            assertThat(server.http.get("/jwks").header("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/jwk-set+json"));
        }
    }
}
