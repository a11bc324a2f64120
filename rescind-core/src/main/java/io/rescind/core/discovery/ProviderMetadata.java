package io.rescind.core.discovery;

import com.nimbusds.jose.JWSAlgorithm;
import io.rescind.core.authorize.Pkce;
import io.rescind.core.authorize.Prompt;
import io.rescind.core.client.ClientAuthenticator;
import io.rescind.core.client.GrantType;
import io.rescind.core.client.TokenEndpointAuthMethod;
import io.rescind.core.feature.Feature;
import io.rescind.core.feature.Features;
import io.rescind.core.settings.Endpoints;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's metadata, served at {@code /.well-known/openid-configuration} (OpenID Connect Discovery 1.0 §3) and
 * {@code /.well-known/oauth-authorization-server} (RFC 8414 §2).
 */
public final class ProviderMetadata {
    private static final List<String> SIGNING_ALGS = List.of("RS256", "ES256");
    private static final List<String> ASSERTION_ALGS = ClientAuthenticator.ASSERTION_ALGORITHMS.stream()
            .map(JWSAlgorithm::getName)
            .sorted()
            .toList();
    private static final List<String> CLIENT_AUTH = List.of(
            TokenEndpointAuthMethod.CLIENT_SECRET_BASIC.value(),
            TokenEndpointAuthMethod.CLIENT_SECRET_POST.value(),
            TokenEndpointAuthMethod.PRIVATE_KEY_JWT.value());

    private ProviderMetadata() {}

    /** The metadata, advertising an endpoint only while its feature is on (DESIGN §1.4). */
    public static Map<String, Object> of(Endpoints endpoints, Features features) {
        var m = new LinkedHashMap<String, Object>();
        m.put("issuer", endpoints.issuer());
        m.put("authorization_endpoint", endpoints.authorization());
        m.put("token_endpoint", endpoints.token());
        m.put("userinfo_endpoint", endpoints.userinfo());
        m.put("jwks_uri", endpoints.jwks());
        m.put("response_types_supported", List.of("code"));
        m.put("response_modes_supported", List.of("query"));
        m.put(
                "grant_types_supported",
                Arrays.stream(GrantType.values()).map(GrantType::value).toList());
        m.put("subject_types_supported", List.of("public"));
        m.put("id_token_signing_alg_values_supported", SIGNING_ALGS);
        m.put("scopes_supported", List.of("openid", "profile", "email", "phone", "offline_access"));
        m.put(
                "claims_supported",
                List.of(
                        "sub",
                        "iss",
                        "aud",
                        "exp",
                        "iat",
                        "auth_time",
                        "nonce",
                        "sid",
                        "azp",
                        "name",
                        "preferred_username",
                        "email",
                        "phone_number"));
        m.put("token_endpoint_auth_methods_supported", withNone(CLIENT_AUTH));
        m.put("token_endpoint_auth_signing_alg_values_supported", ASSERTION_ALGS);
        m.put("code_challenge_methods_supported", List.of(Pkce.S256));
        m.put(
                "prompt_values_supported",
                Arrays.stream(Prompt.values()).map(Prompt::value).toList());
        m.put("authorization_response_iss_parameter_supported", true);
        m.put("request_parameter_supported", false);
        m.put("request_uri_parameter_supported", false);
        m.put("claims_parameter_supported", false);
        m.put("backchannel_logout_supported", true);
        m.put("backchannel_logout_session_supported", true);
        if (features.isEnabled(Feature.REVOKE_TOKEN)) {
            m.put("revocation_endpoint", endpoints.revocation());
            m.put("revocation_endpoint_auth_methods_supported", withNone(CLIENT_AUTH));
            m.put("revocation_endpoint_auth_signing_alg_values_supported", ASSERTION_ALGS);
        }
        if (features.isEnabled(Feature.GLOBAL_TOKEN_REVOCATION)) {
            m.put("global_token_revocation_endpoint", endpoints.globalTokenRevocation());
            m.put("global_token_revocation_endpoint_auth_methods_supported", withBearer(CLIENT_AUTH));
        }
        if (features.isEnabled(Feature.REVOKE_SESSION)) {
            m.put("session_revocation_endpoint", endpoints.sessionRevocation());
        }
        if (features.isEnabled(Feature.END_SESSION)) {
            m.put("end_session_endpoint", endpoints.endSession());
        }
        if (features.isEnabled(Feature.INTROSPECTION)) {
            m.put("introspection_endpoint", endpoints.introspection());
            m.put("introspection_endpoint_auth_methods_supported", CLIENT_AUTH);
            m.put("introspection_endpoint_auth_signing_alg_values_supported", ASSERTION_ALGS);
        }
        return m;
    }

    private static List<String> withBearer(List<String> methods) {
        var all = new java.util.ArrayList<>(methods);
        all.add("Bearer");
        return List.copyOf(all);
    }

    private static List<String> withNone(List<String> methods) {
        var all = new java.util.ArrayList<>(methods);
        all.add(TokenEndpointAuthMethod.NONE.value());
        return List.copyOf(all);
    }
}
