package io.rescind.core.authorize;

import io.rescind.core.grant.AuthorizationCode;
import io.rescind.core.grant.GrantStore;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.session.LoginSession;
import io.rescind.core.settings.ServerSettings;
import io.rescind.core.token.OpaqueTokenKind;
import io.rescind.core.token.OpaqueTokens;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Decides what a valid authorization request needs given the browser's session, and issues codes. */
public final class Authorizer {
    private final GrantStore grants;
    private final OpaqueTokens tokens;
    private final ServerSettings settings;
    private final Clock clock;

    public Authorizer(GrantStore grants, OpaqueTokens tokens, ServerSettings settings, Clock clock) {
        this.grants = grants;
        this.tokens = tokens;
        this.settings = settings;
        this.clock = clock;
    }

    /** What to do next with an authorization request. */
    public sealed interface Decision {
        /** The session suffices: redirect with a code. */
        record IssueCode(LoginSession session) implements Decision {}

        /** The user must log in first. */
        record AskLogin() implements Decision {}

        /** {@code prompt=none} and a login would be needed: redirect with {@code login_required}. */
        record LoginRequired() implements Decision {}
    }

    public Decision decide(AuthorizationRequest request, Optional<LoginSession> session) {
        boolean sessionSuffices = session.isPresent()
                && !request.wantsLogin()
                && request.maxAge()
                        // Compared as durations: authTime + max_age could overflow an Instant.
                        .map(maxAge -> Duration.between(session.get().authTime(), clock.instant())
                                        .compareTo(maxAge)
                                <= 0)
                        .orElse(true);
        if (sessionSuffices) {
            return new Decision.IssueCode(session.get());
        }
        return request.isPassive() ? new Decision.LoginRequired() : new Decision.AskLogin();
    }

    /** Issues a code for the request within the session and answers the redirect that carries it. */
    public URI issueCode(AuthorizationRequest request, LoginSession session) {
        Instant now = clock.instant();
        String code = tokens.mint(OpaqueTokenKind.AUTHORIZATION_CODE);
        grants.saveCode(
                OpaqueTokens.storageHash(code),
                new AuthorizationCode(
                        request.client().id(),
                        session.sub(),
                        session.sid(),
                        request.target().redirectUri(),
                        request.target().requestedRedirectUri(),
                        request.scope(),
                        request.nonce(),
                        request.codeChallenge(),
                        request.audience(),
                        session.authTime(),
                        grants.currentEpochs(session.sub(), request.client().id()),
                        now.plus(settings.authorizationCodeTtl())));
        return AuthorizationResponse.success(
                request.target().redirectUri(),
                code,
                request.state(),
                settings.issuer().toString());
    }

    /** The {@code login_required} redirect of a passive request that would need a login. */
    public URI loginRequired(AuthorizationRequest request) {
        return AuthorizationResponse.error(
                request.target().redirectUri(),
                OAuthError.LOGIN_REQUIRED.exception("the user must log in"),
                request.state(),
                settings.issuer().toString());
    }
}
