package io.rescind.store.testing;

import io.rescind.core.secret.SecretHash;
import io.rescind.core.user.Email;
import io.rescind.core.user.PhoneNumber;
import io.rescind.core.user.Subject;
import io.rescind.core.user.Uid;
import io.rescind.core.user.User;
import io.rescind.core.user.UserStatus;
import java.util.List;
import java.util.Optional;

/** Users as builders: an active user with a fresh {@code sub}, no email, no phone number. */
public final class TestUsers {
    /** A well-formed Argon2id hash (of nothing in particular: store tests never check passwords). */
    public static final SecretHash PASSWORD_HASH =
            new SecretHash("$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG");

    private TestUsers() {}

    public static UserBuilder user(String uid) {
        return new UserBuilder(uid);
    }

    public static final class UserBuilder {
        private Subject sub = Subject.random();
        private final Uid uid;
        private Optional<Email> email = Optional.empty();
        private Optional<PhoneNumber> phoneNumber = Optional.empty();
        private Optional<String> name = Optional.empty();
        private List<String> roles = List.of();
        private UserStatus status = UserStatus.ACTIVE;

        private UserBuilder(String uid) {
            this.uid = new Uid(uid);
        }

        public UserBuilder sub(Subject value) {
            sub = value;
            return this;
        }

        public UserBuilder email(String value) {
            email = Optional.of(new Email(value));
            return this;
        }

        public UserBuilder phoneNumber(String value) {
            phoneNumber = Optional.of(new PhoneNumber(value));
            return this;
        }

        public UserBuilder name(String value) {
            name = Optional.of(value);
            return this;
        }

        public UserBuilder roles(String... values) {
            roles = List.of(values);
            return this;
        }

        public UserBuilder status(UserStatus value) {
            status = value;
            return this;
        }

        public User build() {
            return new User(sub, uid, email, phoneNumber, name, roles, PASSWORD_HASH, status);
        }
    }
}
