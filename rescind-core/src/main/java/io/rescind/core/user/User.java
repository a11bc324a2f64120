package io.rescind.core.user;

import io.rescind.core.secret.SecretHash;
import java.util.List;
import java.util.Optional;

/** A user who can log in at the login form. */
public record User(
        Subject sub,
        Uid uid,
        Optional<Email> email,
        Optional<PhoneNumber> phoneNumber,
        Optional<String> name,
        List<String> roles,
        SecretHash passwordHash,
        UserStatus status) {

    public User {
        roles = List.copyOf(roles);
        if (name.isPresent() && name.get().length() > 256) {
            throw new IllegalArgumentException("name is longer than 256 characters");
        }
    }

    public boolean isActive() {
        return status == UserStatus.ACTIVE;
    }

    public User withStatus(UserStatus newStatus) {
        return new User(sub, uid, email, phoneNumber, name, roles, passwordHash, newStatus);
    }

    public User withPasswordHash(SecretHash newHash) {
        return new User(sub, uid, email, phoneNumber, name, roles, newHash, status);
    }

    @Override
    public String toString() {
        return "User[" + sub + ", " + uid + "]";
    }
}
