package io.rescind.core.protocol;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A set of scope tokens (RFC 6749 §3.3): space-delimited, each {@code 1*( %x21 / %x23-5B / %x5D-7E )}.
 */
public record Scope(Set<String> values) {
    public static final String OPENID = "openid";
    public static final String OFFLINE_ACCESS = "offline_access";

    public Scope {
        values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
        values.forEach(Scope::checkToken);
    }

    public static Scope empty() {
        return new Scope(Set.of());
    }

    public static Scope of(String... tokens) {
        return new Scope(new LinkedHashSet<>(Arrays.asList(tokens)));
    }

    /** Parses a {@code scope} parameter; an invalid token answers {@code invalid_scope}. */
    public static Scope parse(String encoded) {
        String trimmed = encoded.strip();
        if (trimmed.isEmpty()) {
            return empty();
        }
        return new Scope(new LinkedHashSet<>(Arrays.asList(trimmed.split(" +"))));
    }

    private static void checkToken(String token) {
        if (token.isEmpty() || token.length() > 256) {
            throw OAuthError.INVALID_SCOPE.exception("malformed scope");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c == 0x22 || c == 0x5c || c > 0x7e) {
                throw OAuthError.INVALID_SCOPE.exception("malformed scope");
            }
        }
    }

    public boolean contains(String token) {
        return values.contains(token);
    }

    public boolean containsAll(Scope other) {
        return values.containsAll(other.values);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public Scope without(Set<String> tokens) {
        return new Scope(
                values.stream().filter(t -> !tokens.contains(t)).collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    /** The wire form: tokens joined by single spaces. */
    public String encode() {
        return String.join(" ", values);
    }

    @Override
    public String toString() {
        return encode();
    }
}
