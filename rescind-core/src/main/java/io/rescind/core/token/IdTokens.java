package io.rescind.core.token;

import com.nimbusds.jwt.JWTClaimsSet;
import io.rescind.core.client.Client;
import io.rescind.core.session.SessionId;
import io.rescind.core.user.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/** Mints OpenID Connect ID tokens (Core §2), signed with the algorithm the client registered (RS256 by default). */
public final class IdTokens {
    public static final Duration TTL = Duration.ofHours(1);
    private final JwtSigner signer;
    private final String issuer;
    private final Clock clock;

    public IdTokens(JwtSigner signer, String issuer, Clock clock) {
        this.signer = signer;
        this.issuer = issuer;
        this.clock = clock;
    }

    /** Throws 503 unless this client's ID tokens can be signed now. */
    public void requireReady(Client client) {
        signer.requireReady(client.idTokenSignedResponseAlg());
    }

    /** The ID token of a grant; {@code nonce} only at the code exchange (Core §12.2: not on refresh). */
    public String mint(Client client, User user, Instant authTime, Optional<SessionId> sid, Optional<String> nonce) {
        Instant now = clock.instant();
        var claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(user.sub().value())
                .audience(client.id().value())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(TTL)))
                .claim("auth_time", authTime.getEpochSecond())
                .claim("azp", client.id().value());
        sid.ifPresent(s -> claims.claim("sid", s.value()));
        nonce.ifPresent(n -> claims.claim("nonce", n));
        return signer.sign(client.idTokenSignedResponseAlg(), TokenTypes.ID_TOKEN, claims.build());
    }
}
