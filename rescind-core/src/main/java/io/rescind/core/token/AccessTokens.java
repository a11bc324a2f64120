package io.rescind.core.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import io.rescind.core.client.ClientId;
import io.rescind.core.grant.GrantId;
import io.rescind.core.protocol.Scope;
import io.rescind.core.revocation.Epochs;
import io.rescind.core.session.SessionId;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/** Mints RFC 9068 access tokens (ES256, {@code typ: at+jwt}) and reads their claims back. */
public final class AccessTokens {
    private final JwtSigner signer;
    private final String issuer;

    public AccessTokens(JwtSigner signer, String issuer) {
        this.signer = signer;
        this.issuer = issuer;
    }

    /** Throws 503 unless an access token can be signed now. */
    public void requireReady() {
        signer.requireReady(JWSAlgorithm.ES256);
    }

    public String mint(AccessTokenClaims claims) {
        var builder = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(claims.subject().claim())
                .audience(claims.audience())
                .issueTime(Date.from(claims.issuedAt()))
                .expirationTime(Date.from(claims.expiresAt()))
                .jwtID(claims.jti())
                .claim(AccessTokenClaims.CLIENT_ID, claims.clientId().value())
                .claim(AccessTokenClaims.SCOPE, claims.scope().encode())
                .claim(AccessTokenClaims.GRANT_ID, claims.grantId().value())
                .claim(AccessTokenClaims.SUBJECT_EPOCH, claims.epochs().subject())
                .claim(AccessTokenClaims.CLIENT_EPOCH, claims.epochs().client());
        claims.sid().ifPresent(sid -> builder.claim(AccessTokenClaims.SID, sid.value()));
        claims.authTime().ifPresent(t -> builder.claim(AccessTokenClaims.AUTH_TIME, t.getEpochSecond()));
        if (!claims.roles().isEmpty()) {
            builder.claim(AccessTokenClaims.ROLES, claims.roles());
        }
        return signer.sign(JWSAlgorithm.ES256, TokenTypes.ACCESS_TOKEN, builder.build());
    }

    /** Reads verified JWT claims as access-token claims; empty when a claim Rescind always sets is missing. */
    public static Optional<AccessTokenClaims> read(JWTClaimsSet jwt) {
        try {
            String sid = jwt.getStringClaim(AccessTokenClaims.SID);
            Long authTime = jwt.getLongClaim(AccessTokenClaims.AUTH_TIME);
            List<String> roles = jwt.getStringListClaim(AccessTokenClaims.ROLES);
            return Optional.of(new AccessTokenClaims(
                    required(jwt.getJWTID()),
                    TokenSubject.parse(required(jwt.getSubject())),
                    new ClientId(required(jwt.getStringClaim(AccessTokenClaims.CLIENT_ID))),
                    jwt.getAudience(),
                    Scope.parse(required(jwt.getStringClaim(AccessTokenClaims.SCOPE))),
                    jwt.getIssueTime().toInstant(),
                    jwt.getExpirationTime().toInstant(),
                    new GrantId(required(jwt.getStringClaim(AccessTokenClaims.GRANT_ID))),
                    Optional.ofNullable(sid).map(SessionId::new),
                    new Epochs(
                            required(jwt.getLongClaim(AccessTokenClaims.SUBJECT_EPOCH)),
                            required(jwt.getLongClaim(AccessTokenClaims.CLIENT_EPOCH))),
                    roles == null ? List.of() : roles,
                    Optional.ofNullable(authTime).map(Instant::ofEpochSecond)));
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static <T> T required(T value) {
        if (value == null) {
            throw new IllegalArgumentException("missing claim");
        }
        return value;
    }
}
