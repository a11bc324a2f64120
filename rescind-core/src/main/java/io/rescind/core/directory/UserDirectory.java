package io.rescind.core.directory;

import io.rescind.core.protocol.OAuthError;
import io.rescind.core.user.Email;
import io.rescind.core.user.PhoneNumber;
import io.rescind.core.user.Subject;
import io.rescind.core.user.Uid;
import io.rescind.core.user.User;
import io.rescind.core.user.UserStore;
import java.util.HashSet;
import java.util.Optional;

/**
 * Finds the one user a criterion or {@code sub_id} names. Emails are unique case-insensitively, phone numbers in
 * E.164, {@code uid} and {@code sub} unique, so there is never a "first of several" (DESIGN §1.1).
 */
public final class UserDirectory {
    private final UserStore users;

    public UserDirectory(UserStore users) {
        this.users = users;
    }

    public Optional<User> find(UserCriterion criterion) {
        try {
            return switch (criterion.attribute()) {
                case UID -> users.findByUid(new Uid(criterion.value()));
                case EMAIL -> users.findByEmail(new Email(criterion.value()));
                case SUB -> users.find(new Subject(criterion.value()));
                case PHONE_NUMBER -> users.findByPhoneNumber(new PhoneNumber(criterion.value()));
            };
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a value no user can have (a malformed email or sub) names nobody
        }
    }

    /** The user a {@code sub_id} names; {@code invalid_request} when aliases name different users. */
    public Optional<User> find(SubjectIdentifier identifier) {
        return switch (identifier) {
            case SubjectIdentifier.Single single -> find(single.criterion());
            case SubjectIdentifier.Foreign foreign -> Optional.empty();
            case SubjectIdentifier.Aliases aliases -> {
                var found = new HashSet<Optional<Subject>>();
                Optional<User> user = Optional.empty();
                for (SubjectIdentifier alias : aliases.identifiers()) {
                    Optional<User> one = find(alias);
                    found.add(one.map(User::sub));
                    user = user.or(() -> one);
                }
                if (found.size() > 1) {
                    throw OAuthError.INVALID_REQUEST.exception("the aliases do not all name the same user");
                }
                yield user;
            }
        };
    }
}
