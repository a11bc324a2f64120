package io.rescind.core.admin;

import io.rescind.core.revocation.RevocationEffect;
import io.rescind.core.revocation.RevocationTarget;
import io.rescind.core.revocation.Revocations;
import io.rescind.core.secret.SecretHash;
import io.rescind.core.settings.RevocationSettings;
import io.rescind.core.user.User;
import io.rescind.core.user.UserStatus;
import io.rescind.core.user.UserStore;
import java.util.Optional;

/**
 * Changes to users that carry their cascade (DESIGN §1.3): the one path the CLI, the config file and the admin API
 * take. The revocation and the change commit in one transaction: the user is never changed with live tokens, and a
 * login between the two cannot mint tokens that outlive a disable.
 */
public final class UserAdministration {
    private final UserStore users;
    private final Revocations revocations;
    private final RevocationSettings settings;

    public UserAdministration(UserStore users, Revocations revocations, RevocationSettings settings) {
        this.users = users;
        this.revocations = revocations;
        this.settings = settings;
    }

    /** Saves {@code after} over {@code before} (empty: a new user), revoking what the change calls for. */
    public Optional<AdminChange> save(Optional<User> before, User after, Operator operator) {
        Optional<AdminChange> change = AdminChange.ofUser(before, Optional.of(after), settings);
        if (change.isPresent()) {
            revoke(after, change.get(), operator, new RevocationEffect.SaveUser(after));
        } else {
            users.save(after);
        }
        return change;
    }

    /**
     * Disables the user and revokes everything of it. An explicit disable revokes even a user already disabled: the
     * operator asked for the user's tokens to be dead, and this makes sure.
     */
    public void disable(User user, Operator operator) {
        revoke(
                user,
                AdminChange.USER_DISABLED,
                operator,
                new RevocationEffect.SaveUser(user.withStatus(UserStatus.DISABLED)));
    }

    public void enable(User user) {
        users.save(user.withStatus(UserStatus.ACTIVE));
    }

    /** Revokes everything of the user, then deletes it; its subject epoch outlives it. */
    public void remove(User user, Operator operator) {
        revoke(user, AdminChange.USER_DELETED, operator, new RevocationEffect.RemoveUser(user.sub()));
    }

    /** Sets a new password; revokes everything of the user unless the settings keep its tokens. */
    public Optional<AdminChange> changePassword(User user, SecretHash newHash, Operator operator) {
        return save(Optional.of(user), user.withPasswordHash(newHash), operator);
    }

    private void revoke(User user, AdminChange change, Operator operator, RevocationEffect.AdminChangeEffect effect) {
        revocations.revokeAndChange(new RevocationTarget.User(user.sub()), operator.audit(change.reason()), effect);
    }
}
