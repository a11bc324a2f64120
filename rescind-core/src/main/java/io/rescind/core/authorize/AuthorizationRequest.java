package io.rescind.core.authorize;

import io.rescind.core.client.Client;
import io.rescind.core.client.GrantType;
import io.rescind.core.protocol.AdminScopes;
import io.rescind.core.protocol.FormParameters;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.Scope;
import io.rescind.core.settings.ServerSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A validated authorization request (RFC 6749 §4.1.1, RFC 7636, RFC 8707, OpenID Connect Core §3.1.2.1) for the
 * code flow. Errors found here are redirected to the client; the client and redirect URI were resolved before.
 */
public record AuthorizationRequest(
        ClientRedirect target,
        Scope scope,
        Optional<String> state,
        Optional<String> nonce,
        Optional<String> codeChallenge,
        Set<Prompt> prompt,
        Optional<Duration> maxAge,
        Optional<String> loginHint,
        List<String> audience,
        FormParameters original) {

    /** Every parameter this request reads; only these are kept for the login transaction. */
    public static final Set<String> PARAMETERS = Set.of(
            "response_type",
            "client_id",
            "redirect_uri",
            "scope",
            "state",
            "nonce",
            "code_challenge",
            "code_challenge_method",
            "prompt",
            "max_age",
            "login_hint",
            "resource",
            "response_mode");

    private static final int MAX_STATE = 2048;
    private static final int MAX_NONCE = 512;
    private static final int MAX_HINT = 256;

    public Client client() {
        return target.client();
    }

    /** Parses the parameters after {@link ClientRedirect#resolve}; throws {@code OAuthException} to redirect. */
    public static AuthorizationRequest parse(FormParameters params, ClientRedirect target, ServerSettings settings) {
        Client client = target.client();
        if (params.has("request")) {
            throw OAuthError.REQUEST_NOT_SUPPORTED.exception("request objects are not supported");
        }
        if (params.has("request_uri")) {
            throw OAuthError.REQUEST_URI_NOT_SUPPORTED.exception("request_uri is not supported");
        }
        String responseType = params.require("response_type");
        if (!responseType.equals("code")) {
            throw OAuthError.UNSUPPORTED_RESPONSE_TYPE.exception("only response_type=code is supported");
        }
        if (!client.allows(GrantType.AUTHORIZATION_CODE)) {
            throw OAuthError.UNAUTHORIZED_CLIENT.exception("client is not allowed the authorization_code grant");
        }
        if (params.get("response_mode").filter(mode -> !mode.equals("query")).isPresent()) {
            throw OAuthError.INVALID_REQUEST.exception("only response_mode=query is supported");
        }
        Scope scope = Scope.parse(params.get("scope").orElse(""));
        if (!client.scope().containsAll(scope)) {
            throw OAuthError.INVALID_SCOPE.exception("scope exceeds what the client may ask for");
        }
        if (AdminScopes.any(scope)) {
            // An admin scope acts on other users: never in a token that carries a user (DESIGN §1.2).
            throw OAuthError.INVALID_SCOPE.exception("admin scopes are only issued through client_credentials");
        }
        Optional<String> codeChallenge = params.get("code_challenge")
                .map(challenge -> Pkce.requireChallenge(
                        challenge, params.get("code_challenge_method").orElse("plain")));
        if (codeChallenge.isEmpty() && params.has("code_challenge_method")) {
            throw OAuthError.INVALID_REQUEST.exception("code_challenge_method without code_challenge");
        }
        if (scope.contains(Scope.OPENID) && target.requestedRedirectUri().isEmpty()) {
            throw OAuthError.INVALID_REQUEST.exception("redirect_uri is required in an OpenID Connect request");
        }
        if (codeChallenge.isEmpty() && !client.isConfidential()) {
            throw OAuthError.INVALID_REQUEST.exception("public clients must use PKCE (code_challenge with S256)");
        }
        return new AuthorizationRequest(
                target,
                scope,
                bounded(params, "state", MAX_STATE),
                bounded(params, "nonce", MAX_NONCE),
                codeChallenge,
                params.get("prompt").map(Prompt::parse).orElse(Set.of()),
                params.get("max_age").map(AuthorizationRequest::maxAge),
                bounded(params, "login_hint", MAX_HINT),
                List.of(audience(params.get("resource"), settings)),
                params.only(PARAMETERS));
    }

    /** The raw {@code state}, echoed in error redirects even when the rest of the request is invalid. */
    public static Optional<String> rawState(FormParameters params) {
        return params.get("state").filter(s -> s.length() <= MAX_STATE);
    }

    private static Optional<String> bounded(FormParameters params, String name, int max) {
        Optional<String> value = params.get(name);
        if (value.isPresent() && value.get().length() > max) {
            throw OAuthError.INVALID_REQUEST.exception(name + " is longer than " + max + " characters");
        }
        return value;
    }

    private static Duration maxAge(String value) {
        try {
            long seconds = Long.parseLong(value);
            if (seconds < 0) {
                throw new NumberFormatException();
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw OAuthError.INVALID_REQUEST.exception("max_age must be a non-negative integer");
        }
    }

    /** RFC 8707 §2: an absolute URI without fragment, among the audiences this server issues tokens for. */
    public static String audience(Optional<String> resource, ServerSettings settings) {
        if (resource.isEmpty()) {
            return settings.defaultAudience();
        }
        try {
            URI uri = new URI(resource.get());
            if (!uri.isAbsolute() || uri.getRawFragment() != null) {
                throw OAuthError.INVALID_TARGET.exception("resource must be an absolute URI without fragment");
            }
        } catch (URISyntaxException e) {
            throw OAuthError.INVALID_TARGET.exception("resource must be an absolute URI without fragment");
        }
        if (!settings.audiences().contains(resource.get())) {
            throw OAuthError.INVALID_TARGET.exception("resource is not an audience of this server");
        }
        return resource.get();
    }

    /**
     * Whether the request asks for a fresh login whatever the session: {@code prompt=login}, {@code select_account},
     * or {@code max_age=0}, which OpenID Connect Core §3.1.2.1 makes equivalent to {@code prompt=login} (so it cannot
     * depend on whether any time has passed since the last login).
     */
    public boolean wantsLogin() {
        return prompt.contains(Prompt.LOGIN)
                || prompt.contains(Prompt.SELECT_ACCOUNT)
                || maxAge.filter(Duration::isZero).isPresent();
    }

    public boolean isPassive() {
        return prompt.contains(Prompt.NONE);
    }
}
