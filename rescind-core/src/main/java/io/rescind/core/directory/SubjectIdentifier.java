package io.rescind.core.directory;

import com.fasterxml.jackson.databind.JsonNode;
import io.rescind.core.protocol.OAuthError;
import io.rescind.core.protocol.OAuthException;
import io.rescind.core.protocol.Printable;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code sub_id} of the global token revocation request (DESIGN §1.1): Janssen's {@code {"format": attr, "id": v}}
 * or a subject identifier of RFC 9493. Parsing throws {@code invalid_request} for a malformed or unknown format.
 */
public sealed interface SubjectIdentifier {
    /** One criterion naming at most one user. */
    record Single(UserCriterion criterion) implements SubjectIdentifier {}

    /** A user of another issuer ({@code iss_sub} with a foreign {@code iss}): never a user here. */
    record Foreign() implements SubjectIdentifier {}

    /** RFC 9493 {@code aliases}: every identifier must name the same user. */
    record Aliases(List<SubjectIdentifier> identifiers) implements SubjectIdentifier {}

    int MAX_ALIASES = 20;

    static SubjectIdentifier parse(JsonNode subId, String issuer) {
        return parse(subId, issuer, true);
    }

    private static SubjectIdentifier parse(JsonNode node, String issuer, boolean aliasesAllowed) {
        if (node == null || !node.isObject()) {
            throw invalid("sub_id must be a JSON object");
        }
        String format = text(node, "format");
        // Janssen's form: an attribute name in "format" and the value in "id" (RFC 9493's "opaque" also has "id").
        if (node.has("id") && !format.equals("opaque")) {
            return new Single(UserCriterion.of(format, text(node, "id")));
        }
        return switch (format) {
            case "opaque" -> new Single(new UserCriterion(UserAttribute.SUB, text(node, "id")));
            case "email" -> new Single(new UserCriterion(UserAttribute.EMAIL, text(node, "email")));
            case "phone_number" ->
                new Single(new UserCriterion(UserAttribute.PHONE_NUMBER, text(node, "phone_number")));
            case "iss_sub" ->
                text(node, "iss").equals(issuer)
                        ? new Single(new UserCriterion(UserAttribute.SUB, text(node, "sub")))
                        : new Foreign();
            case "account" -> {
                String uri = text(node, "uri");
                if (!uri.startsWith("acct:") || uri.length() <= 5) {
                    throw invalid("an account identifier is an acct: URI");
                }
                yield new Single(new UserCriterion(UserAttribute.EMAIL, uri.substring(5)));
            }
            case "aliases" -> {
                if (!aliasesAllowed) {
                    throw invalid("aliases cannot be nested");
                }
                JsonNode list = node.get("identifiers");
                if (list == null || !list.isArray() || list.isEmpty() || list.size() > MAX_ALIASES) {
                    throw invalid("aliases needs 1 to " + MAX_ALIASES + " identifiers");
                }
                var identifiers = new ArrayList<SubjectIdentifier>();
                list.forEach(item -> identifiers.add(parse(item, issuer, false)));
                yield new Aliases(identifiers);
            }
            default -> throw invalid("unknown sub_id format '" + Printable.of(format) + "'");
        };
    }

    private static String text(JsonNode node, String member) {
        JsonNode value = node.get(member);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw invalid("sub_id needs the string member '" + member + "'");
        }
        return value.asText();
    }

    private static OAuthException invalid(String description) {
        return OAuthError.INVALID_REQUEST.exception(description);
    }
}
