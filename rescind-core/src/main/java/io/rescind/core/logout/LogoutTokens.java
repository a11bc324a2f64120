package io.rescind.core.logout;

import com.nimbusds.jwt.JWTClaimsSet;
import io.rescind.core.client.Client;
import io.rescind.core.session.SessionId;
import io.rescind.core.token.JwtSigner;
import io.rescind.core.token.TokenTypes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/**
 * Mints logout tokens (OpenID Connect Back-Channel Logout 1.0 §2.4): {@code typ: logout+jwt}, signed with the key of
 * the client's ID token algorithm, never a {@code nonce} (§2.4 forbids it, so a logout token can never pass as an ID
 * token). Each attempt gets a fresh token with the notice's one {@code jti}.
 */
public final class LogoutTokens {
    public static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
    /** Long enough to cross a network, short enough that a captured token is soon worthless. */
    public static final Duration TTL = Duration.ofMinutes(2);

    private final JwtSigner signer;
    private final String issuer;
    private final Clock clock;

    public LogoutTokens(JwtSigner signer, String issuer, Clock clock) {
        this.signer = signer;
        this.issuer = issuer;
        this.clock = clock;
    }

    public String mint(Client client, LogoutNotice notice) {
        Instant now = clock.instant();
        var claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(notice.sub().value())
                .audience(client.id().value())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(TTL)))
                .jwtID(notice.jti())
                .claim("events", Map.of(EVENT, Map.of()));
        notice.sid().map(SessionId::value).ifPresent(sid -> claims.claim("sid", sid));
        return signer.sign(client.idTokenSignedResponseAlg(), TokenTypes.LOGOUT_TOKEN, claims.build());
    }
}
