package io.rescind.core.user;

import java.util.List;
import java.util.Optional;

/** Where users live (implemented by the PostgreSQL store). */
public interface UserStore {
    Optional<User> find(Subject sub);

    Optional<User> findByUid(Uid uid);

    Optional<User> findByEmail(Email email);

    Optional<User> findByPhoneNumber(PhoneNumber phoneNumber);

    List<User> list();

    /**
     * Inserts or replaces the user (keyed by {@code sub}); a new user starts at subject epoch 0. A {@code uid},
     * email or phone number already used by another user is refused with {@link IllegalArgumentException}.
     */
    void save(User user);

    /** Deletes the user; answers whether it existed. */
    boolean remove(Subject sub);
}
