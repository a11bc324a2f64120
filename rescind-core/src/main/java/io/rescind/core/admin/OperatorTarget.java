package io.rescind.core.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.rescind.core.client.ClientId;
import io.rescind.core.directory.UserAttribute;
import io.rescind.core.directory.UserCriterion;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.OAuthException;
import io.rescind.core.protocol.Printable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What an operator revokes through the CLI or the admin API: a token (its grant), a user, a user's sessions, a
 * client or a signing key. Parsing throws {@code invalid_request} for anything malformed or unknown.
 */
public sealed interface OperatorTarget {
    /** An access or refresh token of this server: its whole grant, as RFC 7009 does. */
    record Token(String token) implements OperatorTarget {
        public Token {
            if (token.isEmpty() || token.length() > 8192) {
                throw invalid("the token must be 1 to 8192 characters");
            }
        }

        @Override
        public String toString() {
            return "Token[...]";
        }
    }

    /** Everything of a user (the subject epoch), as the global token revocation does. */
    record User(UserCriterion criterion) implements OperatorTarget {}

    /** Every login session of a user and the online grants bound to them, as the session revocation does. */
    record Sessions(UserCriterion criterion) implements OperatorTarget {}

    /** Everything issued to a client (the client epoch). */
    record Client(ClientId clientId) implements OperatorTarget {}

    /** A compromised signing key: every token it signed. */
    record Key(String kid) implements OperatorTarget {
        public Key {
            if (!kid.matches("[A-Za-z0-9_-]{1,128}")) {
                throw invalid("malformed kid");
            }
        }
    }

    /** A user named as {@code <attribute>=<value>}, the attribute from the allow-list of DESIGN §1.1. */
    static UserCriterion criterion(String attributeAndValue) {
        int eq = attributeAndValue.indexOf('=');
        if (eq <= 0) {
            throw invalid("name the user as <attribute>=<value>, the attribute one of uid, email, mail, sub,"
                    + " phone_number");
        }
        return UserCriterion.of(attributeAndValue.substring(0, eq), attributeAndValue.substring(eq + 1));
    }

    /** A client id as the operator typed it; malformed is {@code invalid_request}, not a client-authentication error. */
    static ClientId clientId(String value) {
        try {
            return new ClientId(value);
        } catch (OAuthException e) {
            throw invalid("malformed client_id");
        }
    }

    /**
     * The {@code target} of {@code POST /admin/revocations}: {@code {"type": "token", "token": ...}},
     * {@code {"type": "user" | "sessions", "<attribute>": <value>}} with exactly one attribute of the allow-list,
     * {@code {"type": "client", "client_id": ...}} or {@code {"type": "key", "kid": ...}}.
     */
    static OperatorTarget parse(JsonNode target) {
        if (target == null || !target.isObject()) {
            throw invalid("target must be a JSON object");
        }
        String type = text(target, "type");
        return switch (type) {
            case "token" -> {
                only(target, Set.of("type", "token"));
                yield new Token(text(target, "token"));
            }
            case "user" -> new User(userCriterion(target));
            case "sessions" -> new Sessions(userCriterion(target));
            case "client" -> {
                only(target, Set.of("type", "client_id"));
                yield new Client(clientId(text(target, "client_id")));
            }
            case "key" -> {
                only(target, Set.of("type", "kid"));
                yield new Key(text(target, "kid"));
            }
            default ->
                throw invalid("unknown target type '" + Printable.of(type) + "' (token, user, sessions, client, key)");
        };
    }

    private static UserCriterion userCriterion(JsonNode target) {
        List<String> attributes = new ArrayList<>();
        target.fieldNames().forEachRemaining(name -> {
            if (!name.equals("type")) {
                attributes.add(name);
            }
        });
        if (attributes.size() != 1
                || UserAttribute.fromName(attributes.getFirst()).isEmpty()) {
            throw invalid("name the user by exactly one of uid, email, mail, sub, phone_number");
        }
        return UserCriterion.of(attributes.getFirst(), text(target, attributes.getFirst()));
    }

    private static void only(JsonNode target, Set<String> members) {
        target.fieldNames().forEachRemaining(name -> {
            if (!members.contains(name)) {
                throw invalid("unexpected member '" + Printable.of(name) + "' in target");
            }
        });
    }

    private static String text(JsonNode node, String member) {
        JsonNode value = node.get(member);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw invalid("target needs the string member '" + member + "'");
        }
        return value.asText();
    }

    private static OAuthException invalid(String description) {
        return OAuthError.INVALID_REQUEST.exception(description);
    }
}
