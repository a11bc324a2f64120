package io.rescind.core.admin;

import io.rescind.core.client.Client;
import io.rescind.core.settings.RevocationSettings;
import io.rescind.core.user.User;
import java.util.Locale;
import java.util.Optional;

/**
 * The admin changes that revoke (DESIGN §1.3): a user disabled, deleted or given a new password revokes the whole
 * user; a client disabled, deleted or given a new secret revokes the whole client. Password changes and secret
 * rotations revoke only when the settings say so. Pure: the administrations carry it out.
 */
public enum AdminChange {
    USER_DISABLED,
    USER_DELETED,
    PASSWORD_CHANGED,
    CLIENT_DISABLED,
    CLIENT_DELETED,
    CLIENT_SECRET_ROTATED;

    /** The reason recorded in the revocation log. */
    public String reason() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * What going from {@code before} to {@code after} (empty: deleted) revokes. A user that did not exist has nothing
     * to revoke; one already disabled was revoked when it was disabled, so saving it again revokes nothing.
     */
    public static Optional<AdminChange> ofUser(
            Optional<User> before, Optional<User> after, RevocationSettings settings) {
        if (before.isEmpty()) {
            return Optional.empty();
        }
        if (after.isEmpty()) {
            return Optional.of(USER_DELETED);
        }
        if (before.get().isActive() && !after.get().isActive()) {
            return Optional.of(USER_DISABLED);
        }
        if (!before.get().passwordHash().equals(after.get().passwordHash())
                && settings.onPasswordChange() == RevocationSettings.Cascade.REVOKE) {
            return Optional.of(PASSWORD_CHANGED);
        }
        return Optional.empty();
    }

    /** What going from {@code before} to {@code after} (empty: deleted) revokes, by the same rules as for users. */
    public static Optional<AdminChange> ofClient(
            Optional<Client> before, Optional<Client> after, RevocationSettings settings) {
        if (before.isEmpty()) {
            return Optional.empty();
        }
        if (after.isEmpty()) {
            return Optional.of(CLIENT_DELETED);
        }
        if (before.get().isActive() && !after.get().isActive()) {
            return Optional.of(CLIENT_DISABLED);
        }
        boolean rotated = before.get().secretHash().isPresent()
                && after.get().secretHash().isPresent()
                && !before.get().secretHash().equals(after.get().secretHash());
        if (rotated && settings.onClientSecretRotation() == RevocationSettings.Cascade.REVOKE) {
            return Optional.of(CLIENT_SECRET_ROTATED);
        }
        return Optional.empty();
    }
}
