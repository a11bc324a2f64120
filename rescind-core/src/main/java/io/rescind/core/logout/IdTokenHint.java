package io.rescind.core.logout;

import com.nimbusds.jwt.JWTClaimsSet;
import io.rescind.core.client.ClientId;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.OAuthException;
import io.rescind.core.session.SessionId;
import io.rescind.core.token.JwtVerifier;
import io.rescind.core.token.VerifiedJwt;
import io.rescind.core.user.Subject;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;

/**
 * The {@code id_token_hint} of an end-session request (RP-Initiated Logout 1.0 §2): an ID token this server issued,
 * verified by a verifier pinned to the ID token's {@code typ} that ignores expiry, since the spec lets an RP send an
 * expired one. It names the user, the session and the client; it proves nothing about the browser that sent it.
 */
public record IdTokenHint(Subject sub, Optional<SessionId> sid, List<ClientId> audience, Optional<ClientId> azp) {
    public IdTokenHint {
        audience = List.copyOf(audience);
    }

    /** Throws {@code invalid_request} for anything but an ID token of this server (forged, unsigned, another type). */
    public static IdTokenHint verify(String token, JwtVerifier idTokens) {
        VerifiedJwt jwt = idTokens.verify(token).orElseThrow(IdTokenHint::invalid);
        JWTClaimsSet claims = jwt.claims();
        try {
            String sid = claims.getStringClaim("sid");
            String azp = claims.getStringClaim("azp");
            return new IdTokenHint(
                    new Subject(claims.getSubject()),
                    Optional.ofNullable(sid).map(SessionId::new),
                    claims.getAudience().stream().map(ClientId::new).toList(),
                    Optional.ofNullable(azp).map(ClientId::new));
        } catch (ParseException | IllegalArgumentException | OAuthException e) {
            throw invalid();
        }
    }

    /** The client the token was issued to: its one audience, or its {@code azp} (OIDC Core §2). */
    public Optional<ClientId> client() {
        if (audience.size() == 1) {
            return Optional.of(audience.getFirst());
        }
        return azp.filter(audience::contains);
    }

    private static OAuthException invalid() {
        return OAuthError.INVALID_REQUEST.exception("id_token_hint is not an ID token issued by this server");
    }

    @Override
    public String toString() {
        return "IdTokenHint[sub=" + sub + ", sid=" + sid.map(SessionId::value).orElse("-") + "]";
    }
}
