package io.rescind.store;

import io.rescind.core.secret.SecretHash;
import io.rescind.core.user.Email;
import io.rescind.core.user.PhoneNumber;
import io.rescind.core.user.Subject;
import io.rescind.core.user.Uid;
import io.rescind.core.user.User;
import io.rescind.core.user.UserStatus;
import io.rescind.core.user.UserStore;
import io.rescind.store.sql.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.postgresql.util.PSQLException;

/** Users in PostgreSQL; {@code uid}, email and phone number are each unique. */
public final class PgUsers implements UserStore {
    private final Jdbc jdbc;
    private final Clock clock;

    public PgUsers(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Optional<User> find(Subject sub) {
        return jdbc.run(c -> Jdbc.one(c, "SELECT * FROM users WHERE sub = ?", PgUsers::map, sub.value()));
    }

    @Override
    public Optional<User> findByUid(Uid uid) {
        return jdbc.run(c -> Jdbc.one(c, "SELECT * FROM users WHERE uid = ?", PgUsers::map, uid.value()));
    }

    @Override
    public Optional<User> findByEmail(Email email) {
        return jdbc.run(c -> Jdbc.one(c, "SELECT * FROM users WHERE email = ?", PgUsers::map, email.value()));
    }

    @Override
    public Optional<User> findByPhoneNumber(PhoneNumber phoneNumber) {
        return jdbc.run(
                c -> Jdbc.one(c, "SELECT * FROM users WHERE phone_number = ?", PgUsers::map, phoneNumber.value()));
    }

    @Override
    public List<User> list() {
        return jdbc.run(c -> Jdbc.list(c, "SELECT * FROM users ORDER BY uid", PgUsers::map));
    }

    @Override
    public void save(User user) {
        jdbc.inTransaction(c -> {
            upsert(c, user, clock.instant());
            return null;
        });
    }

    /** Inserts or updates the user in the caller's transaction (also a revocation's, for an admin change). */
    static void upsert(Connection c, User user, Instant now) throws SQLException {
        try {
            Jdbc.update(
                    c,
                    """
                    INSERT INTO users (sub, uid, email, phone_number, name, roles, password_hash, disabled,
                        created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (sub) DO UPDATE SET
                        uid = EXCLUDED.uid,
                        email = EXCLUDED.email,
                        phone_number = EXCLUDED.phone_number,
                        name = EXCLUDED.name,
                        roles = EXCLUDED.roles,
                        password_hash = EXCLUDED.password_hash,
                        disabled = EXCLUDED.disabled,
                        updated_at = EXCLUDED.updated_at
                    """,
                    user.sub().value(),
                    user.uid().value(),
                    user.email().map(Email::value),
                    user.phoneNumber().map(PhoneNumber::value),
                    user.name(),
                    user.roles(),
                    user.passwordHash().encoded(),
                    user.status() == UserStatus.DISABLED,
                    now,
                    now);
        } catch (PSQLException e) {
            if (Jdbc.isUniqueViolation(e)) {
                throw new IllegalArgumentException(duplicate(e) + " is already used by another user", e);
            }
            throw e;
        }
        Jdbc.update(
                c,
                "INSERT INTO subject_epochs (sub) VALUES (?) ON CONFLICT DO NOTHING",
                user.sub().value());
        PgChangeNotices.publish(c, ChangeTopic.USERS);
    }

    private static String duplicate(PSQLException e) {
        String constraint = Optional.ofNullable(e.getServerErrorMessage())
                .map(m -> m.getConstraint())
                .orElse("");
        if (constraint.contains("email")) {
            return "email";
        }
        if (constraint.contains("phone")) {
            return "phone_number";
        }
        return "uid";
    }

    @Override
    public boolean remove(Subject sub) {
        return jdbc.inTransaction(c -> delete(c, sub));
    }

    /** Deletes the user in the caller's transaction; its subject epoch stays. */
    static boolean delete(Connection c, Subject sub) throws SQLException {
        PgChangeNotices.publish(c, ChangeTopic.USERS);
        return Jdbc.update(c, "DELETE FROM users WHERE sub = ?", sub.value()) == 1;
    }

    static User map(ResultSet row) throws SQLException {
        return new User(
                new Subject(row.getString("sub")),
                new Uid(row.getString("uid")),
                Jdbc.optionalString(row, "email").map(Email::new),
                Jdbc.optionalString(row, "phone_number").map(PhoneNumber::new),
                Jdbc.optionalString(row, "name"),
                Jdbc.strings(row, "roles"),
                new SecretHash(row.getString("password_hash")),
                row.getBoolean("disabled") ? UserStatus.DISABLED : UserStatus.ACTIVE);
    }
}
