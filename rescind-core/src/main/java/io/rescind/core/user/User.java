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
        if (name.isPresent() && (name.get().length() > 256 || name.get().chars().anyMatch(Character::isISOControl))) {
            throw new IllegalArgumentException("name must be at most 256 characters, without control characters");
        }
        if (roles.stream()
                .anyMatch(r -> r.isBlank() || r.length() > 64 || r.chars().anyMatch(c -> c <= 0x20 || c == 0x7f))) {
            throw new IllegalArgumentException("a role is 1 to 64 characters without spaces or control characters");
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
