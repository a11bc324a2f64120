package io.rescind.core.grant;

import io.rescind.core.client.ClientId;
import io.rescind.core.revocation.Epochs;
import io.rescind.core.user.Subject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where codes, grants and refresh tokens live (implemented by the PostgreSQL store). */
public interface GrantStore {
    /** The epochs current now for this user and client. */
    Epochs currentEpochs(Subject sub, ClientId clientId);

    void saveCode(byte[] codeHash, AuthorizationCode code);

    CodeOutcome redeemCode(CodeRedemption redemption);

    RefreshOutcome rotateRefreshToken(RefreshRotation rotation);

    /**
     * The refresh token with this hash if it is active at {@code now}: current in its family, unexpired, its grant
     * not revoked and its epochs current.
     */
    Optional<ActiveRefreshToken> findActiveRefreshToken(byte[] hash, Instant now);

    /** The grant of a refresh token, whatever the state of either, while the store still knows it. */
    Optional<Grant> findGrantOfRefreshToken(byte[] hash);

    /**
     * The live grants of a user or of a client at {@code now}, newest first, at most {@code limit}: not revoked, their
     * epochs current, and an access or refresh token of theirs not yet expired. Client_credentials tokens are each
     * their own grant without a row, so they are not listed.
     */
    List<LiveGrant> live(GrantOwner owner, Instant now, int limit);
}
