package io.rescind.core.revocation;

import io.rescind.core.directory.SubjectIdentifier;
import io.rescind.core.directory.UserCriterion;
import io.rescind.core.directory.UserDirectory;
import io.rescind.core.user.User;
import java.util.Optional;

/**
 * Revocations that name a user: the global token revocation (every token, grant, code and session of the user) and
 * the session revocation (the user's sessions and the online grants bound to them). Both answer whether the user was
 * found; neither tells the caller more.
 */
public final class UserRevocation {
    private final UserDirectory directory;
    private final Revocations revocations;

    public UserRevocation(UserDirectory directory, Revocations revocations) {
        this.directory = directory;
        this.revocations = revocations;
    }

    /** Global token revocation (DESIGN §1 row 1): the subject epoch advances in one transaction. */
    public Optional<User> revokeEverything(SubjectIdentifier subject, RevocationAudit audit) {
        Optional<User> user = directory.find(subject);
        user.ifPresent(u -> revocations.revoke(new RevocationTarget.User(u.sub()), audit));
        return user;
    }

    /** Session revocation (DESIGN §1 row 2): every session of the user, with its online grants. */
    public Optional<User> revokeSessions(UserCriterion criterion, RevocationAudit audit) {
        Optional<User> user = directory.find(criterion);
        user.ifPresent(u -> revocations.revoke(new RevocationTarget.Sessions(u.sub(), Optional.empty()), audit));
        return user;
    }
}
