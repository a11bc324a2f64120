package io.rescind.core.directory;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The attributes a revocation may name a user by (DESIGN §1.1): an allow-list, each mapped to a fixed column by the
 * store. Never SQL built from input.
 */
public enum UserAttribute {
    UID(List.of("uid")),
    EMAIL(List.of("email", "mail")),
    SUB(List.of("sub")),
    PHONE_NUMBER(List.of("phone_number"));

    private final List<String> names;

    UserAttribute(List<String> names) {
        this.names = names;
    }

    public static Optional<UserAttribute> fromName(String name) {
        return Arrays.stream(values()).filter(a -> a.names.contains(name)).findFirst();
    }
}
