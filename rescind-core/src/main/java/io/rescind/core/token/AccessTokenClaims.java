package io.rescind.core.token;

import io.rescind.core.client.ClientId;
import io.rescind.core.grant.GrantId;
import io.rescind.core.protocol.Scope;
import io.rescind.core.revocation.Epochs;
import io.rescind.core.session.SessionId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The claims of an RFC 9068 access token, plus Rescind's: the grant, the session and the epochs that decide its
 * revocation (DESIGN §2, §3).
 */
public record AccessTokenClaims(
        String jti,
        TokenSubject subject,
        ClientId clientId,
        List<String> audience,
        Scope scope,
        Instant issuedAt,
        Instant expiresAt,
        GrantId grantId,
        Optional<SessionId> sid,
        Epochs epochs,
        List<String> roles,
        Optional<Instant> authTime) {

    public static final String CLIENT_ID = "client_id";
    public static final String SCOPE = "scope";
    public static final String SID = "sid";
    public static final String GRANT_ID = "grant_id";
    public static final String SUBJECT_EPOCH = "sub_epoch";
    public static final String CLIENT_EPOCH = "client_epoch";
    public static final String ROLES = "roles";
    public static final String AUTH_TIME = "auth_time";

    public AccessTokenClaims {
        audience = List.copyOf(audience);
        roles = List.copyOf(roles);
        if (audience.isEmpty()) {
            throw new IllegalArgumentException("an access token needs an audience");
        }
    }
}
