package io.rescind.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rescind.core.secret.SecretHash;
import io.rescind.core.secret.SecretHashing;
import io.rescind.core.user.Email;
import io.rescind.core.user.PhoneNumber;
import io.rescind.core.user.Subject;
import io.rescind.core.user.Uid;
import io.rescind.core.user.User;
import io.rescind.core.user.UserStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Applies user fields ({@code uid}, {@code password} or {@code password_file}, {@code email}, {@code phone_number},
 * {@code name}, {@code roles}, {@code disabled}) to a user: the one mapping, used by the config file and by
 * {@code rescind user add}. A new user gets an immutable random {@code sub}.
 */
public final class UserFields {
    static final Set<String> FIELDS =
            Set.of("uid", "password", "password_file", "email", "phone_number", "name", "roles", "disabled");

    private UserFields() {}

    public static User apply(Optional<User> existing, ObjectNode fields, SecretHashing hashing, Path baseDir) {
        String uid = SecretSource.text(fields, "uid", "user");
        String where = "user '" + uid + "'";
        fields.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw new ConfigException(where + ": unknown field '" + name + "'");
            }
        });
        try {
            Optional<String> password = SecretSource.read(fields, "password", baseDir, where);
            SecretHash hash = password.map(p -> existing.filter(u -> hashing.verify(p, u.passwordHash()))
                            .map(User::passwordHash)
                            .orElseGet(() -> hashing.hashPassword(p)))
                    .or(() -> existing.map(User::passwordHash))
                    .orElseThrow(() -> new ConfigException(where + ": a new user needs password or password_file"));
            return new User(
                    existing.map(User::sub).orElseGet(Subject::random),
                    new Uid(uid),
                    fields.has("email") ? optionalText(fields, "email").map(Email::new) : existing.flatMap(User::email),
                    fields.has("phone_number")
                            ? optionalText(fields, "phone_number").map(PhoneNumber::new)
                            : existing.flatMap(User::phoneNumber),
                    fields.has("name") ? optionalText(fields, "name") : existing.flatMap(User::name),
                    fields.has("roles")
                            ? roles(fields.get("roles"))
                            : existing.map(User::roles).orElse(List.of()),
                    hash,
                    fields.has("disabled")
                            ? (fields.get("disabled").asBoolean() ? UserStatus.DISABLED : UserStatus.ACTIVE)
                            : existing.map(User::status).orElse(UserStatus.ACTIVE));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> optionalText(JsonNode fields, String name) {
        JsonNode node = fields.get(name);
        return node.isNull() || node.asText().isEmpty() ? Optional.empty() : Optional.of(node.asText());
    }

    private static List<String> roles(JsonNode node) {
        var roles = new ArrayList<String>();
        if (node.isArray()) {
            node.forEach(n -> roles.add(n.asText()));
        } else {
            for (String part : node.asText().split("[\\s,]+")) {
                if (!part.isEmpty()) {
                    roles.add(part);
                }
            }
        }
        return roles;
    }
}
